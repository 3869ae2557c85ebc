#include "realtime/chat_gateway.hpp"

#include "chat/moderation/moderation_wire.hpp"
#include "chat/reactions/reaction_wire.hpp"
#include "chat/wire.hpp"
#include "util/ids.hpp"
#include "util/metrics.hpp"

#include <spdlog/spdlog.h>

#include <unordered_set>
#include <utility>

namespace parley::realtime {

namespace json = boost::json;
using chat::Errc;

bool Receiving::add(const std::string& scope) {
  std::lock_guard lock(mutex_);
  return !closed_ && scopes_.insert(scope).second;
}

bool Receiving::remove(const std::string& scope) {
  std::lock_guard lock(mutex_);
  return scopes_.erase(scope) > 0;
}

std::vector<std::string> Receiving::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  std::vector<std::string> out(scopes_.begin(), scopes_.end());
  scopes_.clear();
  reading_.clear();
  return out;
}

std::pair<std::string, bool> Receiving::read(const std::string& scope) {
  std::lock_guard lock(mutex_);
  if (closed_ || scope == reading_) return {"", false};
  std::string before = std::exchange(reading_, scope);
  if (!before.empty()) scopes_.erase(before);
  if (!scope.empty()) scopes_.insert(scope);
  return {std::move(before), !scope.empty()};
}

json::value error_ack(const chat::Error& e) {
  json::object ack{{"status", "error"}, {"code", chat::error_code(e.code)}, {"message", e.message}};
  if (e.position >= 0) ack["position"] = e.position;
  return ack;
}

json::value error_ack(Errc code, std::string message) { return error_ack(chat::Error{code, std::move(message)}); }

json::object ok(json::object fields) {
  json::object out{{"status", "ok"}};
  for (auto& kv : fields) out[kv.key()] = std::move(kv.value());
  return out;
}

namespace {

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

json::value status_event(const store::StatusChange& c) {
  return json::object{{"messageId", c.message_id},
                      {"chatId", c.chat_id},
                      {"status", chat::status_name(c.aggregate)},
                      {"userId", c.user_id},
                      {"timestamp", util::iso8601(c.at)}};
}

}  // namespace

ChatGateway::ChatGateway(SocketIoServer& io, chat::AuthService& auth, util::WorkerPool& workers, GatewayOptions options)
    : nsp_(io.of("/")),
      auth_(auth),
      workers_(workers),
      user_sockets_(options.max_sockets_per_user),
      presence_queue_(std::make_shared<util::SerialQueue>(workers)) {}

void ChatGateway::session_revoked(std::string_view session_id) {
  util::Metrics::global().revoked_sockets.add();
  nsp_.disconnect_sockets(session_room(session_id), "session:revoked",
                          json::object{{"reason", "logged_out"}, {"message", "You were signed out"}});
}

void ChatGateway::user_suspended(const std::string& user_id) {
  util::Metrics::global().revoked_sockets.add();
  nsp_.disconnect_sockets(user_room(user_id), "session:revoked",
                          json::object{{"reason", "suspended"}, {"message", "Your account is suspended"}});
}

void ChatGateway::moderation_notice(const store::ModerationNotice& notice) {
  nsp_.to(user_room(notice.user_id)).emit("moderation:notice", Payload::of(chat::notice_json(notice)));
}

// Every event takes one payload object, checked against the entry's schema; an event without
// a payload is checked as {}.
void ChatGateway::add(const EventSpec& spec) {
  nsp_.on(spec.name, [&spec, &workers = workers_](Socket& s, Payload& p, Ack ack) {
    auto* state = std::any_cast<SocketState>(&s.data);
    if (!state) return;
    json::object args;
    if (!p.args.empty()) {
      if (p.args[0].is_object()) {
        args = std::move(p.args[0].get_object());
      } else if (!p.args[0].is_null()) {
        state->open_batch.reset();
        return ack(error_ack(Errc::kInvalidInput, "The payload of " + spec.name + " must be an object"));
      }
    }
    if (auto error = spec.payload.check(args)) {
      state->open_batch.reset();
      return ack(error_ack(*error));
    }
    // Bounded work: a socket with too many requests in flight, or a server whose workers are
    // all behind, refuses at once rather than queueing without limit.
    if (state->queue->pending() >= kMaxPendingPerSocket || workers.saturated()) {
      state->open_batch.reset();
      return ack(error_ack(Errc::kUnavailable, "The server is busy; try again in a moment"));
    }
    if (spec.run_on_shard) return spec.run_on_shard(s, *state, std::move(args), std::move(ack));
    state->open_batch.reset();  // sends after this request must not run before it
    state->queue->post([&spec, socket = s.shared_from_this(),
                        actor = chat::Actor(state->principal.user_id, state->principal.session_id),
                        args = std::move(args), ack = std::move(ack)] { spec.run(*socket, actor, args, ack); });
  });
}

