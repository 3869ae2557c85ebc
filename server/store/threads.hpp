// Replies, quotes and threads: what a message points at (the message it answers, the text it
// quotes, the thread it belongs to), a thread's summary on its root, and who follows which
// thread with their read position. Part of store.hpp (ThreadStore and the Message fields);
// the rules (what may be answered, what a quote must match) live in the domain.
//
// A thread reply is a message of its chat like any other, with the chat's next seq, so that
// catching up by seq stays gapless; the timeline (HistoryQuery::timeline) leaves out the
// replies that were not also sent to the chat. Each reply updates its root's summary and
// raises the root's change_seq (the change feed carries the new summary), and makes its sender
// follow the thread (the root's author follows it from its first reply).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

// The most participants a thread summary names (the latest repliers, newest first).
inline constexpr std::size_t kMaxThreadParticipants = 5;
inline constexpr std::size_t kMaxThreadPage = 200;
inline constexpr std::size_t kMaxFollowedPage = 100;

// What a reply shows of the message it answers, as it is now (edited text, or deleted). Not
// stored: the domain reads it with the message (ThreadStore::reply_targets).
struct ReplyPreview {
  std::string id;
  std::string sender_id;
  std::string sender_name;
  std::string excerpt;  // the start of its current text; empty when deleted
  bool deleted = false;

  bool operator==(const ReplyPreview&) const = default;
};

// A page of a thread's replies, oldest first: those after `after_seq` when given, otherwise
// the newest `limit` before `before_seq` (or the newest of all).
struct ThreadQuery {
  std::optional<std::int64_t> after_seq;
  std::optional<std::int64_t> before_seq;
  std::size_t limit = 50;  // 1..kMaxThreadPage (clamped)
};

// The threads a user follows, the latest reply first. The page starts after the thread whose
// last reply was at `before_at` with root `before_root` (both unset: from the start).
struct FollowedQuery {
  std::string user_id;
  std::optional<std::int64_t> before_at;
  std::string before_root;
  std::size_t limit = 50;  // 1..kMaxFollowedPage (clamped)
};

// A thread's participants after a reply of `sender`: they come first, the others follow in
// their order, at most kMaxThreadParticipants.
inline std::vector<std::string> thread_participants_after(const std::vector<std::string>& before,
                                                          const std::string& sender) {
  std::vector<std::string> out{sender};
  for (const auto& id : before) {
    if (out.size() == kMaxThreadParticipants) break;
    if (id != sender) out.push_back(id);
  }
  return out;
}

}  // namespace parley::store
