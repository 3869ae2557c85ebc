// Scheduled messages: text a person wrote to be sent later in a chat, once or by a recurrence
// rule, evaluated in a time zone (the rules are the domain's: chat/schedules). The store keeps
// each schedule with the instant of its next occurrence and hands due ones out by lease, so
// that of any number of instances each occurrence is taken by one:
// - claim_due_schedules leases pending schedules whose next_at has come to one owner until
//   now + lease_ms (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: its one writer);
// - the owner records the outcome with finish_schedule (next occurrence, counts, state), which
//   also ends the lease; a lease that ran out (its instance died) is taken again by the next
//   claim, so an occurrence may be attempted twice: the domain's sends are idempotent;
// - while leased, a schedule cannot be edited (kConflict): an edit never races a send.
// Apart from store.hpp (Store::schedules()), so that only what schedules is built against it.
#pragma once

#include "store/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

enum class ScheduleState { kPending, kDone, kCancelled };

// "pending", "done", "cancelled", as stored.
inline const char* schedule_state_name(ScheduleState state) {
  switch (state) {
    case ScheduleState::kPending:
      return "pending";
    case ScheduleState::kDone:
      return "done";
    case ScheduleState::kCancelled:
      return "cancelled";
  }
  return "cancelled";
}
inline std::optional<ScheduleState> schedule_state_from(std::string_view name) {
  for (auto s : {ScheduleState::kPending, ScheduleState::kDone, ScheduleState::kCancelled}) {
    if (name == schedule_state_name(s)) return s;
  }
  return std::nullopt;
}

struct ScheduledMessage {
  std::string id;
  std::string user_id;  // the author
  std::string chat_id;
  std::string content;
  std::string time_zone;  // IANA name
  std::string start;      // the first occurrence, local time in time_zone: "YYYY-MM-DDTHH:MM:SS"
  std::optional<std::string> rrule;
  bool recipient_zone = false;  // private chats: time_zone follows the other participant's
  ScheduleState state = ScheduleState::kPending;
  std::optional<TimeMs> next_at;  // pending: the next occurrence
  std::int64_t sent_count = 0;
  std::int64_t missed_count = 0;
  std::optional<TimeMs> last_sent_at;
  std::optional<TimeMs> last_missed_at;  // the occurrence skipped last
  std::optional<std::string> last_message_id;
  std::optional<std::string> reason;  // why the server cancelled it
  std::int64_t version = 1;           // rises by one with every write
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::optional<std::string> lease_owner;
  std::optional<TimeMs> lease_until;
  // The files it carries, as messages show them (a JSON array of attachments, store/files.hpp);
  // set when it is stored, kept as they are.
  std::optional<std::string> attachments;
};

class ScheduleStore {
 public:
  virtual ~ScheduleStore() = default;

  // Stores a new schedule (version 1, no lease) and, in the same transaction, marks the files
  // of its attachments that are its author's as in use (the files' sweep keeps them as it keeps
  // those messages carry). kNotFound: no such user or chat; kConflict: the id is taken.
  virtual Result<void> add_schedule(const ScheduledMessage& schedule) = 0;
  // kNotFound: no such schedule.
  virtual Result<ScheduledMessage> schedule(std::string_view id) = 0;
  // The user's pending schedules (of one chat when chat_id is not empty), by next_at, then id.
  virtual Result<std::vector<ScheduledMessage>> pending_schedules(std::string_view user_id,
                                                                  std::string_view chat_id) = 0;
  // How many pending schedules the user has.
  virtual Result<std::size_t> count_pending_schedules(std::string_view user_id) = 0;
  // Writes what a person may change (content, time_zone, start, rrule, recipient_zone, state,
  // next_at, reason, updated_at) when the stored version is `expected_version` and no lease is
  // live at `now`; returns the schedule as stored (version + 1). kNotFound: no such schedule;
  // kConflict: another write came between, or it is being sent.
  virtual Result<ScheduledMessage> update_schedule(const ScheduledMessage& schedule, std::int64_t expected_version,
                                                   TimeMs now) = 0;
  // Leases to `owner`, until now + lease_ms, up to `limit` pending schedules due at `now`
  // (next_at <= now) whose lease is not live, the earliest first; returns them leased.
  virtual Result<std::vector<ScheduledMessage>> claim_due_schedules(std::string_view owner, TimeMs now, TimeMs lease_ms,
                                                                    std::size_t limit) = 0;
  // Leases one pending schedule, due or not ("send now"). kNotFound: no such schedule or not
  // pending; kConflict: its lease is live.
  virtual Result<ScheduledMessage> claim_schedule(std::string_view id, std::string_view owner, TimeMs now,
                                                  TimeMs lease_ms) = 0;
  // The earliest next_at of the pending schedules, leased or not; none when there are none.
  virtual Result<std::optional<TimeMs>> next_schedule_due() = 0;
  // Records an occurrence's outcome (state, next_at, the counts and last_*, reason,
  // updated_at) on a schedule leased to `owner`, ends the lease; returns it as stored
  // (version + 1). kNotFound: not leased to `owner` any more.
  virtual Result<ScheduledMessage> finish_schedule(const ScheduledMessage& schedule, std::string_view owner) = 0;
  // Gives a lease back without an outcome; the schedule may be claimed again from `retry_at`.
  virtual Result<void> release_schedule(std::string_view id, std::string_view owner, TimeMs retry_at) = 0;
};

}  // namespace parley::store
