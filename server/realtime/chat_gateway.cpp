#include "realtime/chat_gateway.hpp"

#include "chat/wire.hpp"
#include "util/ids.hpp"
#include "util/metrics.hpp"
#include "util/serial.hpp"

#include <spdlog/spdlog.h>

#include <mutex>
#include <unordered_set>

namespace parley::realtime {

namespace json = boost::json;
using chat::Errc;

namespace {

// Consecutive `message` events of one socket that are still waiting for a worker: they are
// stored together in one append (one commit) and acknowledged one by one.
struct SendBatch {
  static constexpr std::size_t kMax = 256;
  std::mutex mutex;
  bool taken = false;                                    // guarded by mutex: a worker has started on it
  std::vector<std::pair<chat::SendRequest, Ack>> items;  // guarded by mutex
};

// The scopes a socket receives new messages of (chat ids, or Presence::kAllChats), as
// registered with presence. Each scope is added once and removed once; after close() nothing
// is added, so a request that races the disconnect cannot leave a receiver behind.
class Receiving {
 public:
  bool add(const std::string& scope) {
    std::lock_guard lock(mutex_);
    return !closed_ && scopes_.insert(scope).second;
  }
  bool remove(const std::string& scope) {
    std::lock_guard lock(mutex_);
    return scopes_.erase(scope) > 0;
  }
  std::vector<std::string> close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    std::vector<std::string> out(scopes_.begin(), scopes_.end());
    scopes_.clear();
    return out;
  }

 private:
  std::mutex mutex_;
  bool closed_ = false;                     // guarded by mutex_
  std::unordered_set<std::string> scopes_;  // guarded by mutex_
};

// What a connected socket carries: its user, the queue its requests run on, and the batch of
// sends that later sends may still join (touched only on the socket's shard).
struct SocketState {
  chat::Principal principal;
  std::shared_ptr<util::SerialQueue> queue;
  std::shared_ptr<SendBatch> open_batch;
  std::shared_ptr<util::KeyedCounter::Slot> slot;  // the socket's place in max_sockets_per_user
  bool inbox = false;                              // declared the "inbox" feature
  std::shared_ptr<Receiving> receiving = std::make_shared<Receiving>();
};

std::string session_room(std::string_view session_id) { return "session:" + std::string(session_id); }
std::string inbox_room(std::string_view user_id) { return "inbox:" + std::string(user_id); }
constexpr std::string_view kChatRoomPrefix = "chat:";

// Whether the handshake's auth payload lists `feature` in `features` (unknown names and
// malformed lists are ignored: a client declares what it can use, never what it must have).
bool declares(const json::value& auth, std::string_view feature) {
  const auto* o = auth.if_object();
  const auto* list = o ? o->if_contains("features") : nullptr;
  if (!list || !list->is_array()) return false;
  for (const auto& f : list->get_array()) {
    if (f.is_string() && f.get_string() == feature) return true;
  }
  return false;
}

json::value error_ack(const chat::Error& e) {
  return json::object{{"status", "error"}, {"code", chat::error_code(e.code)}, {"message", e.message}};
}

json::value error_ack(Errc code, std::string message) { return error_ack(chat::Error{code, std::move(message)}); }

json::object ok(json::object o = {}) {
  json::object out{{"status", "ok"}};
  for (auto& kv : o) out[kv.key()] = std::move(kv.value());
  return out;
}

std::string_view presence_name(bus::PresenceState s) {
  switch (s) {
    case bus::PresenceState::kOnline:
      return "online";
    case bus::PresenceState::kAway:
      return "away";
    case bus::PresenceState::kOffline:
      break;
  }
  return "offline";
}

json::value status_event(const store::StatusChange& c) {
  return json::object{{"messageId", c.message_id},
                      {"chatId", c.chat_id},
                      {"status", chat::status_name(c.aggregate)},
                      {"userId", c.user_id},
                      {"timestamp", util::iso8601(c.at)}};
}

}  // namespace

