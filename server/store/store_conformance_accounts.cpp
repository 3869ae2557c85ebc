// The conformance suite, part 4: account checks. A new database has the email check pending;
// finishing it changes emails only onto free addresses, records what it found, and happens
// once however many processes try.
#include "store/store_conformance.hpp"

#include <algorithm>

namespace parley::store::conformance {
namespace {

constexpr std::string_view kEmailCheck = "emails-v1";

std::vector<std::string> emails_of(Store& store) {
  std::vector<std::string> emails;
  for (const auto& a : must(store.account_emails(), "account_emails")) emails.push_back(a.email);
  std::sort(emails.begin(), emails.end());
  return emails;
}

}  // namespace

TEST_P(StoreConformance, ASharedSettingKeepsTheFirstValueWritten) {
  auto first = store().shared_setting("jwt_secret", "first-value");
  ASSERT_TRUE(first) << "shared_setting";
  EXPECT_EQ(*first, "first-value");
  auto second = store().shared_setting("jwt_secret", "second-value");
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, "first-value");
  auto other = store().shared_setting("another", "x");
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, "x");
}

TEST_P(StoreConformance, AccountChecksStartPendingAndListEveryAccount) {
  EXPECT_EQ(must(store().pending_account_checks(), "pending"), std::vector<std::string>{std::string(kEmailCheck)});
  EXPECT_TRUE(must(store().account_issues(), "issues").empty());
  add_cast();
  const auto accounts = must(store().account_emails(), "account_emails");
  ASSERT_EQ(accounts.size(), 3u);
  EXPECT_TRUE(std::is_sorted(accounts.begin(), accounts.end(),
                             [](const AccountEmail& a, const AccountEmail& b) { return a.user_id < b.user_id; }));
  EXPECT_EQ(emails_of(store()),
            (std::vector<std::string>{"alice@example.test", "bob@example.test", "carol@example.test"}));
}

TEST_P(StoreConformance, FinishingTheEmailCheckChangesFreeAddressesAndRecordsIssues) {
  add_cast();
  const std::vector<EmailChange> changes{
      {alice_.id, "alice@example.test", "alice@example.org"},   // free: changed
      {bob_.id, "bob@example.test", "carol@example.test"},      // carol has it: never merged
      {carol_.id, "not-carols@example.test", "c@example.org"},  // no longer carol's email: untouched
  };
  const std::vector<AccountIssue> issues{
      {carol_.id, "carol@example.test", "carol@example.test", "refused", "a reason", kT0}};
  const auto done = must(store().finish_email_check(kEmailCheck, changes, issues, kT0 + 1), "finish");
  EXPECT_TRUE(done.finished_here);
  EXPECT_EQ(done.changed, 1u);
  ASSERT_EQ(done.added.size(), 3u);
  EXPECT_EQ(done.added[1].user_id, bob_.id);
  EXPECT_EQ(done.added[1].kind, "collision");
  EXPECT_EQ(done.added[1].canonical_email, "carol@example.test");
  EXPECT_EQ(emails_of(store()),
            (std::vector<std::string>{"alice@example.org", "bob@example.test", "carol@example.test"}));
  EXPECT_EQ(must(store().user_by_email("alice@example.org"), "by new email").id, alice_.id);
  EXPECT_EQ(error_of(store().user_by_email("alice@example.test")), Errc::kNotFound);

  const auto recorded = must(store().account_issues(), "issues");
  ASSERT_EQ(recorded.size(), 3u);
  EXPECT_EQ(recorded[0].user_id, carol_.id);
  EXPECT_EQ(recorded[0].kind, "refused");
  EXPECT_EQ(recorded[0].detail, "a reason");
  EXPECT_EQ(recorded[0].found_at, kT0);
  EXPECT_EQ(recorded[1].user_id, bob_.id);
  EXPECT_EQ(recorded[1].email, "bob@example.test");
  EXPECT_EQ(recorded[1].found_at, kT0 + 1);
  EXPECT_TRUE(must(store().pending_account_checks(), "pending").empty());
}

TEST_P(StoreConformance, TheEmailCheckFinishesOnce) {
  add_cast();
  const std::vector<EmailChange> first{{alice_.id, "alice@example.test", "a1@example.test"}};
  ASSERT_TRUE(must(store().finish_email_check(kEmailCheck, first, {}, kT0), "first").finished_here);
  // Another process that ran the check at the same time changes nothing.
  const std::vector<EmailChange> second{{bob_.id, "bob@example.test", "b1@example.test"}};
  const std::vector<AccountIssue> issues{{bob_.id, "bob@example.test", "b1@example.test", "refused", "x", kT0}};
  const auto again = must(store().finish_email_check(kEmailCheck, second, issues, kT0), "second");
  EXPECT_FALSE(again.finished_here);
  EXPECT_EQ(again.changed, 0u);
  EXPECT_TRUE(again.added.empty());
  EXPECT_EQ(emails_of(store()),
            (std::vector<std::string>{"a1@example.test", "bob@example.test", "carol@example.test"}));
  EXPECT_TRUE(must(store().account_issues(), "issues").empty());
  // An unknown check is no check: nothing happens.
  EXPECT_FALSE(must(store().finish_email_check("no-such-check", second, issues, kT0), "unknown").finished_here);
}

}  // namespace parley::store::conformance
