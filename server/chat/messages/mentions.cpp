#include "chat/messages/mentions.hpp"

#include "chat/store_errors.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace parley::chat {

Field mentions_field() {
  return optional_string_list("mentions", kMaxMentions)
      .describe("the participants the text mentions (@name), by id; others are dropped");
}

Field mentions_all_field() {
  return optional_field("mentionsAll", FieldType::kBoolean)
      .describe("mentions everyone in a group (@all): its owner and admins only");
}

store::Mentions mentions_of(const boost::json::object& args) {
  return store::Mentions{.users = text_list(args, "mentions"),
                         .all = optional_boolean(args, "mentionsAll").value_or(false)};
}

Result<store::Mentions> allowed_mentions(Core& core, const store::Chat& chat, const std::string& sender,
                                         std::optional<store::Role> role, store::Mentions requested) {
  store::Mentions out;
  if (requested.all && chat.group) {
    if (!role) {
      auto me = core.store.member(chat.id, sender);
      if (!me) return store_failure(me.error(), "Chat");
      role = me->role;
    }
    if (*role < store::Role::kAdmin) return fail(Errc::kForbidden, "Only admins can mention everyone");
    out.all = true;
  }
  std::unordered_set<std::string> seen;
  for (auto& id : requested.users) {
    if (id == sender || !seen.insert(id).second) continue;
    bool participant = std::find(chat.participants.begin(), chat.participants.end(), id) != chat.participants.end();
    if (!participant && chat.participants_truncated) {
      auto member = core.store.member(chat.id, id);
      if (!member && member.error() != store::Errc::kNotFound) return store_failure(member.error(), "Chat");
      participant = static_cast<bool>(member);
    }
    if (participant) out.users.push_back(std::move(id));
  }
  return out;
}

bool mentions(const store::Message& message, const std::string& user_id) {
  if (message.sender_id == user_id) return false;
  if (message.mentions.all) return true;
  const auto& users = message.mentions.users;
  return std::find(users.begin(), users.end(), user_id) != users.end();
}

}  // namespace parley::chat
