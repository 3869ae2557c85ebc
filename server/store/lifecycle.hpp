// Messages after they are sent: edits with their history, deletion for everyone (tombstones)
// and for oneself (hidden), and the change feed a device reads after being away. Part of
// store.hpp (LifecycleStore); the rules (who may edit or delete, the windows) live in the
// domain (server/chat/messages).
//
// The change feed: every change to a message already sent (an edit, a deletion, a pin or
// unpin, a message hidden by someone) raises its chat's change_seq by one and gives the new
// value to the message (or to the hiding); `changes` lists what changed after a change_seq the
// device saw, so it needs no full reload. Edits create no seq: the feed is how they travel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parley::store {

// One version of a message's text, and when it was written.
struct TextVersion {
  std::string content;
  std::int64_t at = 0;

  bool operator==(const TextVersion&) const = default;
};

struct ChangeQuery {
  std::int64_t since = 0;   // the change_seq the device saw last
  std::string viewer;       // whose hidden messages to list
  std::size_t limit = 200;  // 1..kMaxChangePage (clamped): messages and hidden ids together
};

inline constexpr std::size_t kMaxChangePage = 500;

}  // namespace parley::store
