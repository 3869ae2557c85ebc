// Auto-moderation and moderators' actions on people: the rules of the server and of groups
// (with a dry run), the hits (held and flagged messages), mutes and warnings, and a person's
// moderation notices. The rules are AutoModService's and ModerationService's.
#include "chat/moderation/moderation_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"
#include "util/ids.hpp"

#include <unordered_map>

namespace parley::http {

namespace json = boost::json;

namespace {

chat::UserLookup users_of(RouteContext& ctx) { return chat::people_of(ctx.chat.moderation); }

// The settings of a rule, as POST and PUT take them (rule_from_json checks them).
std::vector<chat::Field> rule_fields() {
  return {chat::required_string("name").describe("at most 100 characters"),
          chat::required_string("kind").describe("words, regex, links, mentions, flood, repeats or new_account"),
          chat::required_string("action").describe("flag, hold, reject or mute"),
          chat::optional_field("enabled", chat::FieldType::kBoolean).describe("default true"),
          chat::optional_string_list("words", chat::kMaxRuleWords).describe("words: words and phrases"),
          chat::optional_string("pattern").describe("regex: an RE2 pattern, at most 1000 bytes"),
          chat::optional_string("linkMode").describe("links: any, deny (the domains) or allow (only the domains)"),
          chat::optional_string_list("domains", chat::kMaxRuleWords),
          chat::optional_bounded_integer("maxMentions", 1, 1000).describe("mentions: more than this many"),
          chat::optional_bounded_integer("maxMessages", 1, 1000).describe("flood: more than this many"),
          chat::optional_bounded_integer("maxRepeats", 2, 100).describe("repeats: the same text this many times"),
          chat::optional_bounded_integer("perSeconds", 1, 3600).describe("flood, repeats: within this many seconds"),
          chat::optional_bounded_integer("newAccountHours", 0, 8760)
              .describe("only accounts younger than this (new_account: required)"),
          chat::optional_bounded_integer("muteSeconds", 1, chat::kMaxMuteSeconds).describe("mute: default 600"),
          chat::optional_string("message").describe("reject, mute: what the sender is told")};
}

// The titles of the groups moderators see in lists (staff may not be members); null: a private
// chat. Read once per chat and answer.
class ChatTitles {
 public:
  explicit ChatTitles(store::Store& store) : store_(store) {}
  json::value operator()(const std::string& chat_id) {
    if (chat_id.empty()) return nullptr;
    auto it = titles_.find(chat_id);
    if (it == titles_.end()) {
      auto chat = store_.chat_by_id(chat_id);
      it = titles_.emplace(chat_id, chat && chat->group ? json::value(chat->group->title) : json::value(nullptr)).first;
    }
    return it->second;
  }

 private:
  store::Store& store_;
  std::unordered_map<std::string, json::value> titles_;
};

std::vector<chat::Field> with(std::vector<chat::Field> fields, std::initializer_list<chat::Field> more) {
  fields.insert(fields.end(), more.begin(), more.end());
  return fields;
}

std::string scope_of(const json::object& o) { return chat::optional_text(o, "chatId").value_or(""); }

constexpr const char* kRuleErrors =
    R"j("400": {"description": "invalid_input: names the setting that is wrong (a pattern RE2 refuses, a missing list, ...)"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden: not a moderator of this scope"})j";

}  // namespace