ChatGateway::ChatGateway(SocketIoServer& io, chat::AuthService& auth, util::WorkerPool& workers, GatewayOptions options)
    : io_(io), nsp_(io.of("/")), auth_(auth), workers_(workers), user_sockets_(options.max_sockets_per_user) {}

void ChatGateway::session_revoked(std::string_view session_id) {
  util::Metrics::global().revoked_sockets.add();
  nsp_.disconnect_sockets(session_room(session_id), "session:revoked",
                          json::object{{"reason", "logged_out"}, {"message", "You were signed out"}});
}

void ChatGateway::on(std::string event, Handler handler) {
  nsp_.on(event, [handler = std::move(handler), event](Socket& s, Payload& p, Ack ack) {
    auto* state = std::any_cast<SocketState>(&s.data);
    if (!state) return;
    state->open_batch.reset();  // sends after this request must not run before it
    // Every event takes one payload object; events without one accept nothing or {}.
    json::object args;
    if (!p.args.empty()) {
      if (p.args[0].is_object()) {
        args = std::move(p.args[0].get_object());
      } else if (!p.args[0].is_null()) {
        return ack(error_ack(Errc::kInvalidInput, "The payload of " + event + " must be an object"));
      }
    }
    state->queue->post([&handler, socket = s.shared_from_this(), user = state->principal.user_id,
                        args = std::move(args), ack = std::move(ack)] { handler(*socket, user, args, ack); });
  });
}

