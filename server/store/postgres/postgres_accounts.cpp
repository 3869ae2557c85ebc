// PostgresStore: account checks (store.hpp, AccountEmail). The check itself is the domain's;
// this file reads the accounts and writes its outcome in one write operation, which runs alone
// (writer.hpp: it may change any account): two instances starting at once finish it once.
#include "store/postgres/postgres_store_impl.hpp"
#include "util/text_fold.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kInsertSetting =
    "INSERT INTO server_settings (name, value) VALUES ($1::text, $2::text) ON CONFLICT (name) DO NOTHING";
constexpr std::string_view kSetting = "SELECT value FROM server_settings WHERE name = $1::text";
constexpr std::string_view kPendingChecks =
    "SELECT name FROM account_checks WHERE done_at IS NULL ORDER BY name COLLATE \"C\"";
constexpr std::string_view kAccountEmails = "SELECT id, email FROM users ORDER BY id COLLATE \"C\"";
constexpr std::string_view kFinishCheck =
    "UPDATE account_checks SET done_at = $2::bigint WHERE name = $1::text AND done_at IS NULL";
// Only while the account still has `from` and the address is free: never onto another account.
// The directory's search key follows the address.
constexpr std::string_view kChangeEmail =
    "UPDATE users SET email = $3::text, email_key = $4::text WHERE id = $1::text AND email = $2::text "
    "AND NOT EXISTS (SELECT 1 FROM users WHERE email = $3::text)";
constexpr std::string_view kInsertIssue =
    "INSERT INTO account_issues (user_id, email, canonical_email, kind, detail, found_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint)";
constexpr std::string_view kIssues =
    "SELECT user_id, email, canonical_email, kind, detail, found_at FROM account_issues ORDER BY id";

}  // namespace

Result<std::vector<std::string>> PostgresStore::pending_account_checks() {
  return read([&](Connection& db) -> Result<std::vector<std::string>> {
    auto r = db.query(kPendingChecks);
    if (!r) return fail(errc_of(r));
    std::vector<std::string> names;
    for (int i = 0; i < r->size(); ++i) names.push_back(r->text(i, 0));
    return names;
  });
}

Result<std::vector<AccountEmail>> PostgresStore::account_emails() {
  return read([&](Connection& db) -> Result<std::vector<AccountEmail>> {
    auto r = db.query(kAccountEmails);
    if (!r) return fail(errc_of(r));
    std::vector<AccountEmail> accounts;
    for (int i = 0; i < r->size(); ++i) accounts.push_back(AccountEmail{r->text(i, 0), r->text(i, 1)});
    return accounts;
  });
}

Result<FinishedCheck> PostgresStore::finish_email_check(std::string_view check, const std::vector<EmailChange>& changes,
                                                        const std::vector<AccountIssue>& issues, TimeMs at) {
  return write<FinishedCheck>(lock_everything(), [&](Connection& db) -> Result<FinishedCheck> {
    FinishedCheck done;
    auto finish = db.query(kFinishCheck, Params(check, at));
    if (!finish) return fail(errc_of(finish));
    if (finish->affected() == 0) return done;  // finished already
    done.finished_here = true;
    done.added = issues;
    for (const auto& c : changes) {
      auto r = db.query(kChangeEmail, Params(c.user_id, c.from, c.to, util::search_fold(c.to)));
      if (!r) return fail(errc_of(r));
      if (r->affected() == 1) {
        ++done.changed;
        continue;
      }
      done.added.push_back(AccountIssue{c.user_id, c.from, c.to, "collision",
                                        "another account took " + c.to + " before this one could be changed to it",
                                        at});
    }
    for (const auto& i : done.added) {
      auto r = db.query(kInsertIssue, Params(i.user_id, i.email, i.canonical_email, i.kind, i.detail, i.found_at));
      if (!r) return fail(errc_of(r));
    }
    return done;
  });
}

Result<std::vector<AccountIssue>> PostgresStore::account_issues() {
  return read([&](Connection& db) -> Result<std::vector<AccountIssue>> {
    auto r = db.query(kIssues);
    if (!r) return fail(errc_of(r));
    std::vector<AccountIssue> issues;
    for (int i = 0; i < r->size(); ++i) {
      issues.push_back(
          AccountIssue{r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4), r->int64(i, 5)});
    }
    return issues;
  });
}

Result<std::string> PostgresStore::shared_setting(std::string_view name, std::string_view value_if_absent) {
  return write<std::string>(lock_names({lock_name("setting", name)}), [&](Connection& db) -> Result<std::string> {
    auto inserted = db.query(kInsertSetting, Params(name, value_if_absent));
    if (!inserted) return fail(errc_of(inserted));
    auto r = db.query(kSetting, Params(name));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return r->text(0, 0);
  });
}

}  // namespace parley::store::postgres
