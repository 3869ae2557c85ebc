// Reports and moderation: reporting a message, a person or a group; the reporter's own reports;
// the moderation queue and its actions, the audit log, the server's staff. The rules are
// ModerationService's.
#include "chat/moderation/moderation_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"
#include "util/utf8.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

chat::UserLookup users_of(RouteContext& ctx) { return chat::people_of(ctx.chat.moderation); }

json::object reports_json(RouteContext& ctx, const std::vector<store::Report>& reports, bool moderator) {
  json::array out;
  const auto lookup = users_of(ctx);
  for (const auto& r : reports) out.push_back(chat::report_json(r, moderator, lookup));
  json::object o{{"reports", std::move(out)}};
  o["nextBefore"] = reports.empty() ? json::value(nullptr) : json::value(reports.back().id);
  return o;
}

Response staff_answer(RouteContext& ctx, const RestCall& c) {
  auto staff = ctx.chat.moderation.staff(c.actor());
  if (!staff) return error(staff.error());
  json::array out;
  for (const auto& s : *staff) out.push_back(chat::staff_json(s));
  return json_ok(200, json::object{{"staff", std::move(out)}});
}

std::size_t limit_of(const json::object& query) {
  return static_cast<std::size_t>(chat::optional_integer(query, "limit").value_or(50));
}

}  // namespace

