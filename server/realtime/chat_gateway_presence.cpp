// ChatGateway: presence and what changes it (privacy settings, blocks, new private chats), and the
// custom emoji sets' notices. See chat_gateway.hpp.
#include "realtime/chat_gateway.hpp"

#include "chat/exports/export_wire.hpp"
#include "chat/moderation/block_wire.hpp"
#include "chat/notifications/notification_settings.hpp"
#include "chat/privacy/privacy_wire.hpp"
#include "chat/schedules/schedule_wire.hpp"
#include "chat/settings/settings_wire.hpp"

namespace parley::realtime {

namespace json = boost::json;

namespace {

// Who hears a user's presence on this instance: the sockets that hear everyone's, the user's
// contacts' sockets that declared "scoped-presence", and the sockets that subscribed to them.
Broadcast presence_audience(Namespace& nsp, std::string_view user_id) {
  return nsp.local().to(std::string(kEveryonesPresence)).to(presence_room(user_id)).to(watch_room(user_id));
}

}  // namespace

// To the sockets of this instance that hear everyone's presence, the user's contacts' sockets
// that declared "scoped-presence", and the sockets that subscribed to the user; of those, the
// ones whose user may see it (privacy_policy.hpp).
void ChatGateway::presence_changed(std::string_view user_id, bool online, std::int64_t last_seen_ms) {
  json::object o{{"userId", user_id}, {"isOnline", online}};
  if (!online) o["lastSeen"] = last_seen_ms;
  // Called on the presence backend's thread, which must not block. While nobody hides their
  // presence, to all at once; otherwise who may see it is read on the queue.
  if (const auto known = chat_ ? chat_->privacy_policy().cached() : nullptr; known && !known->any_hidden) {
    presence_audience(nsp_, user_id).emit("users:update", Payload::of(std::move(o)));
    return;
  }
  presence_queue_->post([this, user = std::string(user_id), o = std::move(o)]() mutable {
    announce_presence(user, std::move(o), std::nullopt);
  });
}

void ChatGateway::announce_presence(const std::string& user_id, json::object update,
                                    std::optional<json::object> hidden_update) {
  if (!chat_) return;
  auto& policy = chat_->privacy_policy();
  const auto snapshot = policy.snapshot();
  if (!snapshot) return;  // nothing rather than too much
  const auto rooms = [&] { return presence_audience(nsp_, user_id); };
  if (!(*snapshot)->any_hidden) {
    rooms().emit("users:update", Payload::of(std::move(update)));
    return;
  }
  auto lens = policy.lens(user_id);
  if (!lens) return;
  const auto sees = [lens = *lens](const Socket& s) {
    const auto* state = std::any_cast<SocketState>(&s.data);
    return state != nullptr && lens.mutual(state->principal.user_id);
  };
  rooms().only(sees).emit("users:update", Payload::of(std::move(update)));
  if (hidden_update) {
    rooms()
        .only([sees](const Socket& s) { return !sees(s); })
        .emit("users:update", Payload::of(std::move(*hidden_update)));
  }
}

void ChatGateway::reannounce_presence(const std::string& user_id) {
  presence_queue_->post([this, user_id] {
    const auto p = chat_->people.presence_of_many(chat::Actor(user_id, ""), {user_id});
    if (!p || p->empty()) return;
    const bool online = p->front().state != bus::PresenceState::kOffline;
    json::object o{{"userId", user_id}, {"isOnline", online}};
    o["lastSeen"] = p->front().last_seen && !online ? json::value(*p->front().last_seen) : json::value(nullptr);
    announce_presence(user_id, std::move(o),
                      json::object{{"userId", user_id}, {"isOnline", false}, {"lastSeen", nullptr}});
  });
}

void ChatGateway::privacy_changed(std::string_view user_id, const store::Privacy& before,
                                  const chat::PrivacyView& now) {
  const std::string user(user_id);
  nsp_.to(user_room(user)).emit("privacy:updated", Payload::of(chat::privacy_json(now)));
  if (privacy_peers) privacy_peers(user);
  const auto& after = now.settings;
  if (before.last_seen != after.last_seen || before.always != after.always || before.never != after.never) {
    reannounce_presence(user);
  }
}

void ChatGateway::privacy_heard(const std::string& user_id) { reannounce_presence(user_id); }

// To the blocker's devices; and the two no longer see (or again see) each other's presence, on
// every instance: the other instances read both again on the notices.
void ChatGateway::blocks_changed(std::string_view user_id, std::string_view other_id, bool blocked, std::int64_t at) {
  const std::string user(user_id);
  const std::string other(other_id);
  nsp_.to(user_room(user)).emit("blocks:updated", Payload::of(chat::block_change_json(other, blocked, at)));
  if (privacy_peers) {
    privacy_peers(user);
    privacy_peers(other);
  }
  reannounce_presence(user);
  reannounce_presence(other);
}

// The server's set: to every socket; a group's: to its room (its members' inbox sockets too).
void ChatGateway::emoji_changed(std::string_view scope) {
  if (scope.empty()) {
    nsp_.emit("emoji:updated", Payload::of(json::object{{"chatId", nullptr}}));
    return;
  }
  nsp_.to(chat_room(scope)).emit("emoji:updated", Payload::of(json::object{{"chatId", scope}}));
}

void ChatGateway::notifications_changed(std::string_view user_id, const chat::NotificationView& view) {
  nsp_.to(user_room(std::string(user_id))).emit("notifications:updated", Payload::of(chat::notifications_json(view)));
}

void ChatGateway::settings_changed(std::string_view user_id, const store::SettingsDocument& after) {
  nsp_.to(user_room(std::string(user_id))).emit("settings:updated", Payload::of(chat::settings_json(after)));
}

void ChatGateway::scheduled_changed(const store::ScheduledMessage& after) {
  nsp_.to(user_room(after.user_id))
      .emit("scheduled:updated", Payload::of(json::object{{"scheduled", chat::schedule_json(after)}}));
}

// A group's canned responses: to its room (its members' inbox sockets too); a person's own: to
// their devices.
void ChatGateway::export_changed(const store::DataExport& e) {
  nsp_.to(user_room(e.user_id)).emit("export:progress", Payload::of(chat::export_json(e, std::nullopt)));
}

void ChatGateway::templates_changed(std::string_view user_id, std::string_view chat_id) {
  if (!chat_id.empty()) {
    nsp_.to(chat_room(chat_id)).emit("templates:updated", Payload::of(json::object{{"chatId", chat_id}}));
    return;
  }
  nsp_.to(user_room(std::string(user_id))).emit("templates:updated", Payload::of(json::object{{"chatId", nullptr}}));
}

// The participants of a new chat hear each other's presence from now on (on every instance).
// (Group members are not each other's contacts: a group of thousands would make everyone hear
// everyone's presence. A new group is group_changed's.)
void ChatGateway::chat_created(const store::Chat& chat) {
  if (chat.group) return;
  for (const auto& p : chat.participants) {
    for (const auto& q : chat.participants) {
      if (p != q) nsp_.sockets_join(user_room(p), presence_room(q));
    }
  }
}

}  // namespace parley::realtime
