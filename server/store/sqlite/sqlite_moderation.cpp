// SqliteStore: blocks, reports, the audit log, staff (store/moderation.hpp). See
// sqlite_store_impl.hpp.
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kCount = "SELECT count(*) FROM user_blocks WHERE user_id = ?1";
constexpr std::string_view kBlock =
    "INSERT INTO user_blocks (user_id, blocked_id, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
constexpr std::string_view kUnblock = "DELETE FROM user_blocks WHERE user_id = ?1 AND blocked_id = ?2";
constexpr std::string_view kBlocksOf =
    "SELECT user_id, blocked_id, created_at FROM user_blocks WHERE user_id = ?1 "
    "ORDER BY created_at DESC, blocked_id";
constexpr std::string_view kBetween =
    "SELECT user_id = ?1 FROM user_blocks WHERE (user_id = ?1 AND blocked_id = ?2) OR (user_id = ?2 AND blocked_id = "
    "?1)";
constexpr std::string_view kAll =
    "SELECT user_id, blocked_id, created_at FROM user_blocks ORDER BY user_id, created_at DESC, blocked_id";

// The columns read_report() reads, in its order. A macro only to splice them into the
// statements' literals (the connection caches statements by their literal text).
#define PARLEY_REPORT_COLUMNS                                                                            \
  "id, reporter_id, kind, target_id, user_id, chat_id, category, comment, context, status, created_at, " \
  "resolved_by, resolved_at, resolution"
constexpr std::string_view kReport = "SELECT " PARLEY_REPORT_COLUMNS " FROM reports WHERE id = ?1";
constexpr std::string_view kReports =
    "SELECT " PARLEY_REPORT_COLUMNS
    " FROM reports WHERE (?1 IS NULL OR reporter_id = ?1) AND (?2 IS NULL OR chat_id = ?2) "
    "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR category = ?4) AND (?5 = '' OR id < ?5) "
    "ORDER BY id DESC LIMIT ?6";
#undef PARLEY_REPORT_COLUMNS
constexpr std::string_view kAddReport =
    "INSERT INTO reports (id, reporter_id, kind, target_id, user_id, chat_id, category, comment, context, status, "
    "created_at, resolved_by, resolved_at, resolution) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, "
    "NULL, '')";
constexpr std::string_view kReportIdTaken = "SELECT 1 FROM reports WHERE id = ?1";
constexpr std::string_view kCloseReport =
    "UPDATE reports SET status = ?2, resolution = ?3, resolved_by = ?4, resolved_at = ?5 "
    "WHERE id = ?1 AND status = 'open'";
constexpr std::string_view kAddAudit =
    "INSERT INTO moderation_audit (id, actor_id, action, target_user_id, chat_id, report_id, reason, details, at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr std::string_view kAudit =
    "SELECT id, actor_id, action, target_user_id, chat_id, report_id, reason, details, at FROM moderation_audit "
    "WHERE (?1 IS NULL OR chat_id = ?1) AND (?2 = '' OR id < ?2) ORDER BY id DESC LIMIT ?3";
constexpr std::string_view kStaff = "SELECT user_id, role, granted_at FROM server_roles ORDER BY granted_at, user_id";
constexpr std::string_view kSetStaff =
    "INSERT INTO server_roles (user_id, role, granted_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at";
constexpr std::string_view kDropStaff = "DELETE FROM server_roles WHERE user_id = ?1";
constexpr std::string_view kSuspend =
    "INSERT INTO suspensions (user_id, by_id, at, until, reason) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (user_id) DO UPDATE SET by_id = excluded.by_id, at = excluded.at, until = excluded.until, "
    "reason = excluded.reason";
constexpr std::string_view kUnsuspend = "DELETE FROM suspensions WHERE user_id = ?1";
constexpr std::string_view kSuspension = "SELECT user_id, by_id, at, until, reason FROM suspensions WHERE user_id = ?1";
constexpr std::string_view kSuspensions =
    "SELECT user_id, by_id, at, until, reason FROM suspensions ORDER BY at DESC, user_id";

Suspension read_suspension(const Query& q) {
  return {q.text(0), q.text(1), q.int64(2), q.optional_int64(3), q.text(4)};
}

Report read_report(const Query& q) {
  Report r;
  r.id = q.text(0);
  r.reporter_id = q.text(1);
  r.kind = q.text(2);
  r.target_id = q.text(3);
  r.user_id = q.text(4);
  r.chat_id = q.text(5);
  r.category = q.text(6);
  r.comment = q.text(7);
  r.context = q.text(8);
  r.status = q.text(9);
  r.created_at = q.int64(10);
  r.resolved_by = q.optional_text(11);
  r.resolved_at = q.optional_int64(12);
  r.resolution = q.text(13);
  return r;
}

Result<Report> load_report(Connection& db, std::string_view id) {
  Query q(db, kReport);
  q.bind(id);
  if (q.next()) return read_report(q);
  if (q.failed()) return fail(q.error());
  return fail(Errc::kNotFound);
}

Result<std::vector<Block>> read_blocks(Query& q) {
  std::vector<Block> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.int64(2)});
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace

Result<void> insert_audit(Connection& db, const AuditEntry& a) {
  Query q(db, kAddAudit);
  q.bind(a.id, a.actor_id, a.action, a.target_user_id, a.chat_id, a.report_id, a.reason, a.details, a.at);
  return q.run();
}