void ChatGateway::install(chat::ChatService& service) {
  chat_ = &service;
  nsp_.use([this](Socket& s, Namespace::Next next) {
    // The token comes in the handshake's auth payload or the Authorization header, never in the
    // URL, where it would end up in the logs of every proxy on the way.
    const auto* auth = s.auth().if_object();
    const auto* token = auth ? auth->if_contains("token") : nullptr;
    std::string text = token && token->is_string() ? std::string(token->get_string()) : std::string();
    if (text.empty()) text = s.request().authorization;
    if (text.empty()) return next(ConnectError{"No token provided", {}});
    workers_.post([this, socket = s.shared_from_this(), text = std::move(text), next = std::move(next)] {
      auto check = auth_.verify(text);
      if (!check.principal) {
        switch (check.error) {
          case chat::TokenError::kMissing:
            return next(ConnectError{"No token provided", {}});
          case chat::TokenError::kUserNotFound:
            return next(ConnectError{"User not found", {}});
          case chat::TokenError::kUnavailable:
            return next(ConnectError{"Service unavailable", {}});
          case chat::TokenError::kInvalid:
            break;
        }
        return next(ConnectError{"Invalid token", {}});
      }
      auto slot = user_sockets_.acquire(check.principal->user_id);
      if (!slot) {
        util::Metrics::global().refused_user_sockets.add();
        return next(ConnectError{"Too many connections",
                                 json::object{{"reason", "too_many_connections"},
                                              {"message", "This account has too many open connections"}}});
      }
      // Set before next() hands the socket back to its shard, which reads it from then on.
      SocketState state{*check.principal, std::make_shared<util::SerialQueue>(workers_), nullptr,
                        std::make_shared<util::KeyedCounter::Slot>(std::move(*slot))};
      state.inbox = declares(socket->auth(), "inbox");
      socket->data = std::move(state);
      next(std::nullopt);
    });
  });

  nsp_.on_connection([this](Socket& s) {
    const auto& state = std::any_cast<SocketState&>(s.data);
    const std::string& user = state.principal.user_id;
    s.join("user:" + user);
    s.join(session_room(state.principal.session_id));
    // A client that declared "inbox" is sent every chat's new messages, and receives them.
    const bool inbox = state.inbox && state.receiving->add(std::string(bus::Presence::kAllChats));
    if (inbox) s.join(inbox_room(user));
    // connection:established follows the presence change, so a client that has it is online for
    // everyone (on every instance) from then on.
    state.queue->post([this, user, inbox, socket = s.shared_from_this()] {
      chat_->device_connected(user);
      if (inbox) chat_->receive_all_chats(user);
      socket->emit("connection:established", Payload::of(json::object{{"userId", user}}));
    });
  });

  // A socket that leaves a chat's room (or its inbox) stops receiving it.
  nsp_.on_room_left([this](Socket& s, const std::string& room) {
    auto* state = std::any_cast<SocketState>(&s.data);
    if (!state) return;
    std::string scope;
    if (room.starts_with(kChatRoomPrefix)) {
      scope = room.substr(kChatRoomPrefix.size());
    } else if (room == inbox_room(state->principal.user_id)) {
      scope = bus::Presence::kAllChats;
    } else {
      return;
    }
    if (!state->receiving->remove(scope)) return;
    state->queue->post([this, user = state->principal.user_id, scope] { chat_->stop_receiving(user, scope); });
  });

  nsp_.on_disconnect([this](Socket& s, std::string_view) {
    auto* state = std::any_cast<SocketState>(&s.data);
    if (!state) return;
    if (state->slot) state->slot->reset();
    state->queue->post([this, user = state->principal.user_id, scopes = state->receiving->close()] {
      for (const auto& scope : scopes) chat_->stop_receiving(user, scope);
      chat_->device_disconnected(user);
    });
  });

  nsp_.on_unknown([](Socket&, Payload&, Ack ack) {
    if (ack.wanted()) ack(error_ack(Errc::kNotFound, "Unknown event"));
  });

  nsp_.on("message", [this](Socket& s, Payload& p, Ack ack) {
    auto* state = std::any_cast<SocketState>(&s.data);
    if (!state) return;
    const json::object* a = p.args.empty() ? nullptr : p.args[0].if_object();
    if (!a) return ack(error_ack(Errc::kInvalidInput, "The payload of message must be an object"));
    const auto chat_id = chat::string_field(*a, "chatId");
    const auto content = chat::string_field(*a, "content");
    if (!chat_id || !content) return ack(error_ack(Errc::kInvalidInput, "chatId and content must be strings"));
    chat::SendRequest request{*chat_id, *content, std::nullopt};
    if (const auto* c = a->if_contains("clientMessageId"); c && !c->is_null()) {
      if (!c->is_string()) return ack(error_ack(Errc::kInvalidInput, "clientMessageId must be a string"));
      request.client_message_id = std::string(c->get_string());
    }
    if (auto& open = state->open_batch) {
      std::lock_guard lock(open->mutex);
      if (!open->taken && open->items.size() < SendBatch::kMax) {
        open->items.emplace_back(std::move(request), std::move(ack));
        return;
      }
    }
    auto batch = std::make_shared<SendBatch>();
    batch->items.emplace_back(std::move(request), std::move(ack));
    state->open_batch = batch;
    state->queue->post([this, batch, socket = s.shared_from_this(), user = state->principal.user_id] {
      std::vector<std::pair<chat::SendRequest, Ack>> items;
      {
        std::lock_guard lock(batch->mutex);
        batch->taken = true;
        items = std::move(batch->items);
      }
      std::vector<chat::SendRequest> requests;
      requests.reserve(items.size());
      for (auto& item : items) requests.push_back(std::move(item.first));
      auto results = chat_->send_messages(user, requests);
      for (std::size_t i = 0; i < results.size(); ++i) {
        auto& r = results[i];
        if (!r) {
          items[i].second(error_ack(r.error()));
          continue;
        }
        socket->emit("message:ack", Payload::of(json::object{{"messageId", r->message.id}, {"seq", r->message.seq}}));
        items[i].second(chat::message_json(r->message));
      }
    });
  });

  on("message:read", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "messageId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "messageId must be a string"));
    auto r = chat_->mark_read(user, *id);
    if (!r) return ack(error_ack(r.error()));
    ack(ok());
  });

  on("chat:read", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "chatId");
    const auto* seq = a.if_contains("seq");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "chatId must be a string"));
    if (!seq || !seq->is_int64()) return ack(error_ack(Errc::kInvalidInput, "seq must be an integer"));
    auto r = chat_->read_up_to(user, *id, seq->get_int64());
    if (!r) return ack(error_ack(r.error()));
    ack(ok({{"count", r->size()}}));
  });

  on("chat:get", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto other = chat::string_field(a, "recipientId");
    if (!other) return ack(error_ack(Errc::kInvalidInput, "recipientId must be a string"));
    auto chat = chat_->open_private_chat(user, *other);
    if (!chat) return ack(error_ack(chat.error()));
    auto messages = chat_->history(user, chat->id, {});
    if (!messages) return ack(error_ack(messages.error()));
    ack(ok({{"chatId", chat->id}, {"chat", chat::chat_json(*chat)}, {"messages", chat::messages_json(*messages)}}));
  });

  on("chat:join", [this](Socket& s, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "chatId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "chatId must be a string"));
    // The socket receives the chat from here on (once, however often it joins): what is still
    // SENT to the user becomes DELIVERED, and so does what is stored from now on.
    // (`receiving` is set at the handshake and never replaced: reading it here is safe.)
    const auto& receiving = std::any_cast<SocketState&>(s.data).receiving;
    const bool first = receiving->add(*id);
    auto delivered = chat_->deliver_chat(user, *id, first);  // checks participation first
    if (!delivered) {
      if (first) receiving->remove(*id);
      return ack(error_ack(delivered.error()));
    }
    s.join(std::string(kChatRoomPrefix) + *id);
    ack(ok({{"message", "Joined chat " + *id}, {"chatId", *id}}));
  });

  on("chat:leave", [this](Socket& s, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "chatId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "chatId must be a string"));
    // This socket stops receiving before the answer (the user's other sockets as they leave).
    if (std::any_cast<SocketState&>(s.data).receiving->remove(*id)) chat_->stop_receiving(user, *id);
    nsp_.sockets_leave("user:" + user, std::string(kChatRoomPrefix) + *id);
    ack(json::object{{"success", true}, {"status", "ok"}});
  });

  on("chat:history", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "chatId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "chatId must be a string"));
    store::HistoryQuery q;
    if (const auto* v = a.if_contains("before"); v && v->is_string()) q.before_id = std::string(v->get_string());
    if (const auto* v = a.if_contains("afterSeq"); v && v->is_int64()) q.after_seq = v->get_int64();
    if (const auto* v = a.if_contains("limit"); v && v->is_int64() && v->get_int64() > 0) {
      q.limit = static_cast<std::size_t>(v->get_int64());
    }
    auto r = chat_->history(user, *id, q);
    if (!r) return ack(error_ack(r.error()));
    ack(ok({{"messages", chat::messages_json(*r)}}));
  });

  on("users:list", [this](Socket&, const std::string& user, const json::object&, Ack ack) {
    auto r = chat_->list_users(user);
    if (!r) return ack(error_ack(r.error()));
    json::array users;
    for (const auto& v : *r) users.push_back(chat::user_json(v.user, v.online));
    ack(ok({{"users", std::move(users)}}));
  });

  on("message:pin", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "messageId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "messageId must be a string"));
    auto r = chat_->pin(user, *id);
    if (!r) return ack(error_ack(r.error()));
    ack(ok({{"message", chat::message_json(*r)}}));
  });

  on("message:unpin", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "messageId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "messageId must be a string"));
    auto r = chat_->unpin(user, *id);
    if (!r) return ack(error_ack(r.error()));
    ack(ok({{"message", chat::message_json(*r)}}));
  });

  on("chat:get-pinned", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "chatId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "chatId must be a string"));
    auto r = chat_->pinned(user, *id);
    if (!r) return ack(error_ack(r.error()));
    ack(ok({{"messages", chat::messages_json(*r)}}));
  });

  on("message:forward", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "messageId");
    const auto to = chat::string_field(a, "toChatId");
    if (!id || !to) return ack(error_ack(Errc::kInvalidInput, "messageId and toChatId must be strings"));
    std::optional<std::string> comment;
    if (const auto* c = a.if_contains("additionalContent"); c && !c->is_null()) {
      if (!c->is_string()) return ack(error_ack(Errc::kInvalidInput, "additionalContent must be a string"));
      comment = std::string(c->get_string());
    }
    auto r = chat_->forward(user, {*id}, *to, std::move(comment));
    if (!r) return ack(error_ack(r.error()));
    json::object o{{"message", chat::message_json(r->messages.front())}};
    if (r->comment) o["comment"] = chat::message_json(*r->comment);
    ack(ok(std::move(o)));
  });

  on("message:forward-multiple", [this](Socket&, const std::string& user, const json::object& a, Ack ack) {
    const auto to = chat::string_field(a, "toChatId");
    const auto* ids = a.if_contains("messageIds");
    if (!to || !ids || !ids->is_array()) {
      return ack(error_ack(Errc::kInvalidInput, "messageIds must be an array and toChatId a string"));
    }
    if (ids->get_array().size() > chat_->options().max_forward) {
      return ack(error_ack(Errc::kInvalidInput,
                           "At most " + std::to_string(chat_->options().max_forward) + " messages per forward"));
    }
    std::vector<std::string> list;
    for (const auto& v : ids->get_array()) {
      if (!v.is_string()) return ack(error_ack(Errc::kInvalidInput, "messageIds must hold strings"));
      list.emplace_back(v.get_string());
    }
    std::optional<std::string> comment;
    if (const auto* c = a.if_contains("additionalContent"); c && c->is_string()) comment = std::string(c->get_string());
    auto r = chat_->forward(user, list, *to, std::move(comment));
    if (!r) return ack(error_ack(r.error()));
    json::object o{{"messages", chat::messages_json(r->messages)}};
    if (r->comment) o["comment"] = chat::message_json(*r->comment);
    ack(ok(std::move(o)));
  });

  on("user:get-online", [this](Socket&, const std::string&, const json::object&, Ack ack) {
    auto users = chat_->online_users();
    json::array ids;
    for (auto& u : users) ids.emplace_back(u);
    const auto count = ids.size();
    ack(ok({{"users", std::move(ids)}, {"count", count}}));
  });

  on("user:get-presence", [this](Socket&, const std::string&, const json::object& a, Ack ack) {
    const auto id = chat::string_field(a, "userId");
    if (!id) return ack(error_ack(Errc::kInvalidInput, "userId must be a string"));
    auto r = chat_->presence_of(*id);
    if (!r) return ack(error_ack(r.error()));
    json::object presence{{"userId", r->user_id}, {"status", presence_name(r->state)}};
    presence["lastSeen"] = r->last_seen ? json::value(*r->last_seen) : json::value(nullptr);
    ack(ok({{"presence", std::move(presence)}}));
  });
}

