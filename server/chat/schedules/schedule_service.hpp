// Scheduled and recurring messages: a person writes a message to be sent into a chat later,
// once or by an RRULE (recurrence.hpp), at a local time in a time zone (theirs by default; in
// a private chat, optionally the other person's). Only the author sees a schedule until it
// fires. Each occurrence is sent through the normal send path (MessageService: seq, statuses,
// notifications, outbox) as the author, marked scheduled (scheduled_id.hpp).
//
// Firing, exactly once per occurrence: the scheduler (scheduler.hpp) claims due schedules
// from the store by lease (store/schedules.hpp), so that of several instances one takes each;
// the send is idempotent (the occurrence's client message id), so an attempt repeated after a
// crash stores nothing twice; the outcome (next occurrence, counts) is recorded by the lease's
// owner. An occurrence found more than `schedule_grace_ms` late (the server was down at its
// time) is not sent but counted missed, and the author is told. An author who can no longer
// send in the chat has the schedule cancelled with a reason. Edits wait for no send: a
// schedule being sent refuses them (conflict), and a schedule edited is claimed afresh.
//
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/messages/message_service.hpp"
#include "store/schedules.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

class FileService;

// What a person gives when scheduling, or changes when editing (absent: unchanged; for rrule,
// a null inner value: once).
struct ScheduleInput {
  std::optional<std::string> content;
  std::optional<std::string> start;  // "YYYY-MM-DDTHH:MM[:SS]", local
  std::optional<std::string> time_zone;
  std::optional<std::optional<std::string>> rrule;
  std::optional<bool> recipient_zone;
  std::optional<std::int64_t> version;  // edits: the version read (conflict when not the stored one)
  // New schedules: files it carries (ids of the author's finished uploads); `content` is then
  // their caption and may be empty. Edits keep the files.
  std::vector<std::string> attachments{};
};

struct SentNow {
  store::Appended message;
  store::ScheduledMessage schedule;
};

class ScheduleService {
 public:
  static constexpr store::TimeMs kLeaseMs = 60'000;
  static constexpr store::TimeMs kRetryMs = 5'000;  // after a send that may pass (rate limits, the store busy)
  static constexpr store::TimeMs kMaxAheadMs = 366LL * 24 * 3600 * 1000;
  static constexpr std::size_t kMaxMissedCounted = 1000;

  ScheduleService(Core& core, MessageService& messages, FileService& files);

  // A new schedule in a chat the actor may send in; invalid_input names what is wrong (the
  // first occurrence must be in the future and at most a year ahead); rate_limited past
  // max_scheduled_per_user pending ones.
  Result<store::ScheduledMessage> create(const Actor& actor, std::string_view chat_id, const ScheduleInput& input);
  // The actor's pending schedules (of one chat: not_found when they are not in it), by next
  // occurrence.
  Result<std::vector<store::ScheduledMessage>> list(const Actor& actor, std::string_view chat_id);
  Result<std::vector<store::ScheduledMessage>> list_all(const Actor& actor);
  // One of the actor's schedules, pending or ended (to learn how it ended); not_found for
  // another person's or one of another chat.
  Result<store::ScheduledMessage> get(const Actor& actor, std::string_view chat_id, std::string_view id);
  // not_found for another person's schedule, one of another chat, or one that ended.
  Result<store::ScheduledMessage> change(const Actor& actor, std::string_view chat_id, std::string_view id,
                                         const ScheduleInput& input);
  Result<void> cancel(const Actor& actor, std::string_view chat_id, std::string_view id);
  // Sends the next occurrence now; a recurring schedule goes on from the one after.
  Result<SentNow> send_now(const Actor& actor, std::string_view chat_id, std::string_view id);
  // The first occurrences of a timing not saved yet (at most `limit`, from now on).
  Result<std::vector<std::int64_t>> preview(const Actor& actor, const ScheduleInput& input, std::size_t limit);

  // The scheduler's side. Leases up to `limit` due schedules to this process.
  Result<std::vector<store::ScheduledMessage>> claim_due(std::size_t limit);
  // Sends (or counts missed) the occurrence of a schedule this process leased, and records the
  // outcome.
  void fire(const store::ScheduledMessage& leased);
  // The earliest next occurrence of any pending schedule (any process's).
  Result<std::optional<store::TimeMs>> next_due();
  // Called with a schedule's next occurrence whenever one is created or changed here, so that
  // the scheduler can wake earlier than it planned. Set once, before any request.
  void on_scheduled(std::function<void(store::TimeMs)> listener) { on_scheduled_ = std::move(listener); }

  const std::string& owner() const { return owner_; }

 private:
  // The schedule, the actor's, in `chat_id`, pending.
  Result<store::ScheduledMessage> own_pending(const Actor& actor, std::string_view chat_id, std::string_view id);
  // Checks `s`'s text and, when `timing_changed`, its timing: sets its zone (the other
  // person's, with recipient_zone) and its next occurrence after now (`first`: at most a year
  // ahead).
  Result<void> settle(const Actor& actor, const store::Chat& chat, store::ScheduledMessage& s, bool first, bool timing);
  std::string zone_of_user(const std::string& user_id);
  // The outcome of sending the leased occurrence at `at` (or of missing it), recorded.
  Result<store::ScheduledMessage> advance(store::ScheduledMessage s, store::TimeMs at, store::TimeMs now);
  void announce(const store::ScheduledMessage& s);

  // The send of one occurrence.
  static SendRequest request_of(const store::ScheduledMessage& s, store::TimeMs at);

  Core& core_;
  MessageService& messages_;
  FileService& files_;
  std::string owner_;
  std::function<void(store::TimeMs)> on_scheduled_;
};

}  // namespace parley::chat
