// Mentions in the domain: whom a message sent or edited mentions, as the sender asked
// (`mentions: [userId]`, `mentionsAll`), kept to the chat's participants, never the sender; the
// whole group only by its owner and admins. And whether a message mentions one person. Safe
// from any thread; reads the store for a group too large to list its members.
#pragma once

#include "chat/core.hpp"
#include "chat/errors.hpp"
#include "chat/schema.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace parley::chat {

// The most people one message mentions by name.
inline constexpr std::size_t kMaxMentions = 50;

// The mentions and mentionsAll fields of a message sent or edited (checked by their schema).
Field mentions_field();
Field mentions_all_field();
store::Mentions mentions_of(const boost::json::object& args);

// `requested` as `sender` may mention in `chat`: those not participants (or left) and the sender
// dropped, each once; `all` dropped outside groups. forbidden: `all` asked by a member who is
// not the group's owner or an admin (`role`: theirs, when known).
Result<store::Mentions> allowed_mentions(Core& core, const store::Chat& chat, const std::string& sender,
                                         std::optional<store::Role> role, store::Mentions requested);

// Whether `message` mentions `user_id` (by name, or everyone in a group).
bool mentions(const store::Message& message, const std::string& user_id);

}  // namespace parley::chat
