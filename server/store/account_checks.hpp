// What the account checks read and write (part of store.hpp: AccountCheckStore).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace parley::store {

using TimeMs = std::int64_t;  // milliseconds since the Unix epoch (as in store.hpp)

// Account checks: a migration that changes the rules for accounts schedules a named check of
// the accounts stored before (account_checks); the domain runs it at start-up
// (chat/account_check.hpp), since the rules themselves are not SQL.
struct AccountEmail {
  std::string user_id;
  std::string email;  // as stored
};

// A change an account check makes: `user_id`'s email from `from` to `to`.
struct EmailChange {
  std::string user_id;
  std::string from;
  std::string to;
};

// What a check found and left to a person: kept in account_issues, never acted on by itself.
struct AccountIssue {
  std::string user_id;
  std::string email;            // as stored
  std::string canonical_email;  // what the rules make of it
  std::string kind;             // "collision": another account has the same canonical email;
                                // "refused": the email breaks a rule new accounts must follow
  std::string detail;           // for the person reading the report
  TimeMs found_at = 0;
};

struct FinishedCheck {
  bool finished_here = false;       // false: another process had finished it; nothing was done
  std::size_t changed = 0;          // emails changed
  std::vector<AccountIssue> added;  // issues recorded, with those of changes that were not made
};

}  // namespace parley::store
