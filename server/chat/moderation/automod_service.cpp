#include "chat/moderation/automod_service.hpp"

#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace parley::chat {
namespace {

namespace json = boost::json;

constexpr std::size_t kDryRunShown = 50;

store::AuditEntry audit_line(const Actor& actor, std::string action, std::string chat_id, std::string reason,
                             json::object details, std::int64_t at) {
  store::AuditEntry a;
  a.id = util::uuid_v7();
  a.actor_id = actor.user_id;
  a.action = std::move(action);
  a.chat_id = std::move(chat_id);
  a.reason = std::move(reason);
  a.details = json::serialize(details);
  a.at = at;
  return a;
}

std::vector<std::string> strings_of(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v && v->is_array()) {
    for (const auto& s : v->get_array()) {
      if (s.is_string()) out.emplace_back(s.get_string());
    }
  }
  return out;
}

std::optional<std::string> text_of(const json::object& o, std::string_view key) {
  if (const auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->get_string());
  return std::nullopt;
}

}  // namespace

Result<void> AutoModService::check_moderates(const Actor& actor, const std::string& chat_id) {
  if (!chat_id.empty()) {
    auto chat = core_.access.chat(actor.user_id, chat_id);
    if (chat && !chat->group) return fail(Errc::kInvalidInput, "Rules belong to the server or to a group");
  }
  auto allowed = moderation_.may_moderate(actor, chat_id);
  if (!allowed) return util::fail(allowed.error());
  if (!*allowed) {
    return fail(Errc::kForbidden, chat_id.empty() ? "Only the server's moderators see the server's rules"
                                                  : "Only this group's owner and admins moderate it");
  }
  return {};
}

Result<std::vector<AutoRule>> AutoModService::rules(const Actor& actor, const std::string& chat_id) {
  if (auto ok = check_moderates(actor, chat_id); !ok) return util::fail(ok.error());
  return core_.automod.rules_of(chat_id);
}

Result<AutoRule> AutoModService::put_rule(const Actor& actor, const std::string& chat_id,
                                          const std::optional<std::string>& id, const json::object& body) {
  if (id && !util::is_uuid(*id)) return fail(Errc::kInvalidInput, "ruleId must be an id");
  std::string scope = chat_id;
  std::vector<AutoRule> existing;
  if (id) {
    // A rule keeps its scope: find it among the rules there are.
    auto all = core_.store.moderation().automod_rules(std::nullopt);
    if (!all) return store_failure(all.error(), "Rule");
    auto it = std::find_if(all->begin(), all->end(), [&](const store::AutoModRule& r) { return r.id == *id; });
    if (it == all->end()) return fail(Errc::kNotFound, "No such rule");
    scope = it->scope;
  }
  if (auto ok = check_moderates(actor, scope); !ok) return util::fail(ok.error());
  auto rule = rule_from_json(body);
  if (!rule) return util::fail(rule.error());
  if (!id) {
    auto here = core_.automod.rules_of(scope);
    if (!here) return util::fail(here.error());
    if (here->size() >= kMaxRulesPerScope) {
      return fail(Errc::kInvalidInput, "A scope holds at most " + std::to_string(kMaxRulesPerScope) + " rules");
    }
  }
  rule->id = id.value_or(util::uuid_v7());
  rule->match.id = rule->id;
  rule->scope = scope;
  rule->updated_by = actor.user_id;
  rule->updated_at = core_.now();
  store::AutoModRule stored{rule->id, scope, rule_config(*rule), actor.user_id, rule->updated_at};
  auto audit = audit_line(actor, id ? "rule_changed" : "rule_added", scope, "",
                          json::object{{"ruleId", rule->id}, {"name", rule->name}, {"enabled", rule->enabled}},
                          rule->updated_at);
  if (auto r = core_.store.moderation().put_automod_rule(stored, audit); !r) return store_failure(r.error(), "Rule");
  core_.automod.rules_changed(scope);
  return std::move(*rule);
}

