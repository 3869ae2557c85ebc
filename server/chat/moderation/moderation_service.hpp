// Reports and the moderation queue. A person reports a message, a user or a group with a
// category and a comment (and may block at the same time); the report keeps the reported message
// and up to 20 around it as they were then (moderators only see them). Moderators work the
// queue: the server's staff every report, a group's owner and admins the reports of messages in
// their group. Actions: dismiss; delete the reported message for everyone; suspend the account
// it is about (staff). Suspended accounts neither sign in nor use their tokens (AuthService
// reads the suspension on every check), and their open sockets are disconnected on every
// instance (on_suspended). Every action and
// every change of a server role is written to the audit log, which staff read (and group
// admins, their group's lines).
//
// Server roles: administrators (configured `admins` emails, or given by an administrator) and
// moderators (given by an administrator).
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/messages/lifecycle_service.hpp"
#include "chat/moderation/block_service.hpp"
#include "store/moderation.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parley::chat {

inline constexpr std::size_t kReportContextMessages = 20;
inline constexpr std::size_t kMaxReportComment = 1000;  // characters

struct ReportRequest {
  std::string kind;  // message, user, group
  std::string target_id;
  std::string category;  // spam, harassment, violence, sexual, illegal, other
  std::string comment;
  bool block = false;  // also block the person it is about
};

struct QueueQuery {
  std::optional<std::string> chat_id;  // a group's reports (what its admins see); staff: any or all
  std::optional<std::string> status;   // open, dismissed, resolved
  std::optional<std::string> category;
  std::string before_id;
  std::size_t limit = 50;
};

struct StaffView {
  store::User user;
  std::string role;
  std::optional<store::TimeMs> granted_at;  // none: configured
};

class ModerationService {
 public:
  ModerationService(Core& core, BlockService& blocks, LifecycleService& lifecycle)
      : core_(core), blocks_(blocks), lifecycle_(lifecycle) {}

  // "admin", "moderator" or "" for the actor.
  Result<std::string> server_role(const Actor& actor);

  // invalid_input for an unknown kind or category, a malformed id, a comment too long, oneself;
  // not_found / forbidden as reading the target would be; rate_limited past 10 a minute.
  Result<store::Report> report(const Actor& actor, const ReportRequest& request);
  Result<std::vector<store::Report>> my_reports(const Actor& actor, const std::string& before_id, std::size_t limit);

  // forbidden unless the actor is staff, or (with a chat id) an owner or admin of that group.
  Result<std::vector<store::Report>> queue(const Actor& actor, const QueueQuery& query);
  // dismiss, delete (a message report: the message is deleted for everyone), or suspend (staff:
  // the account it is about, for `seconds`, none: until lifted); the report after.
  // invalid_input for another action; conflict when it was closed already.
  Result<store::Report> act(const Actor& actor, const std::string& report_id, const std::string& action,
                            const std::string& reason, std::optional<std::int64_t> seconds = std::nullopt);
  Result<std::vector<store::AuditEntry>> audit_log(const Actor& actor, const store::AuditQuery& query);

  // Staff: who has a server role (configured administrators too). Administrators only change it:
  // role admin, moderator or none.
  Result<std::vector<StaffView>> staff(const Actor& actor);
  Result<void> set_role(const Actor& actor, const std::string& user_id, const std::string& role,
                        const std::string& reason);

  // Staff suspend an account for `seconds` (none: until lifted) and lift it. invalid_input for
  // oneself or a server administrator (a moderator may suspend neither staff); not_found.
  Result<store::Suspension> suspend(const Actor& actor, const std::string& user_id, std::optional<std::int64_t> seconds,
                                    const std::string& reason, const std::string& report_id = {});
  Result<void> unsuspend(const Actor& actor, const std::string& user_id, const std::string& reason);
  Result<std::vector<store::Suspension>> suspensions(const Actor& actor);  // those in force
  // Called with the user's id after a suspension is stored (the realtime layer disconnects them).
  void on_suspended(std::function<void(const std::string& user_id)> listener) { suspended_ = std::move(listener); }

  // Whether the actor moderates `chat_id` (a group: staff, or its owner and admins) or, with an
  // empty id, the whole server (staff).
  Result<bool> may_moderate(const Actor& actor, const std::string& chat_id);
  // Mutes a person in a group (chat_id) or everywhere (empty: staff) for `seconds`: their sends
  // fail with `muted` until then, and they are told (a notice). invalid_input for oneself, the
  // server's administrators, and (unless staff) a group's owner or admins. Audited.
  Result<store::Mute> mute(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                           std::int64_t seconds, const std::string& reason);
  Result<void> unmute(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                      const std::string& reason);
  // The mutes in force in a group, or (empty: staff) all of them.
  Result<std::vector<store::Mute>> mutes(const Actor& actor, const std::string& chat_id);
  // Warns a person (a notice they see on every device), about a group (chat_id) or not. Audited.
  Result<void> warn(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                    const std::string& reason);
  // What moderation told the actor, the latest first.
  Result<std::vector<store::ModerationNotice>> notices(const Actor& actor);

  // A person as reports show them (no secrets, no last seen); none when unknown.
  std::optional<store::User> person(const std::string& user_id);

 private:
  Result<bool> is_configured_admin(const std::string& user_id);
  // Whether the actor moderates reports of `chat_id` (its owner or an admin of the group).
  Result<bool> moderates_group(const Actor& actor, const std::string& chat_id);
  // Checks a mute or warning's target and reason; the actor's server role when allowed.
  Result<std::string> check_target(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                                   const std::string& reason);
  Result<store::Mute> store_mute(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                                 std::int64_t seconds, const std::string& reason, const store::AuditEntry& audit);
  Result<std::string> context_of(const store::Chat& chat, std::optional<std::int64_t> around_seq);

  Core& core_;
  BlockService& blocks_;
  LifecycleService& lifecycle_;
  std::function<void(const std::string& user_id)> suspended_;  // set before serving
};

}  // namespace parley::chat
