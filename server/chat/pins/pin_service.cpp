#include "chat/pins/pin_service.hpp"

#include "chat/store_errors.hpp"

namespace parley::chat {

Result<store::Message> PinService::pin(const Actor& actor, std::string_view message_id) {
  auto m = core_.access.message(actor.user_id, message_id);
  if (!m) return util::fail(m.error());
  auto pinned = core_.store.pin(m->id, actor.user_id, core_.now(), core_.options.max_pins);
  if (!pinned) return store_failure(pinned.error(), "Message");
  core_.announce_updated(*pinned);
  core_.events.message_pinned(*pinned, true);
  return std::move(*pinned);
}

Result<store::Message> PinService::unpin(const Actor& actor, std::string_view message_id) {
  auto m = core_.access.message(actor.user_id, message_id);
  if (!m) return util::fail(m.error());
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
