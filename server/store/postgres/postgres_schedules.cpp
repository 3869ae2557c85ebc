// PostgresStore: scheduled messages (store/schedules.hpp). Each change but the first is one
// statement in its own transaction on a connection of jobs_ (as the job queue's), apart from the
// group-commit writer (a new schedule and the files it keeps go through the writer together). Claims lock their rows
// FOR UPDATE SKIP LOCKED, so that instances claiming at once each get other schedules and never wait for one another; a
// claim whose answer was lost leaves its schedules leased until the lease ends.
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace parley::store::postgres {
namespace {

using util::fail;

#define PARLEY_SCHEDULE_COLUMNS                                                                            \
  "id, user_id, chat_id, content, time_zone, start, rrule, recipient_zone, state, next_at, sent_count, "   \
  "missed_count, last_sent_at, last_missed_at, last_message_id, reason, version, created_at, updated_at, " \
  "lease_owner, lease_until, attachments"

constexpr std::string_view kAdd =
    "INSERT INTO scheduled_messages (" PARLEY_SCHEDULE_COLUMNS
    ") VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::boolean, $9::text, "
    "$10::bigint, $11::bigint, $12::bigint, $13::bigint, $14::bigint, $15::text, $16::text, 1, $17::bigint, "
    "$18::bigint, NULL, NULL, $19::text)";
constexpr std::string_view kKeepFiles =
    "UPDATE files SET attached = true WHERE owner_id = $2::text AND NOT attached "
    "AND id IN (SELECT f ->> 'id' FROM json_array_elements($1::json) f)";
constexpr std::string_view kById = "SELECT " PARLEY_SCHEDULE_COLUMNS " FROM scheduled_messages WHERE id = $1::text";
constexpr std::string_view kPending = "SELECT " PARLEY_SCHEDULE_COLUMNS
                                      " FROM scheduled_messages WHERE user_id = $1::text AND state = 'pending' "
                                      "AND ($2::text = '' OR chat_id = $2::text) ORDER BY next_at, id COLLATE \"C\"";
constexpr std::string_view kCountPending =
    "SELECT count(*) FROM scheduled_messages WHERE user_id = $1::text AND state = 'pending'";
constexpr std::string_view kUpdate =
    "UPDATE scheduled_messages SET content = $3::text, time_zone = $4::text, start = $5::text, rrule = $6::text, "
    "recipient_zone = $7::boolean, state = $8::text, next_at = $9::bigint, reason = $10::text, "
    "updated_at = $11::bigint, version = version + 1 "
    "WHERE id = $1::text AND version = $2::bigint AND (lease_until IS NULL OR lease_until <= $12::bigint) "
    "RETURNING " PARLEY_SCHEDULE_COLUMNS;
constexpr std::string_view kClaimDue =
    "UPDATE scheduled_messages s SET lease_owner = $1::text, lease_until = $2::bigint + $3::bigint "
    "FROM (SELECT id FROM scheduled_messages WHERE state = 'pending' AND next_at <= $2::bigint "
    "      AND (lease_until IS NULL OR lease_until <= $2::bigint) ORDER BY next_at LIMIT $4::bigint "
    "      FOR UPDATE SKIP LOCKED) due "
    "WHERE s.id = due.id "
    "RETURNING s.id, s.user_id, s.chat_id, s.content, s.time_zone, s.start, s.rrule, s.recipient_zone, s.state, "
    "s.next_at, s.sent_count, s.missed_count, s.last_sent_at, s.last_missed_at, s.last_message_id, s.reason, "
    "s.version, s.created_at, s.updated_at, s.lease_owner, s.lease_until, s.attachments";
constexpr std::string_view kClaimOne =
    "UPDATE scheduled_messages SET lease_owner = $2::text, lease_until = $3::bigint + $4::bigint "
    "WHERE id = $1::text AND state = 'pending' AND (lease_until IS NULL OR lease_until <= $3::bigint) "
    "RETURNING " PARLEY_SCHEDULE_COLUMNS;
constexpr std::string_view kNextDue = "SELECT min(next_at) FROM scheduled_messages WHERE state = 'pending'";
constexpr std::string_view kFinish =
    "UPDATE scheduled_messages SET state = $3::text, next_at = $4::bigint, sent_count = $5::bigint, "
    "missed_count = $6::bigint, last_sent_at = $7::bigint, last_missed_at = $8::bigint, "
    "last_message_id = $9::text, reason = $10::text, updated_at = $11::bigint, version = version + 1, "
    "lease_owner = NULL, lease_until = NULL "
    "WHERE id = $1::text AND lease_owner = $2::text RETURNING " PARLEY_SCHEDULE_COLUMNS;
constexpr std::string_view kRelease =
    "UPDATE scheduled_messages SET lease_owner = NULL, lease_until = $3::bigint "
    "WHERE id = $1::text AND lease_owner = $2::text";

#undef PARLEY_SCHEDULE_COLUMNS

ScheduledMessage read_schedule(const Rows& r, int row) {
  ScheduledMessage s;
  s.id = r.text(row, 0);
  s.user_id = r.text(row, 1);
  s.chat_id = r.text(row, 2);
  s.content = r.text(row, 3);
  s.time_zone = r.text(row, 4);
  s.start = r.text(row, 5);
  s.rrule = r.optional_text(row, 6);
  s.recipient_zone = r.boolean(row, 7);
  s.state = schedule_state_from(r.text(row, 8)).value_or(ScheduleState::kCancelled);
  s.next_at = r.optional_int64(row, 9);
  s.sent_count = r.int64(row, 10);
  s.missed_count = r.int64(row, 11);
  s.last_sent_at = r.optional_int64(row, 12);
  s.last_missed_at = r.optional_int64(row, 13);
  s.last_message_id = r.optional_text(row, 14);
  s.reason = r.optional_text(row, 15);
  s.version = r.int64(row, 16);
  s.created_at = r.int64(row, 17);
  s.updated_at = r.int64(row, 18);
  s.lease_owner = r.optional_text(row, 19);
  s.lease_until = r.optional_int64(row, 20);
  s.attachments = r.optional_text(row, 21);
  return s;
}

std::int64_t as_int64(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, std::numeric_limits<std::int64_t>::max()));
}

