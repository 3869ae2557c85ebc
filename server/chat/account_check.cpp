#include "chat/account_check.hpp"

#include "chat/account_rules.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <string>

namespace parley::chat {
namespace {

constexpr std::string_view kEmailCheck = "emails-v1";

}  // namespace

EmailCheckPlan plan_email_check(const std::vector<store::AccountEmail>& accounts, store::TimeMs now) {
  // Accounts by the address they normalize to; std::map keeps the report in a stable order.
  std::map<std::string, std::vector<const store::AccountEmail*>> by_canonical;
  for (const auto& a : accounts) by_canonical[canonical_email(a.email).value_or(a.email)].push_back(&a);

  EmailCheckPlan plan;
  for (const auto& [canonical, group] : by_canonical) {
    if (group.size() > 1) {
      std::string names;
      for (const auto* a : group) names += (names.empty() ? "" : ", ") + a->user_id + " <" + a->email + ">";
      for (const auto* a : group) {
        plan.issues.push_back(store::AccountIssue{
            a->user_id, a->email, canonical, "collision",
            fmt::format("{} accounts have emails that normalize to {}: {}", group.size(), canonical, names), now});
      }
      continue;
    }
    const auto& a = *group.front();
    if (canonical != a.email) plan.changes.push_back(store::EmailChange{a.user_id, a.email, canonical});
    if (auto ok = check_email(canonical); !ok) {
      plan.issues.push_back(store::AccountIssue{a.user_id, a.email, canonical, "refused", ok.error().message, now});
    }
  }
  return plan;
}

Result<AccountCheckReport> run_account_checks(store::AccountCheckStore& store, store::TimeMs now) {
  auto pending = store.pending_account_checks();
  if (!pending) return fail(Errc::kUnavailable, "cannot read the pending account checks");
  AccountCheckReport report;
  for (const auto& name : *pending) {
    if (name != kEmailCheck) {
      spdlog::warn("account check {}: unknown to this build of parley; skipped", name);
      continue;
    }
    auto accounts = store.account_emails();
    if (!accounts) return fail(Errc::kUnavailable, "cannot read the accounts to check");
    const auto plan = plan_email_check(*accounts, now);
    auto done = store.finish_email_check(name, plan.changes, plan.issues, now);
    if (!done) return fail(Errc::kUnavailable, "cannot store the outcome of the account check");
    if (!done->finished_here) continue;  // another process sharing the database ran it
    report.ran = true;
    report.changed += done->changed;
    for (const auto& i : done->added) {
      spdlog::warn("account check {}: account {} <{}> ({}): {}", name, i.user_id, i.email, i.kind, i.detail);
      report.issues.push_back(i);
    }
    spdlog::info("account check {}: {} accounts, {} emails normalized, {} issues (table account_issues)", name,
                 accounts->size(), done->changed, done->added.size());
  }
  return report;
}

}  // namespace parley::chat
