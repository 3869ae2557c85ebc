#include "chat/moderation/moderation_service.hpp"

#include "chat/store_errors.hpp"
#include "chat/wire.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace parley::chat {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 6> kCategories{"spam", "harassment", "violence", "sexual", "illegal", "other"};
constexpr double kReportsPerSecond = 10.0 / 60.0;
constexpr double kReportsBurst = 10.0;

bool is_one_of(std::string_view v, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

}  // namespace

Result<bool> ModerationService::is_configured_admin(const std::string& user_id) {
  const auto& admins = core_.options.server_admins;
  if (admins.empty()) return false;
  auto me = core_.store.user_by_id(user_id);
  if (!me) return store_failure(me.error(), "User");
  return std::find(admins.begin(), admins.end(), me->email) != admins.end();
}

Result<std::string> ModerationService::server_role(const Actor& actor) {
  auto configured = is_configured_admin(actor.user_id);
  if (!configured) return util::fail(configured.error());
  if (*configured) return std::string("admin");
  auto staff = core_.store.moderation().staff();
  if (!staff) return store_failure(staff.error(), "Staff");
  for (const auto& s : *staff) {
    if (s.user_id == actor.user_id) return s.role;
  }
  return std::string();
}

Result<bool> ModerationService::moderates_group(const Actor& actor, const std::string& chat_id) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (!chat->group) return false;
  auto me = core_.store.member(chat->id, actor.user_id);
  if (!me) return store_failure(me.error(), "Chat");
  return me->role >= store::Role::kAdmin;
}

// The messages around `around_seq` (up to half before and half after), or the chat's latest.
Result<std::string> ModerationService::context_of(const store::Chat& chat, std::optional<std::int64_t> around_seq) {
  store::HistoryQuery q;
  q.timeline = false;
  if (around_seq) {
    q.after_seq = std::max<std::int64_t>(0, *around_seq - 1 - static_cast<std::int64_t>(kReportContextMessages / 2));
    q.limit = kReportContextMessages + 1;
  } else {
    q.limit = kReportContextMessages;
  }
  auto messages = core_.store.history(chat.id, q);
  if (!messages) return store_failure(messages.error(), "Chat");
  std::sort(messages->begin(), messages->end(),
            [](const store::Message& a, const store::Message& b) { return a.seq < b.seq; });
  json::array out;
  for (const auto& m : *messages) out.push_back(message_json(m));
  return json::serialize(out);
}

Result<store::Report> ModerationService::report(const Actor& actor, const ReportRequest& r) {
  if (!is_one_of(r.kind, {"message", "user", "group"})) {
    return fail(Errc::kInvalidInput, "kind must be message, user or group");
  }
  if (std::find(kCategories.begin(), kCategories.end(), r.category) == kCategories.end()) {
    return fail(Errc::kInvalidInput, "category must be spam, harassment, violence, sexual, illegal or other");
  }
  if (!util::is_uuid(r.target_id)) return fail(Errc::kInvalidInput, "targetId must be an id");
  if (!util::is_valid_utf8(r.comment)) return fail(Errc::kInvalidInput, "comment must be valid UTF-8");
  if (util::utf8_length(r.comment) > kMaxReportComment) {
    return fail(Errc::kPayloadTooLarge, "comment holds at most " + std::to_string(kMaxReportComment) + " characters");
  }
  store::Report report;
  report.id = util::uuid_v7();
  report.reporter_id = actor.user_id;
  report.kind = r.kind;
  report.target_id = r.target_id;
  report.category = r.category;
  report.comment = r.comment;
  report.created_at = core_.now();
  if (r.kind == "message") {
    store::Chat chat;
    auto m = core_.access.message(actor.user_id, r.target_id, &chat);
    if (!m) return util::fail(m.error());
    if (m->sender_id == actor.user_id) return fail(Errc::kInvalidInput, "One cannot report one's own message");
    report.user_id = m->sender_id;
    report.chat_id = chat.id;
    auto context = context_of(chat, m->seq);
    if (!context) return util::fail(context.error());
    report.context = std::move(*context);
  } else if (r.kind == "user") {
    if (r.target_id == actor.user_id) return fail(Errc::kInvalidInput, "One cannot report oneself");
    if (auto u = core_.store.user_by_id(r.target_id); !u) return store_failure(u.error(), "User");
    report.user_id = r.target_id;
    // Their private chat with the reporter, when there is one: its latest messages.
    auto chats = core_.store.chats_of(actor.user_id);
    if (!chats) return store_failure(chats.error(), "Chat");
    report.context = "[]";
    for (const auto& c : *chats) {
      if (!c.group && Access::is_participant(c, r.target_id)) {
        auto context = context_of(c, std::nullopt);
        if (!context) return util::fail(context.error());
        report.context = std::move(*context);
        break;
      }
    }
  } else {
    auto chat = core_.access.chat(actor.user_id, r.target_id);
    if (!chat) return util::fail(chat.error());
    if (!chat->group) return fail(Errc::kInvalidInput, "Only a group can be reported as a group");
    report.chat_id = chat->id;
    auto context = context_of(*chat, std::nullopt);
    if (!context) return util::fail(context.error());
    report.context = std::move(*context);
  }
  if (!core_.limiter.allow("report:" + actor.user_id, kReportsPerSecond, kReportsBurst, core_.now())) {
    return fail(Errc::kRateLimited, "Too many reports; try again in a minute");
  }
  auto stored = core_.store.moderation().add_report(report);
  if (!stored) return store_failure(stored.error(), "Report");
  if (r.block && !report.user_id.empty()) {
    if (auto blocked = blocks_.set(actor, report.user_id, true); !blocked) return util::fail(blocked.error());
  }
  return std::move(*stored);
}