std::vector<RouteSpec> automod_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/rules"};
    r.summary = "The auto-moderation rules of the server, or of a group (chatId)";
    r.description =
        "The server's rules: its administrators and moderators; a group's: also the group's owner and admins.";
    r.query = {chat::optional_string("chatId")};
    r.responses = R"j({"200": {"description": "{rules: [Rule]}"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto rules = ctx.chat.automod.rules(c.actor(), scope_of(c.query));
      if (!rules) return error(rules.error());
      json::array out;
      for (const auto& rule : *rules) out.push_back(chat::rule_json(rule));
      return json_ok(200, json::object{{"rules", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/rules"};
    r.summary = "Add an auto-moderation rule to the server or to a group (chatId)";
    r.description =
        "Matched against every message sent and edited in its scope (a group's rules and the server's). What a match "
        "does: flag (delivered, listed for moderators), hold (not delivered until approved), reject (refused with "
        "`message`), mute (refused, and the sender muted in the scope for muteSeconds). The strongest action of the "
        "rules matched wins. At most 200 rules a scope. Audited.";
    r.body = chat::Schema(with(rule_fields(), {chat::optional_string("chatId").describe("absent: the server's")}));
    r.responses =
        std::string(
            R"j({"201": {"description": "the rule: {id, chatId, name, enabled, kind, action, ...settings, updatedBy, updatedAt}"},
      )j") +
        kRuleErrors + "}";
    r.run = [&ctx](const RestCall& c) {
      auto rule = ctx.chat.automod.put_rule(c.actor(), scope_of(c.body), std::nullopt, c.body);
      if (!rule) return error(rule.error());
      return json_ok(201, chat::rule_json(*rule));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::put;
    r.paths = {"/api/v1/moderation/rules/:ruleId"};
    r.summary = "Change an auto-moderation rule (all its settings; switch it off with enabled: false)";
    r.body = chat::Schema(rule_fields());
    r.responses = std::string(R"j({"200": {"description": "the rule after"}, "404": {"description": "no such rule"},
      )j") + kRuleErrors +
                  "}";
    r.run = [&ctx](const RestCall& c) {
      auto rule = ctx.chat.automod.put_rule(c.actor(), "", std::string(c.params.get("ruleId")), c.body);
      if (!rule) return error(rule.error());
      return json_ok(200, chat::rule_json(*rule));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/moderation/rules/:ruleId"};
    r.summary = "Delete an auto-moderation rule";
    r.responses = R"j({"204": {"description": "deleted, audited"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}, "404": {"description": "no such rule"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done = ctx.chat.automod.delete_rule(c.actor(), std::string(c.params.get("ruleId")));
      if (!done) return error(done.error());
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/rules/dry-run"};
    r.summary = "What a rule would have matched among the latest messages, before it is saved or switched on";
    r.description =
        "Reads the latest `limit` text messages (at most 1000) of the group (chatId) or of the whole server, oldest "
        "to newest as they were sent (flood and repeat rules count as they would have), and answers the matches, the "
        "latest first (at most 50 shown). A mentions rule sees no mentions here.";
    r.body = chat::Schema(
        with(rule_fields(), {chat::optional_string("chatId"), chat::optional_bounded_integer("limit", 1, 1000)}));
    r.responses =
        std::string(
            R"j({"200": {"description": "{checked, matchedCount, matches: [{id, chatId, senderId, sender, content, seq, createdAt}]}"},
      )j") +
        kRuleErrors + "}";
    r.run = [&ctx](const RestCall& c) {
      const auto limit = static_cast<std::size_t>(chat::optional_integer(c.body, "limit").value_or(1000));
      auto run = ctx.chat.automod.dry_run(c.actor(), scope_of(c.body), c.body, limit);
      if (!run) return error(run.error());
      json::array matches;
      const auto lookup = users_of(ctx);
      for (const auto& t : run->matched) {
        json::object m{{"id", t.id},           {"chatId", t.chat_id}, {"senderId", t.sender_id},
                       {"content", t.content}, {"seq", t.seq},        {"createdAt", util::iso8601(t.created_at)}};
        auto u = lookup(t.sender_id);
        m["sender"] = u ? json::value(chat::user_json(*u)) : json::value(nullptr);
        matches.push_back(std::move(m));
      }
      return json_ok(
          200, json::object{
                   {"checked", run->checked}, {"matchedCount", run->matched_count}, {"matches", std::move(matches)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/hits"};
    r.summary = "What the auto-moderation rules did, the latest first: held, flagged, rejected messages, mutes";
    r.description =
        "The server's staff see every hit; a group's owner and admins those in their group (chatId required). "
        "status: held (waiting for review), open (flagged, delivered), done (rejected or muted), approved, "
        "rejected, dismissed, deleted.";
    r.query = {chat::optional_string("chatId"), chat::optional_string("status"), chat::optional_string("before"),
               chat::optional_bounded_integer("limit", 1, 100)};
    r.responses =
        R"j({"200": {"description": "{hits: [{id, chatId, chatTitle, userId, user, scope, action, rules: [{id, name}], content, messageId, status, createdAt, decidedBy, decidedAt}], nextBefore}"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) {
      store::HitQuery q;
      q.chat_id = chat::optional_text(c.query, "chatId");
      q.status = chat::optional_text(c.query, "status");
      q.before_id = chat::optional_text(c.query, "before").value_or("");
      q.limit = static_cast<std::size_t>(chat::optional_integer(c.query, "limit").value_or(50));
      auto hits = ctx.chat.automod.hits(c.actor(), q);
      if (!hits) return error(hits.error());
      json::array out;
      const auto lookup = users_of(ctx);
      ChatTitles titles(ctx.store);
      for (const auto& h : *hits) {
        auto o = chat::hit_json(h, lookup);
        o["chatTitle"] = titles(h.chat_id);
        out.push_back(std::move(o));
      }
      json::object o{{"hits", std::move(out)}};
      o["nextBefore"] = hits->empty() ? json::value(nullptr) : json::value(hits->back().id);
      return json_ok(200, o);
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/hits/:hitId/actions"};
    r.summary = "Decide a hit: approve or reject a held message; dismiss or delete a flagged one";
    r.description =
        "approve sends the held message as its sender asked, into its chat, now (its sender hears of it); reject "
        "drops it (its sender is told, with the reason). Audited. Two moderators deciding at once: one wins, the "
        "other gets conflict, and an approved message is sent once.";
    r.body = {chat::required_string("action").describe("approve, reject, dismiss or delete"),
              chat::optional_string("reason")};
    r.responses = R"j({"200": {"description": "the hit after"}, "400": {"description": "invalid_input"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden; or the sender may no longer send there"},
      "404": {"description": "not_found"}, "409": {"description": "conflict: decided already"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto hit = ctx.chat.automod.decide(c.actor(), std::string(c.params.get("hitId")), chat::text(c.body, "action"),
                                         chat::optional_text(c.body, "reason").value_or(""));
      if (!hit) return error(hit.error());
      return json_ok(200, chat::hit_json(*hit, users_of(ctx)));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/users/:userId/mute"};
    r.summary = "Mute a person in a group (chatId: its owner and admins, or staff) or everywhere (staff)";
    r.description = "Their sends there fail with `muted` until it ends; they are told (moderation:notice). Audited.";
    r.body = {chat::optional_string("chatId"), chat::bounded_integer("durationSeconds", 60, chat::kMaxMuteSeconds),
              chat::optional_string("reason")};
    r.responses =
        R"j({"200": {"description": "{userId, user, chatId, by, at, until, reason}"}, "400": {"description": "invalid_input: oneself, staff, a group's admin"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}, "404": {"description": "no such user"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto m = ctx.chat.moderation.mute(c.actor(), std::string(c.params.get("userId")), scope_of(c.body),
                                        chat::integer(c.body, "durationSeconds"),
                                        chat::optional_text(c.body, "reason").value_or(""));
      if (!m) return error(m.error());
      return json_ok(200, chat::mute_json(*m, users_of(ctx)));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/users/:userId/unmute"};
    r.summary = "Lift a mute in a group (chatId) or everywhere";
    r.body = {chat::optional_string("chatId"), chat::optional_string("reason")};
    r.responses = R"j({"200": {"description": "{userId, muted: false}"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}, "404": {"description": "not muted there"}})j";
    r.run = [&ctx](const RestCall& c) {
      const std::string id(c.params.get("userId"));
      auto done = ctx.chat.moderation.unmute(c.actor(), id, scope_of(c.body),
                                             chat::optional_text(c.body, "reason").value_or(""));
      if (!done) return error(done.error());
      return json_ok(200, json::object{{"userId", id}, {"muted", false}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/moderation/users/:userId/warn"};
    r.summary = "Warn a person: a notice on every device of theirs, about a group (chatId) or not";
    r.body = {chat::optional_string("chatId"), chat::required_string("reason").describe("what they read")};
    r.responses = R"j({"204": {"description": "told, audited"}, "400": {"description": "invalid_input"},
      "401": {"description": "unauthorized"}, "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done = ctx.chat.moderation.warn(c.actor(), std::string(c.params.get("userId")), scope_of(c.body),
                                           chat::text(c.body, "reason"));
      if (!done) return error(done.error());
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/moderation/mutes"};
    r.summary = "The mutes in force in a group (chatId), or all of them (staff)";
    r.query = {chat::optional_string("chatId")};
    r.responses =
        R"j({"200": {"description": "{mutes: [{userId, user, chatId, chatTitle, by, at, until, reason}]}"}, "401": {"description": "unauthorized"},
      "403": {"description": "forbidden"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto all = ctx.chat.moderation.mutes(c.actor(), scope_of(c.query));
      if (!all) return error(all.error());
      json::array out;
      const auto lookup = users_of(ctx);
      ChatTitles titles(ctx.store);
      for (const auto& m : *all) {
        auto o = chat::mute_json(m, lookup);
        o["chatTitle"] = titles(m.chat_id);
        out.push_back(std::move(o));
      }
      return json_ok(200, json::object{{"mutes", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/moderation-notices"};
    r.summary = "What moderation told the caller (warnings, mutes, held messages decided), the latest 20";
    r.responses =
        R"j({"200": {"description": "{notices: [{id, kind: warning | muted | held_approved | held_rejected, chatId, text, at, until}]}"},
      "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto all = ctx.chat.moderation.notices(c.actor());
      if (!all) return error(all.error());
      json::array out;
      for (const auto& n : *all) out.push_back(chat::notice_json(n));
      return json_ok(200, json::object{{"notices", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
