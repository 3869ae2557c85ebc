// SqliteStore: account checks (store.hpp, AccountEmail). The check itself is the domain's;
// this file reads the accounts and writes its outcome in one write operation.
#include "store/sqlite/sqlite_store_impl.hpp"
#include "util/text_fold.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kInsertSetting =
    "INSERT INTO server_settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING";
constexpr std::string_view kSetting = "SELECT value FROM server_settings WHERE name = ?1";
constexpr std::string_view kPendingChecks = "SELECT name FROM account_checks WHERE done_at IS NULL ORDER BY name";
constexpr std::string_view kAccountEmails = "SELECT id, email FROM users ORDER BY id";
constexpr std::string_view kFinishCheck = "UPDATE account_checks SET done_at = ?2 WHERE name = ?1 AND done_at IS NULL";
// Only while the account still has `from` and the address is free: never onto another account.
// The directory's search key follows the address.
constexpr std::string_view kChangeEmail =
    "UPDATE users SET email = ?3, email_key = ?4 WHERE id = ?1 AND email = ?2 "
    "AND NOT EXISTS (SELECT 1 FROM users WHERE email = ?3)";
constexpr std::string_view kInsertIssue =
    "INSERT INTO account_issues (user_id, email, canonical_email, kind, detail, found_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kIssues =
    "SELECT user_id, email, canonical_email, kind, detail, found_at FROM account_issues ORDER BY id";

Result<void> insert_issue(Connection& db, const AccountIssue& i) {
  Query q(db, kInsertIssue);
  return q.bind(i.user_id, i.email, i.canonical_email, i.kind, i.detail, i.found_at).run();
}

}  // namespace

Result<std::vector<std::string>> SqliteStore::pending_account_checks() {
  auto db = readers_->acquire();
  Query q(*db, kPendingChecks);
  std::vector<std::string> names;
  while (q.next()) names.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return names;
}

Result<std::vector<AccountEmail>> SqliteStore::account_emails() {
  auto db = readers_->acquire();
  Query q(*db, kAccountEmails);
  std::vector<AccountEmail> accounts;
  while (q.next()) accounts.push_back(AccountEmail{q.text(0), q.text(1)});
  if (q.failed()) return fail(q.error());
  return accounts;
}

Result<FinishedCheck> SqliteStore::finish_email_check(std::string_view check, const std::vector<EmailChange>& changes,
                                                      const std::vector<AccountIssue>& issues, TimeMs at) {
  return write<FinishedCheck>([&](Connection& db) -> Result<FinishedCheck> {
    FinishedCheck done;
    {
      Query q(db, kFinishCheck);
      if (auto r = q.bind(check, at).run(); !r) return fail(r.error());
      if (db.changes() == 0) return done;  // finished already
    }
    done.finished_here = true;
    done.added = issues;
    for (const auto& c : changes) {
      Query q(db, kChangeEmail);
      if (auto r = q.bind(c.user_id, c.from, c.to, util::search_fold(c.to)).run(); !r) return fail(r.error());
      if (db.changes() == 1) {
        ++done.changed;
        continue;
      }
      done.added.push_back(AccountIssue{c.user_id, c.from, c.to, "collision",
                                        "another account took " + c.to + " before this one could be changed to it",
                                        at});
    }
    for (const auto& issue : done.added) {
      if (auto r = insert_issue(db, issue); !r) return fail(r.error());
    }
    return done;
  });
}

Result<std::vector<AccountIssue>> SqliteStore::account_issues() {
  auto db = readers_->acquire();
  Query q(*db, kIssues);
  std::vector<AccountIssue> issues;
  while (q.next()) issues.push_back(AccountIssue{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.int64(5)});
  if (q.failed()) return fail(q.error());
  return issues;
}

Result<std::string> SqliteStore::shared_setting(std::string_view name, std::string_view value_if_absent) {
  return write<std::string>([&](Connection& db) -> Result<std::string> {
    {
      Query q(db, kInsertSetting);
      if (auto r = q.bind(name, value_if_absent).run(); !r) return fail(r.error());
    }
    Query q(db, kSetting);
    q.bind(name);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kNotFound);
    return q.text(0);
  });
}

}  // namespace parley::store::sqlite
