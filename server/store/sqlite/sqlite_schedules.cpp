// SqliteStore: scheduled messages (store/schedules.hpp). Claims and outcomes run on the one
// writer, so a claim (an UPDATE of the due rows, RETURNING them) is never interleaved with
// another; other processes on the same file wait for the writer's BEGIN IMMEDIATE.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace parley::store::sqlite {
namespace {

using util::fail;

#define PARLEY_SCHEDULE_COLUMNS                                                                            \
  "id, user_id, chat_id, content, time_zone, start, rrule, recipient_zone, state, next_at, sent_count, "   \
  "missed_count, last_sent_at, last_missed_at, last_message_id, reason, version, created_at, updated_at, " \
  "lease_owner, lease_until, attachments"

constexpr std::string_view kAdd =
    "INSERT INTO scheduled_messages (" PARLEY_SCHEDULE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1, ?17, ?18, NULL, NULL, ?19)";
constexpr std::string_view kKeepFiles =
    "UPDATE files SET attached = 1 WHERE owner_id = ?2 "
    "AND id IN (SELECT json_extract(value, '$.id') FROM json_each(?1))";
constexpr std::string_view kById = "SELECT " PARLEY_SCHEDULE_COLUMNS " FROM scheduled_messages WHERE id = ?1";
constexpr std::string_view kPending = "SELECT " PARLEY_SCHEDULE_COLUMNS
                                      " FROM scheduled_messages WHERE user_id = ?1 AND state = 'pending' "
                                      "AND (?2 = '' OR chat_id = ?2) ORDER BY next_at, id";
constexpr std::string_view kCountPending =
    "SELECT count(*) FROM scheduled_messages WHERE user_id = ?1 AND state = 'pending'";
constexpr std::string_view kUpdate =
    "UPDATE scheduled_messages SET content = ?3, time_zone = ?4, start = ?5, rrule = ?6, recipient_zone = ?7, "
    "state = ?8, next_at = ?9, reason = ?10, updated_at = ?11, version = version + 1 "
    "WHERE id = ?1 AND version = ?2 AND (lease_until IS NULL OR lease_until <= ?12) "
    "RETURNING " PARLEY_SCHEDULE_COLUMNS;
// The rows come back in no particular order (RETURNING).
constexpr std::string_view kClaimDue =
    "UPDATE scheduled_messages SET lease_owner = ?1, lease_until = ?2 + ?3 "
    "WHERE id IN (SELECT id FROM scheduled_messages WHERE state = 'pending' AND next_at <= ?2 "
    "             AND (lease_until IS NULL OR lease_until <= ?2) ORDER BY next_at, id LIMIT ?4) "
    "RETURNING " PARLEY_SCHEDULE_COLUMNS;
constexpr std::string_view kClaimOne =
    "UPDATE scheduled_messages SET lease_owner = ?2, lease_until = ?3 + ?4 "
    "WHERE id = ?1 AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?3) "
    "RETURNING " PARLEY_SCHEDULE_COLUMNS;
constexpr std::string_view kNextDue = "SELECT min(next_at) FROM scheduled_messages WHERE state = 'pending'";
constexpr std::string_view kFinish =
    "UPDATE scheduled_messages SET state = ?3, next_at = ?4, sent_count = ?5, missed_count = ?6, "
    "last_sent_at = ?7, last_missed_at = ?8, last_message_id = ?9, reason = ?10, updated_at = ?11, "
    "version = version + 1, lease_owner = NULL, lease_until = NULL "
    "WHERE id = ?1 AND lease_owner = ?2 RETURNING " PARLEY_SCHEDULE_COLUMNS;
constexpr std::string_view kRelease =
    "UPDATE scheduled_messages SET lease_owner = NULL, lease_until = ?3 WHERE id = ?1 AND lease_owner = ?2";

#undef PARLEY_SCHEDULE_COLUMNS

ScheduledMessage read_schedule(const Query& q) {
  ScheduledMessage s;
  s.id = q.text(0);
  s.user_id = q.text(1);
  s.chat_id = q.text(2);
  s.content = q.text(3);
  s.time_zone = q.text(4);
  s.start = q.text(5);
  s.rrule = q.optional_text(6);
  s.recipient_zone = q.int64(7) != 0;
  s.state = schedule_state_from(q.text(8)).value_or(ScheduleState::kCancelled);
  s.next_at = q.optional_int64(9);
  s.sent_count = q.int64(10);
  s.missed_count = q.int64(11);
  s.last_sent_at = q.optional_int64(12);
  s.last_missed_at = q.optional_int64(13);
  s.last_message_id = q.optional_text(14);
  s.reason = q.optional_text(15);
  s.version = q.int64(16);
  s.created_at = q.int64(17);
  s.updated_at = q.int64(18);
  s.lease_owner = q.optional_text(19);
  s.lease_until = q.optional_int64(20);
  s.attachments = q.optional_text(21);
  return s;
}

std::int64_t as_int64(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, std::numeric_limits<std::int64_t>::max()));
}

}  // namespace

