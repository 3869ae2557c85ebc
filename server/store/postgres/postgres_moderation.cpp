// PostgresStore: blocks, reports, the audit log, staff (store/moderation.hpp). See
// postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kUsersExist = "SELECT count(*) FROM users WHERE id IN ($1::text, $2::text)";
constexpr std::string_view kCount = "SELECT count(*) FROM user_blocks WHERE user_id = $1::text";
constexpr std::string_view kBlock =
    "INSERT INTO user_blocks (user_id, blocked_id, created_at) VALUES ($1::text, $2::text, $3::bigint) "
    "ON CONFLICT DO NOTHING RETURNING 1";
constexpr std::string_view kUnblock =
    "DELETE FROM user_blocks WHERE user_id = $1::text AND blocked_id = $2::text RETURNING 1";
constexpr std::string_view kBlocksOf =
    "SELECT user_id, blocked_id, created_at FROM user_blocks WHERE user_id = $1::text "
    "ORDER BY created_at DESC, blocked_id COLLATE \"C\"";
constexpr std::string_view kBetween =
    "SELECT user_id = $1::text FROM user_blocks WHERE (user_id = $1::text AND blocked_id = $2::text) "
    "OR (user_id = $2::text AND blocked_id = $1::text)";
constexpr std::string_view kAll =
    "SELECT user_id, blocked_id, created_at FROM user_blocks "
    "ORDER BY user_id COLLATE \"C\", created_at DESC, blocked_id COLLATE \"C\"";

#define PARLEY_REPORT_COLUMNS                                                                            \
  "id, reporter_id, kind, target_id, user_id, chat_id, category, comment, context, status, created_at, " \
  "resolved_by, resolved_at, resolution"
constexpr std::string_view kReport = "SELECT " PARLEY_REPORT_COLUMNS " FROM reports WHERE id = $1::text";
constexpr std::string_view kReports =
    "SELECT " PARLEY_REPORT_COLUMNS
    " FROM reports WHERE ($1::text IS NULL OR reporter_id = $1::text) AND ($2::text IS NULL OR chat_id = $2::text) "
    "AND ($3::text IS NULL OR status = $3::text) AND ($4::text IS NULL OR category = $4::text) "
    "AND ($5::text = '' OR id COLLATE \"C\" < $5::text) ORDER BY id COLLATE \"C\" DESC LIMIT $6::bigint";
constexpr std::string_view kAddReport =
    "INSERT INTO reports (" PARLEY_REPORT_COLUMNS
    ") VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, 'open', "
    "$10::bigint, NULL, NULL, '') ON CONFLICT (id) DO NOTHING RETURNING 1";
#undef PARLEY_REPORT_COLUMNS
constexpr std::string_view kCloseReport =
    "UPDATE reports SET status = $2::text, resolution = $3::text, resolved_by = $4::text, resolved_at = $5::bigint "
    "WHERE id = $1::text AND status = 'open' RETURNING 1";
constexpr std::string_view kAddAudit =
    "INSERT INTO moderation_audit (id, actor_id, action, target_user_id, chat_id, report_id, reason, details, at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::bigint)";
constexpr std::string_view kAudit =
    "SELECT id, actor_id, action, target_user_id, chat_id, report_id, reason, details, at FROM moderation_audit "
    "WHERE ($1::text IS NULL OR chat_id = $1::text) AND ($2::text = '' OR id COLLATE \"C\" < $2::text) "
    "ORDER BY id COLLATE \"C\" DESC LIMIT $3::bigint";
constexpr std::string_view kStaff =
    "SELECT user_id, role, granted_at FROM server_roles ORDER BY granted_at, user_id COLLATE \"C\"";
constexpr std::string_view kSetStaff =
    "INSERT INTO server_roles (user_id, role, granted_at) VALUES ($1::text, $2::text, $3::bigint) "
    "ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at";
constexpr std::string_view kDropStaff = "DELETE FROM server_roles WHERE user_id = $1::text";
constexpr std::string_view kSuspend =
    "INSERT INTO suspensions (user_id, by_id, at, until, reason) VALUES ($1::text, $2::text, $3::bigint, $4::bigint, "
    "$5::text) ON CONFLICT (user_id) DO UPDATE SET by_id = excluded.by_id, at = excluded.at, until = excluded.until, "
    "reason = excluded.reason";
