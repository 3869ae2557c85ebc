// The Socket.IO face of the chat: authenticates handshakes, tracks each user's devices, maps
// the client events of the compatibility contract (protocol.md §1.3) to domain operations, and
// turns the domain's Events into emits to rooms. Handlers only decode, call and encode.
//
// Rooms: "user:<id>" holds all of a user's sockets; "chat:<id>" the sockets that joined a chat.
// Threading: handlers run on the socket's shard and hand the operation to the worker pool,
// one queue per socket so that a client's requests keep their order; acknowledgements and
// emits are thread-safe.
#pragma once

#include "chat/auth.hpp"
#include "chat/chat_service.hpp"
#include "chat/events.hpp"
#include "realtime/socketio_server.hpp"
#include "util/keyed_counter.hpp"
#include "util/workers.hpp"

namespace parley::realtime {

struct GatewayOptions {
  std::size_t max_sockets_per_user = 32;  // on this instance; 0: no limit
};

class ChatGateway final : public chat::Events {
 public:
  ChatGateway(SocketIoServer& io, chat::AuthService& auth, util::WorkerPool& workers, GatewayOptions options = {});

  // A session was revoked (logout): each of its sockets, on every instance, gets
  // `session:revoked {reason, message}` and is disconnected. Any thread.
  void session_revoked(std::string_view session_id);

  // Installs the middleware and handlers on namespace "/", served by `chat`.
  void install(chat::ChatService& chat);

  void message_created(const store::Chat& chat, const store::Message& message) override;
  void status_changed(const std::vector<store::StatusChange>& changes) override;
  void message_pinned(const store::Message& message, bool pinned) override;
  void presence_changed(std::string_view user_id, bool online, std::int64_t last_seen_ms) override;

  // The machine-readable list of events served at /api/events.json.
  static boost::json::value event_list();

 private:
  using Handler = std::function<void(Socket&, const std::string& user, const boost::json::object& args, Ack ack)>;
  // Registers `event` with a payload object check and the per-socket queue.
  void on(std::string event, Handler handler);

  SocketIoServer& io_;
  Namespace& nsp_;
  chat::AuthService& auth_;
  chat::ChatService* chat_ = nullptr;
  util::WorkerPool& workers_;
  util::KeyedCounter user_sockets_;
};

}  // namespace parley::realtime