Result<std::vector<store::Report>> ModerationService::my_reports(const Actor& actor, const std::string& before_id,
                                                                 std::size_t limit) {
  store::ReportQuery q;
  q.reporter_id = actor.user_id;
  q.before_id = before_id;
  q.limit = std::clamp<std::size_t>(limit, 1, 100);
  auto reports = core_.store.moderation().reports(q);
  if (!reports) return store_failure(reports.error(), "Report");
  return std::move(*reports);
}

Result<std::vector<store::Report>> ModerationService::queue(const Actor& actor, const QueueQuery& query) {
  if (query.status && !is_one_of(*query.status, {"open", "dismissed", "resolved"})) {
    return fail(Errc::kInvalidInput, "status must be open, dismissed or resolved");
  }
  if (query.category && std::find(kCategories.begin(), kCategories.end(), *query.category) == kCategories.end()) {
    return fail(Errc::kInvalidInput, "category must be spam, harassment, violence, sexual, illegal or other");
  }
  auto role = server_role(actor);
  if (!role) return util::fail(role.error());
  bool group_view = false;
  if (role->empty()) {
    if (!query.chat_id) return fail(Errc::kForbidden, "Only the server's moderators see every report");
    auto mine = moderates_group(actor, *query.chat_id);
    if (!mine) return util::fail(mine.error());
    if (!*mine) return fail(Errc::kForbidden, "Only the group's owner and admins see its reports");
    group_view = true;
  }
  store::ReportQuery q;
  q.chat_id = query.chat_id;
  q.status = query.status;
  q.category = query.category;
  q.before_id = query.before_id;
  q.limit = std::clamp<std::size_t>(query.limit, 1, 100);
  auto reports = core_.store.moderation().reports(q);
  if (!reports) return store_failure(reports.error(), "Report");
  // A report of the group itself is for the server's moderators.
  if (group_view) std::erase_if(*reports, [](const store::Report& r) { return r.kind != "message"; });
  return std::move(*reports);
}