Result<void> AutoModService::delete_rule(const Actor& actor, const std::string& rule_id) {
  if (!util::is_uuid(rule_id)) return fail(Errc::kInvalidInput, "ruleId must be an id");
  auto all = core_.store.moderation().automod_rules(std::nullopt);
  if (!all) return store_failure(all.error(), "Rule");
  auto it = std::find_if(all->begin(), all->end(), [&](const store::AutoModRule& r) { return r.id == rule_id; });
  if (it == all->end()) return fail(Errc::kNotFound, "No such rule");
  if (auto ok = check_moderates(actor, it->scope); !ok) return util::fail(ok.error());
  auto done = core_.store.moderation().delete_automod_rule(
      rule_id, audit_line(actor, "rule_deleted", it->scope, "", json::object{{"ruleId", rule_id}}, core_.now()));
  if (!done) return store_failure(done.error(), "Rule");
  if (!*done) return fail(Errc::kNotFound, "No such rule");
  core_.automod.rules_changed(it->scope);
  return {};
}

Result<DryRun> AutoModService::dry_run(const Actor& actor, const std::string& chat_id, const json::object& body,
                                       std::size_t limit) {
  if (auto ok = check_moderates(actor, chat_id); !ok) return util::fail(ok.error());
  auto rule = rule_from_json(body);
  if (!rule) return util::fail(rule.error());
  rule->id = "dry-run";
  auto texts = core_.store.moderation().latest_texts(
      chat_id.empty() ? std::nullopt : std::optional<std::string_view>(chat_id), std::min(limit, kDryRunMessages));
  if (!texts) return store_failure(texts.error(), "Chat");
  // The text kinds' matcher, compiled once (rule_from_json compiled it once already: it can be).
  std::optional<moderation::RuleSet> set;
  if (rule->kind != "flood" && rule->kind != "repeats" && rule->kind != "new_account") {
    set = moderation::RuleSet::compile({rule->match}, nullptr);
  }
  DryRun out;
  out.checked = texts->size();
  std::unordered_map<std::string, store::TimeMs> created;                        // the senders' accounts
  std::unordered_map<std::string, std::deque<const store::RecentText*>> recent;  // by sender, for flood and repeats
  std::vector<const store::RecentText*> matched;
  // Oldest first, as they were sent.
  for (auto it = texts->rbegin(); it != texts->rend(); ++it) {
    const auto& t = *it;
    bool hit = false;
    if (rule->kind == "flood" || rule->kind == "repeats") {
      auto& seen = recent[t.sender_id];
      while (!seen.empty() && seen.front()->created_at <= t.created_at - rule->per_seconds * 1000) seen.pop_front();
      seen.push_back(&t);
      const auto same =
          std::count_if(seen.begin(), seen.end(), [&](const store::RecentText* s) { return s->content == t.content; });
      hit = rule->kind == "flood" ? static_cast<std::int64_t>(seen.size()) > rule->max_messages
                                  : same >= rule->max_repeats;
    } else if (rule->kind == "new_account") {
      hit = true;
    } else {
      hit = set && !set->match(t.content, 0).empty();
    }
    if (hit && rule->new_account_hours > 0) {
      auto c = created.find(t.sender_id);
      if (c == created.end()) {
        auto user = core_.store.user_by_id(t.sender_id);
        if (!user) return store_failure(user.error(), "User");
        c = created.emplace(t.sender_id, user->created_at).first;
      }
      hit = t.created_at - c->second < rule->new_account_hours * 3600 * 1000;
    }
    if (hit) matched.push_back(&t);
  }
  out.matched_count = matched.size();
  for (auto it = matched.rbegin(); it != matched.rend() && out.matched.size() < kDryRunShown; ++it) {
    out.matched.push_back(**it);
  }
  return out;
}

Result<std::vector<store::AutoModHit>> AutoModService::hits(const Actor& actor, const store::HitQuery& query) {
  auto role = moderation_.server_role(actor);
  if (!role) return util::fail(role.error());
  if (role->empty()) {
    if (!query.chat_id) return fail(Errc::kForbidden, "Only the server's moderators see every hit");
    if (auto ok = check_moderates(actor, *query.chat_id); !ok) return util::fail(ok.error());
  }
  auto all = core_.store.moderation().hits(query);
  if (!all) return store_failure(all.error(), "Hit");
  return std::move(*all);
}