constexpr std::string_view kUnsuspend = "DELETE FROM suspensions WHERE user_id = $1::text RETURNING 1";
constexpr std::string_view kSuspension =
    "SELECT user_id, by_id, at, until, reason FROM suspensions WHERE user_id = $1::text";
constexpr std::string_view kSuspensions =
    "SELECT user_id, by_id, at, until, reason FROM suspensions ORDER BY at DESC, user_id COLLATE \"C\"";

std::vector<Suspension> suspensions_in(const Rows& rows) {
  std::vector<Suspension> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.text(i, 0), rows.text(i, 1), rows.int64(i, 2), rows.optional_int64(i, 3), rows.text(i, 4)});
  }
  return out;
}

std::vector<Report> reports_in(const Rows& rows) {
  std::vector<Report> out;
  for (int i = 0; i < rows.size(); ++i) {
    Report r;
    r.id = rows.text(i, 0);
    r.reporter_id = rows.text(i, 1);
    r.kind = rows.text(i, 2);
    r.target_id = rows.text(i, 3);
    r.user_id = rows.text(i, 4);
    r.chat_id = rows.text(i, 5);
    r.category = rows.text(i, 6);
    r.comment = rows.text(i, 7);
    r.context = rows.text(i, 8);
    r.status = rows.text(i, 9);
    r.created_at = rows.int64(i, 10);
    r.resolved_by = rows.optional_text(i, 11);
    r.resolved_at = rows.optional_int64(i, 12);
    r.resolution = rows.text(i, 13);
    out.push_back(std::move(r));
  }
  return out;
}

Result<Report> load_report(Connection& db, std::string_view id) {
  auto r = db.query(kReport, Params(id));
  if (!r) return fail(errc_of(r));
  auto found = reports_in(*r);
  if (found.empty()) return fail(Errc::kNotFound);
  return std::move(found.front());
}

std::vector<Block> blocks_in(const Rows& rows) {
  std::vector<Block> out;
  out.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back({rows.text(i, 0), rows.text(i, 1), rows.int64(i, 2)});
  return out;
}

}  // namespace

Result<void> insert_audit(Connection& db, const AuditEntry& a) {
  auto r = db.query(kAddAudit, Params(a.id, a.actor_id, a.action, a.target_user_id, a.chat_id, a.report_id, a.reason,
                                      a.details, a.at));
  if (!r) return fail(errc_of(r));
  return {};
}

Result<bool> PostgresStore::set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) {
  if (user_id == other_id) return fail(Errc::kInvalid);
  return write<bool>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<bool> {
    auto users = db.query(kUsersExist, Params(user_id, other_id));
    if (!users) return fail(errc_of(users));
    if (users->int64(0, 0) != 2) return fail(Errc::kNotFound);
    if (!blocked) {
      auto r = db.query(kUnblock, Params(user_id, other_id));
      if (!r) return fail(errc_of(r));
      return !r->empty();
    }
    auto count = db.query(kCount, Params(user_id));
    if (!count) return fail(errc_of(count));
    if (static_cast<std::size_t>(count->int64(0, 0)) >= kMaxBlocks) return fail(Errc::kInvalid);
    auto r = db.query(kBlock, Params(user_id, other_id, at));
    if (!r) return fail(errc_of(r));
    return !r->empty();
  });
}

Result<std::vector<Block>> PostgresStore::blocks_of(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<Block>> {
    auto r = db.query(kBlocksOf, Params(user_id));
    if (!r) return fail(errc_of(r));
    return blocks_in(*r);
  });
}

Result<std::pair<bool, bool>> PostgresStore::blocks_between(std::string_view a, std::string_view b) {
  return read([&](Connection& db) -> Result<std::pair<bool, bool>> {
    auto r = db.query(kBetween, Params(a, b));
    if (!r) return fail(errc_of(r));
    std::pair<bool, bool> out{false, false};
    for (int i = 0; i < r->size(); ++i) (r->boolean(i, 0) ? out.first : out.second) = true;
    return out;
  });
}

Result<std::vector<Block>> PostgresStore::all_blocks() {
  return read([&](Connection& db) -> Result<std::vector<Block>> {
    auto r = db.query(kAll, Params());
    if (!r) return fail(errc_of(r));
    return blocks_in(*r);
  });
}

