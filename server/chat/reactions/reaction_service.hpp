// Reactions: a person puts emoji on a message (several different ones, up to the server's
// limits) or takes them back; everyone in the chat sees the counts live, the message's author
// hears of others' reactions and keeps an unread count per chat until they look; each
// person's most used emoji come first in their picker. Reactions are checked emoji
// (util/emoji.hpp): exactly one RGI emoji, or the :shortcode: of a custom emoji of the server's
// set or the chat's group (emoji/).
// Safe from any thread; reads and writes the store, then announces through Core.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/emoji/emoji_service.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct ReactorPage {
  std::vector<store::Reactor> reactors;  // oldest first
  std::optional<std::string> next;       // the cursor of the next page, when there may be one
};

class ReactionService {
 public:
  ReactionService(Core& core, EmojiService& emoji) : core_(core), emoji_(emoji) {}

  // Adds (on), removes (!on) or toggles (no `on`) the caller's `emoji` on a message of a chat
  // they are in; the message after, with the caller's own reactions set.
  Result<store::Reacted> react(const Actor& actor, std::string_view message_id, std::string_view emoji,
                               std::optional<bool> on);
  // Who reacted to a message (with `emoji` only, when given); `cursor`: empty for the first
  // page, else a previous page's `next`.
  Result<ReactorPage> reactors(const Actor& actor, std::string_view message_id, std::optional<std::string_view> emoji,
                               std::string_view cursor, std::size_t limit);
  // The reactions of others on the caller's messages that they have not seen, per chat.
  Result<std::vector<store::UnreadReactions>> unread(const Actor& actor);
  // The caller looked at a chat's reactions: its unread count is 0 on all their devices.
  Result<std::int64_t> read(const Actor& actor, std::string_view chat_id);
  // The caller used these emoji in a message (each is counted for their picker).
  Result<void> used(const Actor& actor, const std::vector<std::string>& emoji);
  Result<std::vector<store::EmojiUse>> frequent(const Actor& actor, std::size_t limit);

 private:
  Core& core_;
  EmojiService& emoji_;
};

// An emoji as a reaction takes it (normalized), or the error saying why it is not one.
Result<std::string> reaction_emoji(std::string_view text);

// Sets my_reactions on the messages of `page` with reactions: those of `user_id`.
Result<void> attach_my_reactions(Core& core, const std::string& user_id, std::vector<store::Message>& page);

}  // namespace parley::chat
