// The start-up check of the accounts stored before today's account rules (account_rules.hpp).
// A store migration schedules it ("emails-v1"); the server runs it once after opening the
// store, before it serves anyone. It normalizes each stored email whose canonical form no
// other account shares, and reports, never merges, the accounts whose emails normalize to one
// address, and the emails that break the rules of new accounts: each finding is logged as a
// warning naming the account and kept in the store's account_issues table for an operator.
//
// Threading: blocks on the store; call it from start-up code, not from an I/O thread. Two
// processes sharing a database may run it at once: the store lets only one finish it.
#pragma once

#include "chat/errors.hpp"
#include "store/store.hpp"

#include <cstddef>
#include <vector>

namespace parley::chat {

struct AccountCheckReport {
  bool ran = false;                         // this process finished a pending check
  std::size_t changed = 0;                  // emails normalized
  std::vector<store::AccountIssue> issues;  // what it found and left to a person
};

// What the email check would do with `accounts` (pure, for tests): the changes to make and
// the issues to record, found at `now`.
struct EmailCheckPlan {
  std::vector<store::EmailChange> changes;
  std::vector<store::AccountIssue> issues;
};
EmailCheckPlan plan_email_check(const std::vector<store::AccountEmail>& accounts, store::TimeMs now);

// Runs every check the store has pending; kUnavailable when the store cannot be read or written.
Result<AccountCheckReport> run_account_checks(store::AccountCheckStore& store, store::TimeMs now);

}  // namespace parley::chat
