// Reactions: who put which emoji on which message, each message's counts, the reactions on a
// person's messages they have not looked at yet, and each person's most used emoji. Part of
// store.hpp (ReactionStore and Message::reactions); what an emoji is and the limits' values
// are the domain's.
//
// A message keeps its counts (Message::reactions, by first use) beside the rows of
// message_reactions, recomputed from those rows in the transaction that changes them, so that
// concurrent reactions of many people always add up. A change raises the message's change_seq
// (the change feed carries the new counts) and writes its outbox event.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

inline constexpr std::size_t kMaxReactorPage = 200;
inline constexpr std::size_t kMaxFrequentEmoji = 100;

// One emoji on a message and how many people put it there.
struct ReactionCount {
  std::string emoji;
  std::int64_t count = 0;

  bool operator==(const ReactionCount&) const = default;
};

// Adds (on), removes (!on) or toggles (no `on`) `user_id`'s `emoji` on a message. kNotFound: no
// such message; kInvalid: the message is deleted or not a text message; kLimit: adding would
// give the user more than `max_per_user` reactions on it, or it more than `max_distinct`
// different emoji.
struct ReactionChange {
  std::string message_id;
  std::string user_id;
  std::string emoji;
  std::optional<bool> on;
  std::int64_t at = 0;
  std::size_t max_per_user = 3;
  std::size_t max_distinct = 20;
};

// One person's reaction, for the list of who reacted.
struct Reactor {
  std::string user_id;
  std::string name;
  std::string emoji;
  std::int64_t at = 0;

  bool operator==(const Reactor&) const = default;
};

// Who reacted to a message (with `emoji` only, when given), oldest first, after the reaction
// (after_at, after_user, after_emoji) when after_at is set.
struct ReactorQuery {
  std::string message_id;
  std::optional<std::string> emoji;
  std::optional<std::int64_t> after_at;
  std::string after_user;
  std::string after_emoji;
  std::size_t limit = 50;  // 1..kMaxReactorPage (clamped)
};

// The reactions of others on a person's messages in one chat that they have not seen yet.
struct UnreadReactions {
  std::string chat_id;
  std::int64_t count = 0;
  std::string latest_message_id;  // the message of the latest of them

  bool operator==(const UnreadReactions&) const = default;
};

struct EmojiUse {
  std::string emoji;
  std::int64_t uses = 0;
  std::int64_t last_used_at = 0;

  bool operator==(const EmojiUse&) const = default;
};

// A message's counts as the stores keep them in one text column: "emoji count" lines, in
// their order (an emoji holds neither a space nor a line break).
inline std::string encode_reactions(const std::vector<ReactionCount>& reactions) {
  std::string out;
  for (const auto& r : reactions) {
    if (!out.empty()) out += '\n';
    out += r.emoji;
    out += ' ';
    out += std::to_string(r.count);
  }
  return out;
}

inline std::vector<ReactionCount> decode_reactions(std::string_view text) {
  std::vector<ReactionCount> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto space = line.rfind(' ');
    if (space == std::string_view::npos) continue;
    std::int64_t count = 0;
    const auto digits = line.substr(space + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), count).ec != std::errc()) continue;
    out.push_back(ReactionCount{std::string(line.substr(0, space)), count});
  }
  return out;
}

}  // namespace parley::store