// To the chat's room (protocol.md §1), and to the inboxes of its participants' clients that
// declared the "inbox" feature.
void ChatGateway::message_created(const store::Chat& chat, const store::Message& message) {
  Broadcast b = nsp_.to(std::string(kChatRoomPrefix) + chat.id);
  for (const auto& p : chat.participants) b.to(inbox_room(p));
  b.emit("message", Payload::of(chat::message_json(message)));
}

void ChatGateway::status_changed(const std::vector<store::StatusChange>& changes) {
  for (const auto& c : changes) nsp_.to("user:" + c.sender_id).emit("message:status", Payload::of(status_event(c)));
}

void ChatGateway::message_pinned(const store::Message& message, bool pinned) {
  nsp_.to("chat:" + message.chat_id)
      .emit(pinned ? "message:pinned" : "message:unpinned", Payload::of(chat::message_json(message)));
}

void ChatGateway::presence_changed(std::string_view user_id, bool online, std::int64_t last_seen_ms) {
  json::object o{{"userId", user_id}, {"isOnline", online}};
  if (!online) o["lastSeen"] = last_seen_ms;
  nsp_.local().emit("users:update", Payload::of(std::move(o)));
}

json::value ChatGateway::event_list() {
  const auto e = [](std::string_view name, std::string_view payload, std::string_view ack, std::string_view emits) {
    return json::object{{"event", name}, {"payload", payload}, {"ack", ack}, {"emits", emits}};
  };
  json::array client{
      e("message", "{chatId, content, clientMessageId?}", "ChatMessage",
        "message:ack {messageId, seq} to the sender; message (ChatMessage) to chat:<chatId>, and to the "
        "participants' sockets that declared the inbox feature"),
      e("message:read", "{messageId}", "{status}", "message:status {messageId, status: READ} to user:<senderId>"),
      e("chat:read", "{chatId, seq}", "{status, count}", "message:status READ for each message up to seq"),
      e("chat:get", "{recipientId}", "{status, chatId, chat, messages}", ""),
      e("chat:join", "{chatId}", "{status, message}",
        "message:status DELIVERED for earlier messages; the socket receives the chat's messages from now on"),
      e("chat:leave", "{chatId}", "{success}", ""),
      e("chat:history", "{chatId, before?, afterSeq?, limit?}", "{status, messages}", ""),
      e("users:list", "", "{status, users}", ""),
      e("message:pin", "{messageId}", "{status, message}", "message:pinned to chat:<chatId>"),
      e("message:unpin", "{messageId}", "{status, message}", "message:unpinned to chat:<chatId>"),
      e("chat:get-pinned", "{chatId}", "{status, messages}", ""),
      e("message:forward", "{messageId, toChatId, additionalContent?}", "{status, message, comment?}",
        "message to chat:<toChatId>"),
      e("message:forward-multiple", "{messageIds (<= 100), toChatId, additionalContent?}",
        "{status, messages, comment?}", "message per forwarded message"),
      e("user:get-online", "", "{status, users (ids), count}", ""),
      e("user:get-presence", "{userId}", "{status, presence: {userId, status, lastSeen}}", ""),
  };
  json::array server{
      e("connection:established", "{userId}", "", "after the handshake"),
      e("users:update", "{userId, isOnline, lastSeen?}", "", "first device connected / last disconnected"),
      e("message", "ChatMessage", "", ""),
      e("message:ack", "{messageId, seq}", "", ""),
      e("message:status", "{messageId, chatId, status, userId, timestamp}", "", ""),
      e("message:pinned", "ChatMessage", "", ""),
      e("message:unpinned", "ChatMessage", "", ""),
      e("session:revoked", "{reason, message}", "", "the session was signed out; the server disconnects next"),
  };
  json::array features{json::object{
      {"name", "inbox"},
      {"description",
       "the socket is sent the new messages of every chat of its user, not only of the chats it joined, and "
       "they count as DELIVERED to the user as they are sent (without it: only the joined chats' messages, as "
       "the prototype's clients expect, and a message is DELIVERED once a device of the recipient joins its chat)"}}};
  return json::object{{"namespace", "/"},
                      {"auth",
                       "{token, features?}: the JWT, with or without 'Bearer ' (or the Authorization header; never the "
                       "URL), and the names of the optional features the client uses"},
                      {"features", std::move(features)},
                      {"errors", "failed requests acknowledge {status: 'error', code, message}"},
                      {"clientToServer", std::move(client)},
                      {"serverToClient", std::move(server)}};
}

}  // namespace parley::realtime
