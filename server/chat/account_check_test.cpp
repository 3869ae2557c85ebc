// The start-up account check, on its own (plan_email_check) and on a SQLite database of the
// previous schema version holding look-alike accounts that the old rules let in.
#include "chat/account_check.hpp"

#include "chat/auth.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/test_schema.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>

namespace parley::chat {
namespace {
namespace fs = std::filesystem;

std::vector<store::AccountEmail> accounts(std::initializer_list<std::pair<const char*, std::string>> list) {
  std::vector<store::AccountEmail> out;
  for (const auto& [id, email] : list) out.push_back({id, email});
  return out;
}

TEST(PlanEmailCheck, NormalizesTheUnambiguousAndReportsTheRest) {
  const auto plan = plan_email_check(accounts({{"u1", "a@x.test"},
                                               {"u2", "a@x.test."},                      // same as u1
                                               {"u3", "\xEF\xBD\x81@x.test"},            // full-width: same as u1
                                               {"u4", "solo@x.test."},                   // alone: normalized
                                               {"u5", "Zw@x.test\xE2\x80\x8B"},          // alone: normalized
                                               {"u6", "\xD0\xB0@x.test"},                // Cyrillic а: kept, reported
                                               {"u7", std::string("nul@x.test\0", 11)},  // kept, reported
                                               {"u8", "fine@x.test"}}),
                                     42);
  ASSERT_EQ(plan.changes.size(), 2u);
  EXPECT_EQ(plan.changes[0].user_id, "u4");
  EXPECT_EQ(plan.changes[0].to, "solo@x.test");
  EXPECT_EQ(plan.changes[1].user_id, "u5");
  EXPECT_EQ(plan.changes[1].to, "zw@x.test");

  std::vector<std::string> collisions, refused;
  for (const auto& i : plan.issues) {
    EXPECT_EQ(i.found_at, 42);
    (i.kind == "collision" ? collisions : refused).push_back(i.user_id);
    if (i.kind == "collision") {
      EXPECT_EQ(i.canonical_email, "a@x.test");
      EXPECT_NE(i.detail.find("3 accounts"), std::string::npos) << i.detail;
      EXPECT_NE(i.detail.find("u1 <a@x.test>"), std::string::npos) << i.detail;
    }
  }
  std::sort(collisions.begin(), collisions.end());
  std::sort(refused.begin(), refused.end());
  EXPECT_EQ(collisions, (std::vector<std::string>{"u1", "u2", "u3"}));
  EXPECT_EQ(refused, (std::vector<std::string>{"u6", "u7"}));
}

TEST(PlanEmailCheck, HasNothingToDoForCleanAccounts) {
  const auto plan = plan_email_check(accounts({{"u1", "a@x.test"}, {"u2", "b@x.test"}}), 1);
  EXPECT_TRUE(plan.changes.empty());
  EXPECT_TRUE(plan.issues.empty());
}

// A database as the previous release left it (schema version 2, no account checks), holding
// accounts that its rules let in.
class AccountCheckUpgrade : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parley-upgrade-" + util::uuid_v7());
    fs::create_directories(dir_);
    path_ = (dir_ / "parley.db").string();
    store::open_sqlite_store(path_).reset();  // today's schema, then back to version 2
    exec(std::string(store::sqlite::testing::kUndoSearch) + store::sqlite::testing::kUndoFiles +
         store::sqlite::testing::kUndoEmoji + store::sqlite::testing::kUndoPrivacy +
         store::sqlite::testing::kUndoReactions + store::sqlite::testing::kUndoLifecycle +
         store::sqlite::testing::kUndoGroups +
         "DROP INDEX users_directory; ALTER TABLE users DROP COLUMN name_key; ALTER TABLE users DROP COLUMN email_key; "
         "DROP TABLE account_issues; DROP TABLE account_checks; DROP TABLE server_settings; DROP TABLE jobs; "
         "DELETE FROM schema_version "
         "WHERE version > 2;");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }
  // An account as the old code stored it: emails lower-cased in ASCII only, nothing else.
  void old_account(const std::string& id, const std::string& email) {
    exec("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('" + id + "', '" + email + "', '" +
         id + "', 'hash', 1)");
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(AccountCheckUpgrade, NormalizesReportsAndKeepsEveryAccount) {
  old_account("u1", "twin@x.test");
  old_account("u2", "twin@x.test.");
  old_account("u3", "\xEF\xBD\x94win@x.test");  // full-width ｔ
  old_account("u4", "solo@x.test.");
  old_account("u5", "\xD0\xB0@x.test");  // Cyrillic а

  auto store = store::open_sqlite_store(path_);
  EXPECT_EQ(*store->pending_account_checks(), std::vector<std::string>{"emails-v1"});
  auto report = run_account_checks(*store, 1000);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->ran);
  EXPECT_EQ(report->changed, 1u);
  EXPECT_EQ(report->issues.size(), 4u);  // three twins, one look-alike

  // Every account is still there; only the unambiguous one changed.
  const auto stored = *store->account_emails();
  ASSERT_EQ(stored.size(), 5u);
  EXPECT_EQ(stored[0].email, "twin@x.test");
  EXPECT_EQ(stored[1].email, "twin@x.test.");
  EXPECT_EQ(stored[2].email, "\xEF\xBD\x94win@x.test");
  EXPECT_EQ(stored[3].email, "solo@x.test");
  EXPECT_EQ(stored[4].email, "\xD0\xB0@x.test");
  const auto issues = *store->account_issues();
  ASSERT_EQ(issues.size(), 4u);
  EXPECT_EQ(std::count_if(issues.begin(), issues.end(), [](const auto& i) { return i.kind == "collision"; }), 3);

  // The next start has nothing left to do, and the report stays.
  auto again = run_account_checks(*store, 2000);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->ran);
  EXPECT_EQ(store->account_issues()->size(), 4u);
}

TEST_F(AccountCheckUpgrade, TheNormalizedAccountSignsInAsBefore) {
  {
    // Registered by the previous release: the account exists with its old spelling.
    auto old = store::open_sqlite_store(path_);
    AuthOptions o;
    o.jwt_secret = std::string(32, 's');
    o.hash_memory_bytes = 1 << 20;
    o.hash_ops = 1;
    AuthService auth(*old, o);
    ASSERT_TRUE(auth.register_user("kim@x.test", "Kim", "correct horse"));
  }
  exec("UPDATE users SET email = 'kim@x.test.'");  // as the old rules stored it
  auto store = store::open_sqlite_store(path_);
  ASSERT_TRUE(run_account_checks(*store, 1000));
  AuthOptions o;
  o.jwt_secret = std::string(32, 's');
  o.hash_memory_bytes = 1 << 20;
  o.hash_ops = 1;
  AuthService auth(*store, o);
  for (const auto* spelling : {"kim@x.test", "KIM@x.test.", "kim@x.test."}) {
    auto r = auth.login(spelling, "correct horse");
    ASSERT_TRUE(r) << spelling;
    EXPECT_EQ(r->user.email, "kim@x.test");
  }
}

}  // namespace
}  // namespace parley::chat
