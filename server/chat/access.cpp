#include "chat/access.hpp"

#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <algorithm>

namespace parley::chat {

bool Access::is_participant(const store::Chat& chat, std::string_view user_id) {
  return std::find(chat.participants.begin(), chat.participants.end(), user_id) != chat.participants.end();
}

Result<store::Chat> Access::chat(const std::string& actor, std::string_view chat_id) const {
  if (!util::is_uuid(chat_id)) return fail(Errc::kInvalidInput, "chatId must be a UUID");
  auto chat = chats_.chat_by_id(chat_id);
  if (!chat) return store_failure(chat.error(), "Chat");
  // A large group lists only its first members: the others are looked up.
  const bool member =
      is_participant(*chat, actor) || (chat->participants_truncated && groups_.member(chat->id, actor).ok());
  if (!member) return fail(Errc::kForbidden, "You are not a participant of this chat");
  return std::move(*chat);
}

Result<store::Message> Access::message(const std::string& actor, std::string_view message_id,
                                       store::Chat* chat_out) const {
  if (!util::is_uuid(message_id)) return fail(Errc::kInvalidInput, "messageId must be a UUID");
  auto m = messages_.message_by_id(message_id);
  if (!m) return store_failure(m.error(), "Message");
  auto chat = this->chat(actor, m->chat_id);
  if (!chat) return util::fail(chat.error());
  if (chat_out) *chat_out = std::move(*chat);
  return std::move(*m);
}

}  // namespace parley::chat
