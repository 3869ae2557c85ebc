// The Socket.IO face of the chat: authenticates handshakes, tracks each user's devices, maps
// the client events of the compatibility contract (protocol.md §1.3) to domain operations, and
// turns the domain's Events into emits to rooms. Handlers only decode, call and encode.
//
// Rooms: "user:<id>" holds all of a user's sockets; "chat:<id>" the sockets that joined a chat
// (for a group, also its members' inbox sockets);
// "inbox:<id>" the user's sockets that declared the "inbox" feature; "session:<id>" the
// sockets of one login. The client events are tables per feature (event_table.hpp).
// Threading: handlers run on the socket's shard and hand the operation to the worker pool,
// one queue per socket so that a client's requests keep their order; acknowledgements and
// emits are thread-safe.
#pragma once

#include "chat/auth.hpp"
#include "chat/events.hpp"
#include "chat/services.hpp"
#include "realtime/event_table.hpp"
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
  // Every socket of the user, on every instance, hears session:revoked (reason "suspended") and
  // is disconnected.
  void user_suspended(const std::string& user_id);
  // Every socket of the user, on every instance, hears moderation:notice (a warning, a mute, a
  // held message approved or rejected).
  void moderation_notice(const store::ModerationNotice& notice);

  // Installs the middleware and handlers on namespace "/", served by `chat`.
  void install(chat::Services& chat);

  void message_created(const store::Chat& chat, const store::Message& message) override;
  void status_changed(const std::vector<store::StatusChange>& changes) override;
  void message_pinned(const store::Message& message, bool pinned) override;
  void message_edited(const store::Chat& chat, const store::Message& message) override;
  void thread_updated(const store::Chat& chat, const store::Message& root) override;
  void thread_read(std::string_view user_id, const store::Message& root, std::int64_t read_seq,
                   std::int64_t unread) override;
  void reactions_changed(const store::Chat& chat, const store::Reacted& r, std::string_view user_id,
                         std::string_view emoji) override;
  void reactions_read(std::string_view user_id, std::string_view chat_id) override;
  void messages_deleted(const store::Chat& chat, const std::vector<store::Message>& tombstones) override;
  void messages_hidden(std::string_view user_id, std::string_view chat_id,
                       const std::vector<std::string>& message_ids) override;
  void chat_created(const store::Chat& chat) override;
  void receipts_changed(const store::Chat& chat, std::int64_t delivered_floor, std::int64_t read_floor) override;
  void group_changed(const store::Chat& chat, const std::vector<std::string>& added,
                     const std::vector<std::string>& removed, const std::vector<store::Message>& lines) override;
  void presence_changed(std::string_view user_id, bool online, std::int64_t last_seen_ms) override;
  void privacy_changed(std::string_view user_id, const store::Privacy& before, const chat::PrivacyView& now) override;
  void blocks_changed(std::string_view user_id, std::string_view other_id, bool blocked, std::int64_t at) override;
  // Another instance changed `user_id`'s privacy settings (Core::privacy has read them again):
  // this instance's sockets hear their presence as they may see it now. Any thread.
  void privacy_heard(const std::string& user_id);
  void emoji_changed(std::string_view scope) override;
  void notifications_changed(std::string_view user_id, const chat::NotificationView& view) override;
  void settings_changed(std::string_view user_id, const store::SettingsDocument& after) override;
  void scheduled_changed(const store::ScheduledMessage& after) override;
  void templates_changed(std::string_view user_id, std::string_view chat_id) override;
  void export_changed(const store::DataExport& e) override;
  // In a cluster, set before serving: tells the other instances whose settings changed.
  std::function<void(const std::string& user_id)> privacy_peers;

  // The machine-readable list of events served at /api/events.json, from the tables installed.
  boost::json::value event_list() const;

 private:
  // Registers `spec` with its payload check and, unless it runs on the shard, the socket's queue.
  void add(const EventSpec& spec);
  // The rooms that hear a chat: a group's room; a private chat's room and its two inboxes.
  Broadcast to_chat(const store::Chat& chat);
  // Joins an inbox socket to the rooms of the user's groups; false when they cannot be read.
  // Reads them again after joining and leaves any the user was removed from meanwhile (a
  // removal that committed between the read and the join would otherwise miss this socket).
  bool join_groups(Socket& socket, const chat::Actor& actor);
  // Sends `update` (a users:update about `user_id`) to the sockets of this instance that hear
  // that user's presence and may see it (privacy_policy.hpp); with `hidden_update`, the
  // others hear that instead. Reads the store: on presence_queue_.
  void announce_presence(const std::string& user_id, boost::json::object update,
                         std::optional<boost::json::object> hidden_update);
  // The user's presence as it is, announced again (after a change of their settings).
  void reannounce_presence(const std::string& user_id);

  Namespace& nsp_;
  chat::AuthService& auth_;
  chat::Services* chat_ = nullptr;
  std::unique_ptr<EventContext> context_;
  std::vector<EventSpec> specs_;  // filled by install(); the handlers refer to its entries
  util::WorkerPool& workers_;
  util::KeyedCounter user_sockets_;
  // Presence announcements in the order the presence backend made them (they may read the
  // store: who may see whom).
  std::shared_ptr<util::SerialQueue> presence_queue_;
};

}  // namespace parley::realtime