const char* boolean(bool b) { return b ? "true" : "false"; }

}  // namespace

Result<void> PostgresStore::add_schedule(const ScheduledMessage& s) {
  // The schedule and the files it keeps, in one transaction.
  return write<void>(lock_names({lock_key(s.user_id)}), [&](Connection& db) -> Result<void> {
    auto r = db.query(
        kAdd, Params(s.id, s.user_id, s.chat_id, s.content, s.time_zone, s.start, s.rrule, boolean(s.recipient_zone),
                     schedule_state_name(s.state), s.next_at, s.sent_count, s.missed_count, s.last_sent_at,
                     s.last_missed_at, s.last_message_id, s.reason, s.created_at, s.updated_at, s.attachments));
    if (!r) return fail(errc_of(r));
    if (s.attachments) {
      if (auto k = db.query(kKeepFiles, Params(*s.attachments, s.user_id)); !k) return fail(errc_of(k));
    }
    return {};
  });
}

Result<ScheduledMessage> PostgresStore::schedule(std::string_view id) {
  return read([&](Connection& db) -> Result<ScheduledMessage> {
    auto r = db.query(kById, Params(id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return read_schedule(*r, 0);
  });
}

Result<std::vector<ScheduledMessage>> PostgresStore::pending_schedules(std::string_view user_id,
                                                                       std::string_view chat_id) {
  return read([&](Connection& db) -> Result<std::vector<ScheduledMessage>> {
    auto r = db.query(kPending, Params(user_id, chat_id));
    if (!r) return fail(errc_of(r));
    std::vector<ScheduledMessage> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_schedule(*r, i));
    return out;
  });
}

Result<std::size_t> PostgresStore::count_pending_schedules(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::size_t> {
    auto r = db.query(kCountPending, Params(user_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kUnavailable);
    return static_cast<std::size_t>(r->int64(0, 0));
  });
}

Result<ScheduledMessage> PostgresStore::update_schedule(const ScheduledMessage& s, std::int64_t expected_version,
                                                        TimeMs now) {
  return job_change([&](Connection& db) -> Result<ScheduledMessage> {
    auto r = db.query(
        kUpdate, Params(s.id, expected_version, s.content, s.time_zone, s.start, s.rrule, boolean(s.recipient_zone),
                        schedule_state_name(s.state), s.next_at, s.reason, s.updated_at, now));
    if (!r) return fail(errc_of(r));
    if (!r->empty()) return read_schedule(*r, 0);
    auto found = db.query(kById, Params(s.id));
    if (!found) return fail(errc_of(found));
    return fail(found->empty() ? Errc::kNotFound : Errc::kConflict);
  });
}

Result<std::vector<ScheduledMessage>> PostgresStore::claim_due_schedules(std::string_view owner, TimeMs now,
                                                                         TimeMs lease_ms, std::size_t limit) {
  if (limit == 0) return std::vector<ScheduledMessage>{};
  return job_change([&](Connection& db) -> Result<std::vector<ScheduledMessage>> {
    auto r = db.query(kClaimDue, Params(owner, now, lease_ms, as_int64(limit)));
    if (!r) return fail(errc_of(r));
    std::vector<ScheduledMessage> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_schedule(*r, i));
    std::sort(out.begin(), out.end(), [](const ScheduledMessage& a, const ScheduledMessage& b) {
      return std::tie(a.next_at, a.id) < std::tie(b.next_at, b.id);
    });
    return out;
  });
}