std::vector<RouteSpec> moderation_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/reports"};
    r.summary = "Report a message, a person or a group";
    r.description =
        "The report keeps the reported message and up to 20 messages around it as they are now (a person: the latest "
        "of their private chat with the caller; a group: its latest), for the moderators only. block: also block the "
        "person it is about. At most 10 reports a minute.";
    r.body = {chat::required_string("kind").describe("message, user or group"),
              chat::required_string("targetId").describe("the message's, person's or group's id"),
              chat::required_string("category").describe("spam, harassment, violence, sexual, illegal or other"),
              chat::optional_string("comment").describe("at most 1000 characters"),
              chat::optional_field("block", chat::FieldType::kBoolean)};
    r.responses =
        R"j({"201": {"description": "the report, as its reporter sees it: {id, kind, targetId, userId, chatId, category, comment, status, createdAt, resolvedAt, resolution}"},
      "400": {"description": "invalid_input"}, "401": {"description": "unauthorized"}, "403": {"description": "forbidden: the caller cannot see it"},
      "404": {"description": "not_found"}, "429": {"description": "rate_limited"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::ReportRequest req;
      req.kind = chat::text(c.body, "kind");
      req.target_id = chat::text(c.body, "targetId");
      req.category = chat::text(c.body, "category");
      req.comment = chat::optional_text(c.body, "comment").value_or("");
      req.block = chat::optional_boolean(c.body, "block").value_or(false);
      auto report = ctx.chat.moderation.report(c.actor(), req);
      if (!report) return error(report.error());
      return json_ok(201, chat::report_json(*report, false, users_of(ctx)));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/reports"};
    r.summary = "The caller's reports and their status, the latest first";
    r.query = {chat::optional_string("before").describe("a report id: the page after it"),
               chat::optional_bounded_integer("limit", 1, 100)};
    r.responses =
        R"j({"200": {"description": "{reports: [Report], nextBefore}"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto reports = ctx.chat.moderation.my_reports(c.actor(), chat::optional_text(c.query, "before").value_or(""),
                                                    limit_of(c.query));
      if (!reports) return error(reports.error());
      return json_ok(200, reports_json(ctx, *reports, false));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/role"};
    r.summary = "The caller's server role";
    r.responses =
        R"j({"200": {"description": "{serverRole: admin | moderator | null}"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto role = ctx.chat.moderation.server_role(c.actor());
      if (!role) return error(role.error());
      return json_ok(200, json::object{{"serverRole", role->empty() ? json::value(nullptr) : json::value(*role)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/reports"};
    r.summary = "The moderation queue, the latest first";
    r.description =
        "The server's administrators and moderators see every report; a group's owner and admins the reports of "
        "messages in their group (chatId required). Each with its reporter, the person it is about and the messages "
        "kept when it was made.";
    r.query = {chat::optional_string("chatId"), chat::optional_string("status").describe("open, dismissed, resolved"),
               chat::optional_string("category"), chat::optional_string("before"),
               chat::optional_bounded_integer("limit", 1, 100)};
    r.responses =
        R"j({"200": {"description": "{reports: [Report with reporter, user, context], nextBefore}"}, "400": {"description": "invalid_input"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden: not a moderator of this scope"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::QueueQuery q;
      q.chat_id = chat::optional_text(c.query, "chatId");
      q.status = chat::optional_text(c.query, "status");
      q.category = chat::optional_text(c.query, "category");
      q.before_id = chat::optional_text(c.query, "before").value_or("");
      q.limit = limit_of(c.query);
      auto reports = ctx.chat.moderation.queue(c.actor(), q);
      if (!reports) return error(reports.error());
      return json_ok(200, reports_json(ctx, *reports, true));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/reports/:reportId/actions"};
    r.summary =
        "Act on a report: dismiss it, delete the reported message for everyone, warn, mute, remove or suspend the "
        "person";
    r.description =
        "Closes the report and writes the action to the audit log with the reason. warn: the person it is about is "
        "told the reason (moderation:notice). remove: out of the report's group (its owner and admins, as any removal "
        "there). mute: in the report's group, or everywhere for a private chat's or a "
        "person's report (the server's staff), for durationSeconds (default 3600). suspend (the server's staff): the "
        "account the report is about, for durationSeconds (absent: until lifted).";
    r.body = {chat::required_string("action").describe("dismiss, delete, warn, mute, remove or suspend"),
              chat::optional_string("reason").describe("at most 1000 characters"),
              chat::optional_bounded_integer("durationSeconds", 60, 315360000)};
    r.responses =
        R"j({"200": {"description": "the report after, as the queue shows it"}, "400": {"description": "invalid_input"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}, "404": {"description": "not_found"},
      "409": {"description": "conflict: the report was closed already"}})j";
    r.run = [&ctx](const RestCall& c) {
      const std::string action = chat::text(c.body, "action");
      const std::string reason = chat::optional_text(c.body, "reason").value_or("");
      if (action == "remove") {
        // Out of the group first, as its owner or an admin removes anyone (the group's rules and
        // announcements); then the report closes. Only what act() would accept is removed: an
        // open report of a message in a group by someone else, with a reason that fits.
        auto found = ctx.store.moderation().report(c.params.get("reportId"));
        if (found && found->status == "open" && !found->user_id.empty() && found->user_id != c.actor().user_id &&
            util::is_valid_utf8(reason) && util::utf8_length(reason) <= chat::kMaxReportComment) {
          auto group = ctx.store.chat_by_id(found->chat_id);
          if (group && group->group) {
            auto removed = ctx.chat.groups.remove_member(c.actor(), found->chat_id, found->user_id);
            if (!removed && removed.error().code != chat::Errc::kNotFound) return error(removed.error());
          }
        }
      }
      auto report = ctx.chat.moderation.act(c.actor(), std::string(c.params.get("reportId")), action, reason,
                                            chat::optional_integer(c.body, "durationSeconds"));
      if (!report) return error(report.error());
      return json_ok(200, chat::report_json(*report, true, users_of(ctx)));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/audit"};
    r.summary = "The audit log, the latest first";
    r.description = "The server's staff read all of it; a group's owner and admins its lines (chatId required).";
    r.query = {chat::optional_string("chatId"), chat::optional_string("before"),
               chat::optional_bounded_integer("limit", 1, 100)};
    r.responses =
        R"j({"200": {"description": "{entries: [{id, actorId, action, userId, chatId, reportId, reason, details, at}], nextBefore}"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) {
      store::AuditQuery q;
      q.chat_id = chat::optional_text(c.query, "chatId");
      q.before_id = chat::optional_text(c.query, "before").value_or("");
      q.limit = limit_of(c.query);
      auto log = ctx.chat.moderation.audit_log(c.actor(), q);
      if (!log) return error(log.error());
      json::array entries;
      for (const auto& e : *log) entries.push_back(chat::audit_json(e));
      json::object o{{"entries", std::move(entries)}};
      o["nextBefore"] = log->empty() ? json::value(nullptr) : json::value(log->back().id);
      return json_ok(200, o);
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/staff"};
    r.summary = "The server's administrators and moderators (staff only)";
    r.responses =
        R"j({"200": {"description": "{staff: [{user, role, grantedAt, configured}]}"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) { return staff_answer(ctx, c); };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::put;
    r.paths = {"/api/v1/moderation/staff/:userId"};
    r.summary = "Give a person a server role, or take it (administrators only)";
    r.body = {chat::required_string("role").describe("admin, moderator or none"), chat::optional_string("reason")};
    r.responses =
        R"j({"200": {"description": "done, written to the audit log: the staff after, as GET answers"}, "400": {"description": "invalid_input"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}, "404": {"description": "no such user"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done =
          ctx.chat.moderation.set_role(c.actor(), std::string(c.params.get("userId")), chat::text(c.body, "role"),
                                       chat::optional_text(c.body, "reason").value_or(""));
      if (!done) return error(done.error());
      return staff_answer(ctx, c);
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/users/:userId/suspend"};
    r.summary = "Suspend an account (the server's staff)";
    r.description =
        "From now on none of its tokens works on any instance (REST answers 403, Socket.IO refuses to connect), it "
        "cannot sign in, and every open socket of it hears session:revoked {reason: suspended} and is disconnected. "
        "Written to the audit log.";
    r.body = {chat::optional_bounded_integer("durationSeconds", 60, 315360000).describe("absent: until lifted"),
              chat::optional_string("reason")};
    r.responses =
        R"j({"200": {"description": "{userId, by, at, until (null: until lifted), reason}"}, "400": {"description": "invalid_input: oneself, or staff"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}, "404": {"description": "no such user"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto s = ctx.chat.moderation.suspend(c.actor(), std::string(c.params.get("userId")),
                                           chat::optional_integer(c.body, "durationSeconds"),
                                           chat::optional_text(c.body, "reason").value_or(""));
      if (!s) return error(s.error());
      return json_ok(200, chat::suspension_json(*s, nullptr));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/users/:userId/unsuspend"};
    r.summary = "Lift an account's suspension (the server's staff)";
    r.body = {chat::optional_string("reason")};
    r.responses =
        R"j({"200": {"description": "{userId, suspended: false}"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}, "404": {"description": "not suspended"}})j";
    r.run = [&ctx](const RestCall& c) {
      const std::string id(c.params.get("userId"));
      auto done = ctx.chat.moderation.unsuspend(c.actor(), id, chat::optional_text(c.body, "reason").value_or(""));
      if (!done) return error(done.error());
      return json_ok(200, json::object{{"userId", id}, {"suspended", false}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/suspensions"};
    r.summary = "The accounts suspended now (the server's staff)";
    r.responses =
        R"j({"200": {"description": "{suspensions: [{userId, user, by, at, until, reason}]}"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto all = ctx.chat.moderation.suspensions(c.actor());
      if (!all) return error(all.error());
      json::array out;
      const auto lookup = users_of(ctx);
      for (const auto& s : *all) out.push_back(chat::suspension_json(s, &lookup));
      return json_ok(200, json::object{{"suspensions", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