Result<store::Appended> AutoModService::send_held(const store::AutoModHit& hit) {
  boost::system::error_code ec;
  auto v = json::parse(hit.request, ec);
  if (ec || !v.is_object()) return fail(Errc::kInternal, "The held message cannot be read");
  const auto& o = v.get_object();
  SendRequest r;
  r.chat_id = hit.chat_id;
  r.content = text_of(o, "content").value_or("");
  // The sender's own id when they gave one (their client finds its message by it); else one
  // of the hit's, so that two approvals send it once.
  r.client_message_id = text_of(o, "clientMessageId").value_or("held:" + hit.id);
  r.links.reply_to_id = text_of(o, "replyToId");
  r.links.quote = text_of(o, "quote");
  r.links.thread_root_id = text_of(o, "threadRootId");
  r.links.also_to_chat = o.if_contains("alsoToChat") != nullptr;
  r.attachments = strings_of(o, "attachments");
  r.mentions.users = strings_of(o, "mentions");
  r.mentions.all = o.if_contains("mentionAll") != nullptr;
  r.reviewed = true;
  auto sent = messages_.send_messages(Actor(hit.user_id), {std::move(r)});
  return std::move(sent.front());
}

Result<store::AutoModHit> AutoModService::decide(const Actor& actor, const std::string& hit_id,
                                                 const std::string& action, const std::string& reason) {
  if (!util::is_uuid(hit_id)) return fail(Errc::kInvalidInput, "hitId must be an id");
  if (action != "approve" && action != "reject" && action != "dismiss" && action != "delete") {
    return fail(Errc::kInvalidInput, "action must be approve, reject, dismiss or delete");
  }
  auto hit = core_.store.moderation().hit(hit_id);
  if (!hit) return store_failure(hit.error(), "Hit");
  auto allowed = moderation_.may_moderate(actor, hit->chat_id);
  if (!allowed) return util::fail(allowed.error());
  if (!*allowed) return fail(Errc::kForbidden, "You do not moderate this chat");
  const bool held = hit->status == "held";
  if (hit->status != "held" && hit->status != "open") return fail(Errc::kConflict, "This was decided already");
  if ((action == "approve" || action == "reject") != held) {
    return fail(Errc::kInvalidInput,
                held ? "A held message is approved or rejected" : "A flagged message is dismissed or deleted");
  }
  std::string message_id = hit->message_id;
  if (action == "approve") {
    auto sent = send_held(*hit);
    if (!sent) return util::fail(sent.error());
    message_id = sent->message.id;
  }
  if (action == "delete") {
    auto deleted = lifecycle_.delete_as_moderator(actor.user_id, hit->message_id);
    if (!deleted && deleted.error().code != Errc::kNotFound) return util::fail(deleted.error());
  }
  const std::string status = action == "approve"   ? "approved"
                             : action == "reject"  ? "rejected"
                             : action == "dismiss" ? "dismissed"
                                                   : "deleted";
  auto audit = audit_line(actor, action, hit->chat_id, reason, json::object{{"hitId", hit->id}}, core_.now());
  audit.target_user_id = hit->user_id;
  auto decided = core_.store.moderation().decide_hit(hit->id, status, message_id, audit);
  if (!decided) {
    if (decided.error() == store::Errc::kInvalid) return fail(Errc::kConflict, "This was decided already");
    return store_failure(decided.error(), "Hit");
  }
  if (held) {
    core_.automod.tell(
        {util::uuid_v7(), hit->user_id, action == "approve" ? "held_approved" : "held_rejected", hit->chat_id,
         action == "approve" ? "A moderator approved your message; it was delivered"
                             : "A moderator rejected your message" + (reason.empty() ? "" : ": " + reason),
         core_.now(), std::nullopt});
  }
  return std::move(*decided);
}

}  // namespace parley::chat