Result<ScheduledMessage> PostgresStore::claim_schedule(std::string_view id, std::string_view owner, TimeMs now,
                                                       TimeMs lease_ms) {
  return job_change([&](Connection& db) -> Result<ScheduledMessage> {
    auto r = db.query(kClaimOne, Params(id, owner, now, lease_ms));
    if (!r) return fail(errc_of(r));
    if (!r->empty()) return read_schedule(*r, 0);
    auto found = db.query(kById, Params(id));
    if (!found) return fail(errc_of(found));
    if (found->empty()) return fail(Errc::kNotFound);
    return fail(read_schedule(*found, 0).state == ScheduleState::kPending ? Errc::kConflict : Errc::kNotFound);
  });
}

Result<std::optional<TimeMs>> PostgresStore::next_schedule_due() {
  return read([&](Connection& db) -> Result<std::optional<TimeMs>> {
    auto r = db.query(kNextDue, Params());
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kUnavailable);
    return r->optional_int64(0, 0);
  });
}

Result<ScheduledMessage> PostgresStore::finish_schedule(const ScheduledMessage& s, std::string_view owner) {
  return job_change([&](Connection& db) -> Result<ScheduledMessage> {
    auto r =
        db.query(kFinish, Params(s.id, owner, schedule_state_name(s.state), s.next_at, s.sent_count, s.missed_count,
                                 s.last_sent_at, s.last_missed_at, s.last_message_id, s.reason, s.updated_at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return read_schedule(*r, 0);
  });
}

Result<void> PostgresStore::release_schedule(std::string_view id, std::string_view owner, TimeMs retry_at) {
  return job_change([&](Connection& db) -> Result<void> {
    auto r = db.query(kRelease, Params(id, owner, retry_at));
    if (!r) return fail(errc_of(r));
    if (r->affected() == 0) return fail(Errc::kNotFound);
    return {};
  });
}

}  // namespace parley::store::postgres