Result<void> SqliteStore::add_schedule(const ScheduledMessage& s) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kAdd);
    q.bind(s.id, s.user_id, s.chat_id, s.content, s.time_zone, s.start, s.rrule, s.recipient_zone ? 1 : 0,
           schedule_state_name(s.state), s.next_at, s.sent_count, s.missed_count, s.last_sent_at, s.last_missed_at,
           s.last_message_id, s.reason, s.created_at, s.updated_at, s.attachments);
    if (auto r = q.run(); !r) return r;
    if (!s.attachments) return {};
    Query keep(db, kKeepFiles);
    return keep.bind(*s.attachments, s.user_id).run();
  });
}

Result<ScheduledMessage> SqliteStore::schedule(std::string_view id) {
  auto db = readers_->acquire();
  Query q(*db, kById);
  q.bind(id);
  if (q.next()) return read_schedule(q);
  return fail(q.failed() ? q.error() : Errc::kNotFound);
}

Result<std::vector<ScheduledMessage>> SqliteStore::pending_schedules(std::string_view user_id,
                                                                     std::string_view chat_id) {
  auto db = readers_->acquire();
  Query q(*db, kPending);
  q.bind(user_id, chat_id);
  std::vector<ScheduledMessage> out;
  while (q.next()) out.push_back(read_schedule(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::size_t> SqliteStore::count_pending_schedules(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kCountPending);
  q.bind(user_id);
  if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
  return static_cast<std::size_t>(q.int64(0));
}

Result<ScheduledMessage> SqliteStore::update_schedule(const ScheduledMessage& s, std::int64_t expected_version,
                                                      TimeMs now) {
  return write<ScheduledMessage>([&](Connection& db) -> Result<ScheduledMessage> {
    {
      Query q(db, kUpdate);
      q.bind(s.id, expected_version, s.content, s.time_zone, s.start, s.rrule, s.recipient_zone ? 1 : 0,
             schedule_state_name(s.state), s.next_at, s.reason, s.updated_at, now);
      if (q.next()) return read_schedule(q);
      if (q.failed()) return fail(q.error());
    }
    Query q(db, kById);
    q.bind(s.id);
    if (q.next()) return fail(Errc::kConflict);
    return fail(q.failed() ? q.error() : Errc::kNotFound);
  });
}

Result<std::vector<ScheduledMessage>> SqliteStore::claim_due_schedules(std::string_view owner, TimeMs now,
                                                                       TimeMs lease_ms, std::size_t limit) {
  if (limit == 0) return std::vector<ScheduledMessage>{};
  return write<std::vector<ScheduledMessage>>([&](Connection& db) -> Result<std::vector<ScheduledMessage>> {
    Query q(db, kClaimDue);
    q.bind(owner, now, lease_ms, as_int64(limit));
    std::vector<ScheduledMessage> out;
    while (q.next()) out.push_back(read_schedule(q));
    if (q.failed()) return fail(q.error());
    std::sort(out.begin(), out.end(), [](const ScheduledMessage& a, const ScheduledMessage& b) {
      return std::tie(a.next_at, a.id) < std::tie(b.next_at, b.id);
    });
    return out;
  });
}

Result<ScheduledMessage> SqliteStore::claim_schedule(std::string_view id, std::string_view owner, TimeMs now,
                                                     TimeMs lease_ms) {
  return write<ScheduledMessage>([&](Connection& db) -> Result<ScheduledMessage> {
    {
      Query q(db, kClaimOne);
      q.bind(id, owner, now, lease_ms);
      if (q.next()) return read_schedule(q);
      if (q.failed()) return fail(q.error());
    }
    Query q(db, kById);
    q.bind(id);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
    return fail(read_schedule(q).state == ScheduleState::kPending ? Errc::kConflict : Errc::kNotFound);
  });
}

Result<std::optional<TimeMs>> SqliteStore::next_schedule_due() {
  auto db = readers_->acquire();
  Query q(*db, kNextDue);
  if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
  return q.optional_int64(0);
}

Result<ScheduledMessage> SqliteStore::finish_schedule(const ScheduledMessage& s, std::string_view owner) {
  return write<ScheduledMessage>([&](Connection& db) -> Result<ScheduledMessage> {
    Query q(db, kFinish);
    q.bind(s.id, owner, schedule_state_name(s.state), s.next_at, s.sent_count, s.missed_count, s.last_sent_at,
           s.last_missed_at, s.last_message_id, s.reason, s.updated_at);
    if (q.next()) return read_schedule(q);
    return fail(q.failed() ? q.error() : Errc::kNotFound);
  });
}

Result<void> SqliteStore::release_schedule(std::string_view id, std::string_view owner, TimeMs retry_at) {
  return write<void>([&](Connection& db) -> Result<void> {
    Query q(db, kRelease);
    if (auto r = q.bind(id, owner, retry_at).run(); !r) return r;
    if (db.changes() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

}  // namespace parley::store::sqlite