Result<store::Report> ModerationService::act(const Actor& actor, const std::string& report_id,
                                             const std::string& action, const std::string& reason,
                                             std::optional<std::int64_t> seconds) {
  if (!is_one_of(action, {"dismiss", "delete", "suspend", "warn", "mute", "remove"})) {
    return fail(Errc::kInvalidInput, "action must be dismiss, delete, warn, mute, remove or suspend");
  }
  if (!util::is_valid_utf8(reason) || util::utf8_length(reason) > kMaxReportComment) {
    return fail(Errc::kInvalidInput, "reason must be valid UTF-8, at most 1000 characters");
  }
  if (!util::is_uuid(report_id)) return fail(Errc::kInvalidInput, "reportId must be an id");
  auto report = core_.store.moderation().report(report_id);
  if (!report) return store_failure(report.error(), "Report");
  auto role = server_role(actor);
  if (!role) return util::fail(role.error());
  if (role->empty()) {
    auto mine = report->kind == "message" ? moderates_group(actor, report->chat_id) : Result<bool>(false);
    if (!mine) {
      if (mine.error().code == Errc::kNotFound) return fail(Errc::kForbidden, "You do not moderate this report");
      return util::fail(mine.error());
    }
    if (!*mine) return fail(Errc::kForbidden, "You do not moderate this report");
  }
  if (report->status != "open") return fail(Errc::kConflict, "This report was closed already");
  if (action == "suspend") {
    if (role->empty()) return fail(Errc::kForbidden, "Only the server's moderators suspend accounts");
    if (report->user_id.empty()) return fail(Errc::kInvalidInput, "This report is about no one person");
    auto done = suspend(actor, report->user_id, seconds, reason, report->id);
    if (!done) return util::fail(done.error());
  }
  if (action == "remove") {
    // The removal itself is the group's (GroupService, by the caller, first): here the report
    // is checked to be about a person in a group, and closed.
    bool in_group = false;
    if (!report->chat_id.empty() && !report->user_id.empty()) {
      auto chat = core_.store.chat_by_id(report->chat_id);
      if (!chat) return store_failure(chat.error(), "Chat");
      in_group = chat->group.has_value();
    }
    if (!in_group) return fail(Errc::kInvalidInput, "Only a report of a message in a group can end in a removal");
    if (report->user_id == actor.user_id) return fail(Errc::kInvalidInput, "One cannot remove oneself");
  }
  if (action == "warn" || action == "mute") {
    if (report->user_id.empty()) return fail(Errc::kInvalidInput, "This report is about no one person");
    // In the group the report is about; a private chat's or a person's: everywhere (staff).
    std::string where;
    if (!report->chat_id.empty()) {
      auto chat = core_.store.chat_by_id(report->chat_id);
      if (!chat) return store_failure(chat.error(), "Chat");
      if (chat->group) where = chat->id;
    }
    auto allowed = check_target(actor, report->user_id, where, reason);
    if (!allowed) return util::fail(allowed.error());
    if (action == "mute") {
      auto muted = store_mute(actor, report->user_id, where, seconds.value_or(3600), reason, {});
      if (!muted) return util::fail(muted.error());
    } else {
      core_.automod.tell({util::uuid_v7(), report->user_id, "warning", where,
                          reason.empty() ? "A moderator warned you after a report (" + report->category + ")" : reason,
                          core_.now(), std::nullopt});
    }
  }
  if (action == "delete") {
    if (report->kind != "message") return fail(Errc::kInvalidInput, "Only a reported message can be deleted");
    auto deleted = lifecycle_.delete_as_moderator(actor.user_id, report->target_id);
    if (!deleted && deleted.error().code != Errc::kNotFound) return util::fail(deleted.error());
  }
  const bool dismissed = action == "dismiss";
  store::AuditEntry audit;
  audit.id = util::uuid_v7();
  audit.actor_id = actor.user_id;
  audit.action = action;
  audit.target_user_id = report->user_id;
  audit.chat_id = report->chat_id;
  audit.report_id = report->id;
  audit.reason = reason;
  audit.details = json::serialize(
      json::object{{"kind", report->kind}, {"targetId", report->target_id}, {"category", report->category}});
  audit.at = core_.now();
  const std::string resolution = dismissed            ? "dismissed"
                                 : action == "delete" ? "deleted"
                                 : action == "warn"   ? "warned"
                                 : action == "mute"   ? "muted"
                                 : action == "remove" ? "removed"
                                                      : "suspended";
  auto closed =
      core_.store.moderation().close_report(report->id, dismissed ? "dismissed" : "resolved", resolution, audit);
  if (!closed) {
    if (closed.error() == store::Errc::kInvalid) return fail(Errc::kConflict, "This report was closed already");
    return store_failure(closed.error(), "Report");
  }
  return std::move(*closed);
}

Result<std::vector<store::AuditEntry>> ModerationService::audit_log(const Actor& actor,
                                                                    const store::AuditQuery& query) {
  auto role = server_role(actor);
  if (!role) return util::fail(role.error());
  if (role->empty()) {
    if (!query.chat_id) return fail(Errc::kForbidden, "Only the server's moderators read the whole audit log");
    auto mine = moderates_group(actor, *query.chat_id);
    if (!mine) return util::fail(mine.error());
    if (!*mine) return fail(Errc::kForbidden, "Only the group's owner and admins read its audit log");
  }
  store::AuditQuery q = query;
  q.limit = std::clamp<std::size_t>(q.limit, 1, 100);
  auto log = core_.store.moderation().audit_log(q);
  if (!log) return store_failure(log.error(), "Audit log");
  return std::move(*log);
}

Result<std::vector<StaffView>> ModerationService::staff(const Actor& actor) {
  auto role = server_role(actor);
  if (!role) return util::fail(role.error());
  if (role->empty()) return fail(Errc::kForbidden, "Only the server's staff see its staff");
  std::vector<StaffView> out;
  for (const auto& email : core_.options.server_admins) {
    auto u = core_.store.user_by_email(email);
    if (!u) continue;  // configured, not registered yet
    u->password_hash.clear();
    out.push_back({std::move(*u), "admin", std::nullopt});
  }
  auto given = core_.store.moderation().staff();
  if (!given) return store_failure(given.error(), "Staff");
  for (const auto& s : *given) {
    auto u = core_.store.user_by_id(s.user_id);
    if (!u) continue;
    if (std::any_of(out.begin(), out.end(), [&](const StaffView& v) { return v.user.id == s.user_id; })) continue;
    u->password_hash.clear();
    out.push_back({std::move(*u), s.role, s.granted_at});
  }
  return out;
}

