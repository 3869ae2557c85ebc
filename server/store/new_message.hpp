// What an append writes for a new message's recipients, shared by the store backends: each
// recipient once (never the sender) with its first status, DELIVERED for those in
// NewMessage::delivered_to and SENT for the others, and the message's status, the lowest of
// them (SENT when there is no recipient).
#pragma once

#include "store/store.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace parley::store {

struct FirstStatuses {
  std::vector<std::pair<std::string, Status>> rows;  // recipient, status
  Status aggregate = Status::kSent;
};

inline FirstStatuses first_statuses(const NewMessage& m) {
  FirstStatuses out;
  bool all_delivered = true;
  for (const auto& r : m.recipients) {
    if (r == m.sender_id) continue;
    if (std::any_of(out.rows.begin(), out.rows.end(), [&](const auto& row) { return row.first == r; })) continue;
    const bool delivered = std::find(m.delivered_to.begin(), m.delivered_to.end(), r) != m.delivered_to.end();
    all_delivered = all_delivered && delivered;
    out.rows.emplace_back(r, delivered ? Status::kDelivered : Status::kSent);
  }
  out.aggregate = !out.rows.empty() && all_delivered ? Status::kDelivered : Status::kSent;
  return out;
}

// The DELIVERED rows of `stored` (just appended with `first`), as status changes.
inline std::vector<StatusChange> delivered_changes(const Message& stored, const FirstStatuses& first) {
  std::vector<StatusChange> out;
  for (const auto& [user, status] : first.rows) {
    if (status != Status::kDelivered) continue;
    out.push_back(StatusChange{stored.id, stored.chat_id, stored.sender_id, user, Status::kDelivered, stored.created_at,
                               first.aggregate});
  }
  return out;
}

}  // namespace parley::store
