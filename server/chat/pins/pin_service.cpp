#include "chat/pins/pin_service.hpp"

#include "chat/store_errors.hpp"

namespace parley::chat {

// In a group, pinning follows its pin policy.
Result<void> PinService::may_pin(const store::Chat& chat, const Actor& actor) const {
  if (!chat.group || chat.group->settings.pin == store::Policy::kEveryone) return {};
  auto me = core_.store.member(chat.id, actor.user_id);
  if (!me) return store_failure(me.error(), "Chat");
  if (me->role < store::Role::kAdmin) return fail(Errc::kForbidden, "Only admins can pin messages in this group");
  return {};
}

Result<store::Message> PinService::pin(const Actor& actor, std::string_view message_id) {
  store::Chat chat;
  auto m = core_.access.message(actor.user_id, message_id, &chat);
  if (!m) return util::fail(m.error());
  if (auto ok = may_pin(chat, actor); !ok) return util::fail(ok.error());
  auto pinned = core_.store.pin(m->id, actor.user_id, core_.now(), core_.options.max_pins);
  if (!pinned) return store_failure(pinned.error(), "Message");
  core_.announce_updated(*pinned);
  core_.events.message_pinned(*pinned, true);
  return std::move(*pinned);
}

Result<store::Message> PinService::unpin(const Actor& actor, std::string_view message_id) {
  store::Chat chat;
  auto m = core_.access.message(actor.user_id, message_id, &chat);
  if (!m) return util::fail(m.error());
  if (auto ok = may_pin(chat, actor); !ok) return util::fail(ok.error());
  auto unpinned = core_.store.unpin(m->id);
  if (!unpinned) return store_failure(unpinned.error(), "Message");
  core_.announce_updated(*unpinned);
  core_.events.message_pinned(*unpinned, false);
  return std::move(*unpinned);
}

Result<std::vector<store::Message>> PinService::pinned(const Actor& actor, std::string_view chat_id) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  auto messages = core_.store.pinned(chat->id);
  if (!messages) return store_failure(messages.error(), "Chat");
  return std::move(*messages);
}

}  // namespace parley::chat