Result<bool> SqliteStore::set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) {
  if (user_id == other_id) return fail(Errc::kInvalid);
  return write<bool>([&](Connection& db) -> Result<bool> {
    for (const auto id : {user_id, other_id}) {
      auto exists = user_exists(db, id);
      if (!exists) return fail(exists.error());
      if (!*exists) return fail(Errc::kNotFound);
    }
    if (!blocked) {
      Query q(db, kUnblock);
      q.bind(user_id, other_id);
      if (auto r = q.run(); !r) return fail(r.error());
      return db.changes() > 0;
    }
    {
      Query q(db, kCount);
      q.bind(user_id);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      if (static_cast<std::size_t>(q.int64(0)) >= kMaxBlocks) return fail(Errc::kInvalid);
    }
    Query q(db, kBlock);
    q.bind(user_id, other_id, at);
    if (auto r = q.run(); !r) return fail(r.error());
    return db.changes() > 0;
  });
}

Result<std::vector<Block>> SqliteStore::blocks_of(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kBlocksOf);
  q.bind(user_id);
  return read_blocks(q);
}

Result<std::pair<bool, bool>> SqliteStore::blocks_between(std::string_view a, std::string_view b) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kBetween);
  q.bind(a, b);
  std::pair<bool, bool> out{false, false};
  while (q.next()) (q.int64(0) != 0 ? out.first : out.second) = true;
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<Block>> SqliteStore::all_blocks() {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kAll);
  return read_blocks(q);
}

Result<Report> SqliteStore::add_report(const Report& report) {
  return write<Report>([&](Connection& db) -> Result<Report> {
    auto exists = user_exists(db, report.reporter_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    {
      Query q(db, kReportIdTaken);
      q.bind(report.id);
      if (q.next()) return fail(Errc::kConflict);
      if (q.failed()) return fail(q.error());
    }
    Query q(db, kAddReport);
    q.bind(report.id, report.reporter_id, report.kind, report.target_id, report.user_id, report.chat_id,
           report.category, report.comment, report.context, std::string_view("open"), report.created_at);
    if (auto r = q.run(); !r) return fail(r.error());
    return load_report(db, report.id);
  });
}

Result<Report> SqliteStore::report(std::string_view id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  return load_report(*db, id);
}

Result<std::vector<Report>> SqliteStore::reports(const ReportQuery& query) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kReports);
  q.bind(query.reporter_id, query.chat_id, query.status, query.category, query.before_id,
         static_cast<std::int64_t>(query.limit));
  std::vector<Report> out;
  while (q.next()) out.push_back(read_report(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<Report> SqliteStore::close_report(std::string_view id, std::string_view status, std::string_view resolution,
                                         const AuditEntry& audit) {
  return write<Report>([&](Connection& db) -> Result<Report> {
    {
      Query q(db, kCloseReport);
      q.bind(id, status, resolution, audit.actor_id, audit.at);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    if (db.changes() == 0) {
      auto existing = load_report(db, id);
      if (!existing) return fail(existing.error());
      return fail(Errc::kInvalid);
    }
    if (auto r = insert_audit(db, audit); !r) return fail(r.error());
    return load_report(db, id);
  });
}

Result<void> SqliteStore::add_audit(const AuditEntry& entry) {
  return write<void>([&](Connection& db) -> Result<void> { return insert_audit(db, entry); });
}

Result<std::vector<AuditEntry>> SqliteStore::audit_log(const AuditQuery& query) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kAudit);
  q.bind(query.chat_id, query.before_id, static_cast<std::int64_t>(query.limit));
  std::vector<AuditEntry> out;
  while (q.next()) {
    out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7), q.int64(8)});
  }
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<StaffMember>> SqliteStore::staff() {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kStaff);
  std::vector<StaffMember> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.int64(2)});
  if (q.failed()) return fail(q.error());
  return out;
}

Result<void> SqliteStore::set_staff(std::string_view user_id, std::string_view role, const AuditEntry& audit) {
  return write<void>([&](Connection& db) -> Result<void> {
    auto exists = user_exists(db, user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    if (role.empty()) {
      Query q(db, kDropStaff);
      q.bind(user_id);
      if (auto r = q.run(); !r) return fail(r.error());
    } else {
      Query q(db, kSetStaff);
      q.bind(user_id, role, audit.at);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    return insert_audit(db, audit);
  });
}

Result<void> SqliteStore::suspend(const Suspension& suspension, const AuditEntry& audit) {
  return write<void>([&](Connection& db) -> Result<void> {
    auto exists = user_exists(db, suspension.user_id);
    if (!exists) return fail(exists.error());
    if (!*exists) return fail(Errc::kNotFound);
    Query q(db, kSuspend);
    q.bind(suspension.user_id, suspension.by, suspension.at, suspension.until, suspension.reason);
    if (auto r = q.run(); !r) return fail(r.error());
    return insert_audit(db, audit);
  });
}

Result<bool> SqliteStore::unsuspend(std::string_view user_id, const AuditEntry& audit) {
  return write<bool>([&](Connection& db) -> Result<bool> {
    {
      Query q(db, kUnsuspend);
      q.bind(user_id);
      if (auto r = q.run(); !r) return fail(r.error());
    }
    if (db.changes() == 0) return false;
    if (auto r = insert_audit(db, audit); !r) return fail(r.error());
    return true;
  });
}

Result<std::optional<Suspension>> SqliteStore::suspension(std::string_view user_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kSuspension);
  q.bind(user_id);
  if (q.next()) return std::optional<Suspension>(read_suspension(q));
  if (q.failed()) return fail(q.error());
  return std::optional<Suspension>();
}

Result<std::vector<Suspension>> SqliteStore::suspensions() {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  Query q(*db, kSuspensions);
  std::vector<Suspension> out;
  while (q.next()) out.push_back(read_suspension(q));
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace parley::store::sqlite