void ChatGateway::install(chat::Services& service) {
  chat_ = &service;
  context_ = std::make_unique<EventContext>(EventContext{service, nsp_});
  // Who hides their presence, known before the first transition (read again on use if this fails).
  (void)service.privacy_policy().snapshot();
  nsp_.use([this](Socket& s, Namespace::Next next) {
    // The token comes in the handshake's auth payload or the Authorization header, never in the
    // URL, where it would end up in the logs of every proxy on the way.
    const auto* auth = s.auth().if_object();
    const auto* token = auth ? auth->if_contains("token") : nullptr;
    std::string text = token && token->is_string() ? std::string(token->get_string()) : std::string();
    if (text.empty()) text = s.request().authorization;
    if (text.empty()) return next(ConnectError{"No token provided", {}});
    auto shared_next = std::make_shared<Namespace::Next>(std::move(next));
    const bool queued = workers_.try_post([this, socket = s.shared_from_this(), text = std::move(text), shared_next] {
      auto& done = *shared_next;
      auto check = auth_.verify(text);
      if (!check.principal) {
        switch (check.error) {
          case chat::TokenError::kMissing:
            return done(ConnectError{"No token provided", {}});
          case chat::TokenError::kUserNotFound:
            return done(ConnectError{"User not found", {}});
          case chat::TokenError::kUnavailable:
            return done(ConnectError{"Service unavailable", {}});
          case chat::TokenError::kSuspended:
            return done(ConnectError{"Account suspended", {}});
          case chat::TokenError::kInvalid:
            break;
        }
        return done(ConnectError{"Invalid token", {}});
      }
      auto slot = user_sockets_.acquire(check.principal->user_id);
      if (!slot) {
        util::Metrics::global().refused_user_sockets.add();
        return done(ConnectError{"Too many connections",
                                 json::object{{"reason", "too_many_connections"},
                                              {"message", "This account has too many open connections"}}});
      }
      // Set before done() hands the socket back to its shard, which reads it from then on.
      SocketState state;
      state.principal = *check.principal;
      state.queue = std::make_shared<util::SerialQueue>(workers_);
      state.slot = std::make_shared<util::KeyedCounter::Slot>(std::move(*slot));
      state.inbox = declares(socket->auth(), "inbox");
      state.scoped_presence = declares(socket->auth(), "scoped-presence");
      socket->data = std::move(state);
      done(std::nullopt);
    });
    if (!queued) (*shared_next)(ConnectError{"Service unavailable", {}});
  });

  // Presence rooms hold this instance's sockets only: every instance hears each transition.
  nsp_.keep_local(std::string(kPresenceRoomPrefix));
  nsp_.keep_local(std::string(kWatchRoomPrefix));

  nsp_.on_connection([this](Socket& s) {
    const auto& state = std::any_cast<SocketState&>(s.data);
    const std::string& user = state.principal.user_id;
    s.join(user_room(user));
    s.join(session_room(state.principal.session_id));
    // A client that declared "inbox" is sent every chat's new messages, and receives them.
    const bool inbox = state.inbox && state.receiving->add(std::string(bus::Presence::kAllChats));
    if (inbox) s.join(inbox_room(user));
    // Without "scoped-presence", everyone's presence (the contract); with it, the contacts'.
    const bool scoped = state.scoped_presence;
    if (!scoped) s.join(std::string(kEveryonesPresence));
    // connection:established follows the presence change, so a client that has it is online for
    // everyone (on every instance) from then on; and it follows the joins of the contacts'
    // presence rooms, so the client hears every change of theirs from then on.
    state.queue->post([this, user, inbox, scoped, actor = chat::Actor(user, state.principal.session_id),
                       socket = s.shared_from_this()] {
      bool contacts_known = true;
      if (scoped) {
        if (auto contacts = chat_->people.contact_ids(actor)) {
          std::vector<std::string> rooms;
          rooms.reserve(contacts->size());
          for (const auto& id : *contacts) rooms.push_back(presence_room(id));
          socket->join(std::move(rooms));
        } else {
          contacts_known = false;
        }
      }
      // An inbox socket is in its groups' rooms (a group's messages go to its room only).
      if (inbox && contacts_known) contacts_known = join_groups(*socket, actor);
      // The disconnect handler counts the device and its receiving off again.
      chat_->devices.connected(user);
      if (inbox) chat_->devices.receive_all_chats(user);
      if (!contacts_known) {
        // Without its contacts the socket would miss their presence: the client reconnects.
        socket->disconnect(true);
        return;
      }
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
    state->queue->post([this, user = state->principal.user_id, scope] { chat_->devices.stop_receiving(user, scope); });
  });

  nsp_.on_disconnect([this](Socket& s, std::string_view) {
    auto* state = std::any_cast<SocketState>(&s.data);
    if (!state) return;
    if (state->slot) state->slot->reset();
    chat_->typing.disconnected(s.id());
    state->queue->post([this, user = state->principal.user_id, scopes = state->receiving->close()] {
      for (const auto& scope : scopes) chat_->devices.stop_receiving(user, scope);
      chat_->devices.disconnected(user);
    });
  });

  nsp_.on_unknown([](Socket&, Payload&, const Ack& ack) {
    if (ack.wanted()) ack(error_ack(Errc::kNotFound, "Unknown event"));
  });

  for (auto* table :
       {&message_events, &chat_events, &pin_events, &forward_events, &people_events, &group_events, &lifecycle_events,
        &thread_events, &reaction_events, &typing_events, &search_events, &notification_events}) {
    for (auto& spec : (*table)(*context_)) specs_.push_back(std::move(spec));
  }
  for (const auto& spec : specs_) add(spec);
}

// To the chat's room (protocol.md §1), and to the inboxes of its participants' clients that
// declared the "inbox" feature.
bool ChatGateway::join_groups(Socket& socket, const chat::Actor& actor) {
  auto groups = chat_->conversations.group_ids(actor);
  if (!groups) return false;
  if (groups->empty()) return true;
  std::vector<std::string> rooms;
  rooms.reserve(groups->size());
  for (const auto& id : *groups) rooms.push_back(chat_room(id));
  socket.join(rooms);
  auto again = chat_->conversations.group_ids(actor);
  if (!again) return false;
  const std::unordered_set<std::string> still(again->begin(), again->end());
  std::vector<std::string> gone;
  for (const auto& id : *groups) {
    if (!still.contains(id)) gone.push_back(chat_room(id));
  }
  if (!gone.empty()) socket.leave(std::move(gone));
  return true;
}

// A group's room holds its members' inbox sockets too (they join it at connect and when
// added): one room, however large the group. A private chat's goes to its two inboxes.
Broadcast ChatGateway::to_chat(const store::Chat& chat) {
  Broadcast b = nsp_.to(chat_room(chat.id));
  if (chat.group) return b;
  for (const auto& p : chat.participants) b.to(inbox_room(p));
  return b;
}

void ChatGateway::message_created(const store::Chat& chat, const store::Message& message) {
  to_chat(chat).emit("message", Payload::of(chat::message_json(message)));
}

void ChatGateway::message_edited(const store::Chat& chat, const store::Message& message) {
  to_chat(chat).emit("message:edited", Payload::of(chat::message_json(message)));
}

void ChatGateway::thread_updated(const store::Chat& chat, const store::Message& root) {
  to_chat(chat).emit("thread:updated", Payload::of(chat::thread_event(root)));
}

void ChatGateway::thread_read(std::string_view user_id, const store::Message& root, std::int64_t read_seq,
                              std::int64_t unread) {
  auto o = chat::thread_event(root);
  o["readSeq"] = read_seq;
  o["unread"] = unread;
  nsp_.to(user_room(user_id)).emit("thread:read", Payload::of(std::move(o)));
}

// The counts to the chat; the author's devices hear of others' reactions with their unread
// count (reaction:added for one put on).
void ChatGateway::reactions_changed(const store::Chat& chat, const store::Reacted& r, std::string_view user_id,
                                    std::string_view emoji) {
  to_chat(chat).emit("message:reactions", Payload::of(chat::reactions_event(r, user_id, emoji)));
  if (!r.author_unread) return;
  if (r.added) {
    nsp_.to(user_room(r.message.sender_id))
        .emit("reaction:added", Payload::of(json::object{{"messageId", r.message.id},
                                                         {"chatId", chat.id},
                                                         {"userId", user_id},
                                                         {"emoji", emoji},
                                                         {"unread", *r.author_unread}}));
  }
  nsp_.to(user_room(r.message.sender_id))
      .emit("reactions:unread", Payload::of(json::object{{"chatId", chat.id}, {"count", *r.author_unread}}));
}

void ChatGateway::reactions_read(std::string_view user_id, std::string_view chat_id) {
  nsp_.to(user_room(user_id)).emit("reactions:unread", Payload::of(json::object{{"chatId", chat_id}, {"count", 0}}));
}

// One event for the chat's deletions (a pinned one is also announced unpinned: the domain's).
void ChatGateway::messages_deleted(const store::Chat& chat, const std::vector<store::Message>& tombstones) {
  if (tombstones.empty()) return;
  json::array ids;
  for (const auto& m : tombstones) ids.emplace_back(m.id);
  const auto& first = tombstones.front();
  to_chat(chat).emit("message:deleted",
                     Payload::of(json::object{{"chatId", chat.id},
                                              {"messageIds", std::move(ids)},
                                              {"deletedBy", first.deleted_by.value_or("")},
                                              {"deletedAt", util::iso8601(first.deleted_at.value_or(0))},
                                              {"changeSeq", tombstones.back().change_seq}}));
}

void ChatGateway::messages_hidden(std::string_view user_id, std::string_view chat_id,
                                  const std::vector<std::string>& message_ids) {
  json::array ids;
  for (const auto& id : message_ids) ids.emplace_back(id);
  nsp_.to(user_room(user_id))
      .emit("message:hidden", Payload::of(json::object{{"chatId", chat_id}, {"messageIds", std::move(ids)}}));
}

void ChatGateway::status_changed(const std::vector<store::StatusChange>& changes) {
  for (const auto& c : changes) nsp_.to(user_room(c.sender_id)).emit("message:status", Payload::of(status_event(c)));
}

void ChatGateway::message_pinned(const store::Message& message, bool pinned) {
  nsp_.to(chat_room(message.chat_id))
      .emit(pinned ? "message:pinned" : "message:unpinned", Payload::of(chat::message_json(message)));
}

// To the group's room and its members' inboxes: the ticks of every message up to the floors.
void ChatGateway::receipts_changed(const store::Chat& chat, std::int64_t delivered_floor, std::int64_t read_floor) {
  to_chat(chat).emit(
      "chat:receipts",
      Payload::of(json::object{{"chatId", chat.id}, {"deliveredSeq", delivered_floor}, {"readSeq", read_floor}}));
}

// Removed members' devices leave the group's room (on every instance) and hear chat:removed;
// added ones join it and hear chat:added; then the change's lines; the members hear the group
// as it is now.
void ChatGateway::group_changed(const store::Chat& chat, const std::vector<std::string>& added,
                                const std::vector<std::string>& removed, const std::vector<store::Message>& lines) {
  for (const auto& u : removed) {
    nsp_.sockets_leave(user_room(u), chat_room(chat.id));
    nsp_.to(user_room(u)).emit("chat:removed", Payload::of(json::object{{"chatId", chat.id}}));
  }
  const auto shown = chat::chat_json(chat);
  for (const auto& u : added) {
    nsp_.sockets_join(inbox_room(u), chat_room(chat.id));
    nsp_.to(user_room(u)).emit("chat:added", Payload::of(shown));
  }
  // On another instance the added devices' joins may not have taken effect yet: the cluster
  // adapter sends the room's broadcasts to their inboxes meanwhile.
  for (const auto& line : lines) nsp_.to(chat_room(chat.id)).emit("message", Payload::of(chat::message_json(line)));
  if (chat.group && chat.group->version > 1) to_chat(chat).emit("chat:updated", Payload::of(shown));
}

}  // namespace parley::realtime