Result<store::Suspension> ModerationService::suspend(const Actor& actor, const std::string& user_id,
                                                     std::optional<std::int64_t> seconds, const std::string& reason,
                                                     const std::string& report_id) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  if (seconds && (*seconds < 60 || *seconds > 10LL * 365 * 24 * 3600)) {
    return fail(Errc::kInvalidInput, "durationSeconds must be 60 to 315360000");
  }
  if (!util::is_valid_utf8(reason) || util::utf8_length(reason) > kMaxReportComment) {
    return fail(Errc::kInvalidInput, "reason must be valid UTF-8, at most 1000 characters");
  }
  auto mine = server_role(actor);
  if (!mine) return util::fail(mine.error());
  if (mine->empty()) return fail(Errc::kForbidden, "Only the server's moderators suspend accounts");
  if (user_id == actor.user_id) return fail(Errc::kInvalidInput, "One cannot suspend oneself");
  auto theirs = server_role(Actor(user_id));
  if (!theirs) return util::fail(theirs.error());
  if (*theirs == "admin" || (*mine == "moderator" && !theirs->empty())) {
    return fail(Errc::kInvalidInput, "The server's staff cannot be suspended by you");
  }
  const auto now = core_.now();
  store::Suspension s{user_id, actor.user_id, now, std::nullopt, reason};
  if (seconds) s.until = now + *seconds * 1000;
  store::AuditEntry audit;
  audit.id = util::uuid_v7();
  audit.actor_id = actor.user_id;
  audit.action = "suspend";
  audit.target_user_id = user_id;
  audit.report_id = report_id;
  audit.reason = reason;
  audit.details = json::serialize(json::object{{"until", s.until ? json::value(*s.until) : json::value(nullptr)}});
  audit.at = now;
  if (auto r = core_.store.moderation().suspend(s, audit); !r) return store_failure(r.error(), "User");
  if (suspended_) suspended_(user_id);
  return s;
}

Result<void> ModerationService::unsuspend(const Actor& actor, const std::string& user_id, const std::string& reason) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  auto mine = server_role(actor);
  if (!mine) return util::fail(mine.error());
  if (mine->empty()) return fail(Errc::kForbidden, "Only the server's moderators lift suspensions");
  store::AuditEntry audit;
  audit.id = util::uuid_v7();
  audit.actor_id = actor.user_id;
  audit.action = "unsuspend";
  audit.target_user_id = user_id;
  audit.reason = reason;
  audit.details = "{}";
  audit.at = core_.now();
  auto lifted = core_.store.moderation().unsuspend(user_id, audit);
  if (!lifted) return store_failure(lifted.error(), "User");
  if (!*lifted) return fail(Errc::kNotFound, "This account is not suspended");
  return {};
}

Result<std::vector<store::Suspension>> ModerationService::suspensions(const Actor& actor) {
  auto mine = server_role(actor);
  if (!mine) return util::fail(mine.error());
  if (mine->empty()) return fail(Errc::kForbidden, "Only the server's moderators see suspensions");
  auto all = core_.store.moderation().suspensions();
  if (!all) return store_failure(all.error(), "Suspensions");
  const auto now = core_.now();
  std::erase_if(*all, [&](const store::Suspension& s) { return s.until && *s.until <= now; });
  return std::move(*all);
}

std::optional<store::User> ModerationService::person(const std::string& user_id) {
  auto u = core_.store.user_by_id(user_id);
  if (!u) return std::nullopt;
  u->password_hash.clear();
  u->last_seen.reset();
  return std::move(*u);
}

Result<void> ModerationService::set_role(const Actor& actor, const std::string& user_id, const std::string& role,
                                         const std::string& reason) {
  if (!is_one_of(role, {"admin", "moderator", "none"})) {
    return fail(Errc::kInvalidInput, "role must be admin, moderator or none");
  }
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  auto mine = server_role(actor);
  if (!mine) return util::fail(mine.error());
  if (*mine != "admin") return fail(Errc::kForbidden, "Only the server's administrators give roles");
  auto configured = is_configured_admin(user_id);
  if (!configured) return util::fail(configured.error());
  if (*configured) return fail(Errc::kInvalidInput, "A configured administrator's role is the configuration's");
  store::AuditEntry audit;
  audit.id = util::uuid_v7();
  audit.actor_id = actor.user_id;
  audit.action = "role";
  audit.target_user_id = user_id;
  audit.reason = reason;
  audit.details = json::serialize(json::object{{"role", role}});
  audit.at = core_.now();
  if (auto r = core_.store.moderation().set_staff(user_id, role == "none" ? "" : role, audit); !r) {
    return store_failure(r.error(), "User");
  }
  return {};
}

}  // namespace parley::chat