Result<Report> PostgresStore::add_report(const Report& report) {
  return write<Report>({}, [&](Connection& db) -> Result<Report> {
    auto exists = user_exists(db, report.reporter_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r = db.query(
        kAddReport, Params(report.id, report.reporter_id, report.kind, report.target_id, report.user_id, report.chat_id,
                           report.category, report.comment, report.context, report.created_at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kConflict);
    return load_report(db, report.id);
  });
}

Result<Report> PostgresStore::report(std::string_view id) {
  return read([&](Connection& db) { return load_report(db, id); });
}

Result<std::vector<Report>> PostgresStore::reports(const ReportQuery& query) {
  return read([&](Connection& db) -> Result<std::vector<Report>> {
    auto r = db.query(kReports, Params(query.reporter_id, query.chat_id, query.status, query.category, query.before_id,
                                       static_cast<std::int64_t>(query.limit)));
    if (!r) return fail(errc_of(r));
    return reports_in(*r);
  });
}

Result<Report> PostgresStore::close_report(std::string_view id, std::string_view status, std::string_view resolution,
                                           const AuditEntry& audit) {
  return write<Report>(lock_names({lock_key("report:" + std::string(id))}), [&](Connection& db) -> Result<Report> {
    auto r = db.query(kCloseReport, Params(id, status, resolution, audit.actor_id, audit.at));
    if (!r) return fail(errc_of(r));
    if (r->empty()) {
      auto existing = load_report(db, id);
      if (!existing) return fail(existing.error());
      return fail(Errc::kInvalid);
    }
    if (auto a = insert_audit(db, audit); !a) return fail(a.error());
    return load_report(db, id);
  });
}

Result<void> PostgresStore::add_audit(const AuditEntry& entry) {
  return write<void>({}, [&](Connection& db) { return insert_audit(db, entry); });
}

Result<std::vector<AuditEntry>> PostgresStore::audit_log(const AuditQuery& query) {
  return read([&](Connection& db) -> Result<std::vector<AuditEntry>> {
    auto r = db.query(kAudit, Params(query.chat_id, query.before_id, static_cast<std::int64_t>(query.limit)));
    if (!r) return fail(errc_of(r));
    std::vector<AuditEntry> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->text(i, 5),
                     r->text(i, 6), r->text(i, 7), r->int64(i, 8)});
    }
    return out;
  });
}

Result<std::vector<StaffMember>> PostgresStore::staff() {
  return read([&](Connection& db) -> Result<std::vector<StaffMember>> {
    auto r = db.query(kStaff, Params());
    if (!r) return fail(errc_of(r));
    std::vector<StaffMember> out;
    for (int i = 0; i < r->size(); ++i) out.push_back({r->text(i, 0), r->text(i, 1), r->int64(i, 2)});
    return out;
  });
}

Result<void> PostgresStore::set_staff(std::string_view user_id, std::string_view role, const AuditEntry& audit) {
  return write<void>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<void> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r =
        role.empty() ? db.query(kDropStaff, Params(user_id)) : db.query(kSetStaff, Params(user_id, role, audit.at));
    if (!r) return fail(errc_of(r));
    return insert_audit(db, audit);
  });
}

Result<void> PostgresStore::suspend(const Suspension& suspension, const AuditEntry& audit) {
  return write<void>(lock_names({lock_key(suspension.user_id)}), [&](Connection& db) -> Result<void> {
    auto exists = user_exists(db, suspension.user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    auto r = db.query(kSuspend,
                      Params(suspension.user_id, suspension.by, suspension.at, suspension.until, suspension.reason));
    if (!r) return fail(errc_of(r));
    return insert_audit(db, audit);
  });
}

Result<bool> PostgresStore::unsuspend(std::string_view user_id, const AuditEntry& audit) {
  return write<bool>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<bool> {
    auto r = db.query(kUnsuspend, Params(user_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return false;
    if (auto a = insert_audit(db, audit); !a) return fail(a.error());
    return true;
  });
}

Result<std::optional<Suspension>> PostgresStore::suspension(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::optional<Suspension>> {
    auto r = db.query(kSuspension, Params(user_id));
    if (!r) return fail(errc_of(r));
    auto found = suspensions_in(*r);
    if (found.empty()) return std::optional<Suspension>();
    return std::optional<Suspension>(std::move(found.front()));
  });
}

Result<std::vector<Suspension>> PostgresStore::suspensions() {
  return read([&](Connection& db) -> Result<std::vector<Suspension>> {
    auto r = db.query(kSuspensions, Params());
    if (!r) return fail(errc_of(r));
    return suspensions_in(*r);
  });
}

}  // namespace parley::store::postgres
