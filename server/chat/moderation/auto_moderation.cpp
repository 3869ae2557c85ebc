#include "chat/moderation/auto_moderation.hpp"

#include "chat/store_errors.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace parley::chat {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 7> kKinds{"words", "regex",   "links",      "mentions",
                                                 "flood", "repeats", "new_account"};
constexpr std::array<std::string_view, 4> kActions{"flag", "hold", "reject", "mute"};
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxMessage = 300;
constexpr std::int64_t kMaxWindowSeconds = 3600;
constexpr std::int64_t kMaxAccountHours = 24 * 365;
// How many of a person's latest messages a scope remembers for flood and repeat rules.
constexpr std::size_t kRecentPerSender = 100;
constexpr std::size_t kMaxCached = 100000;  // scopes, people: past it the cache starts again

util::Failure<Error> invalid(std::string message) { return fail(Errc::kInvalidInput, std::move(message)); }

// An optional whole number field within [lo, hi]; `fallback` when absent.
Result<std::int64_t> number(const json::object& o, std::string_view key, std::int64_t lo, std::int64_t hi,
                            std::int64_t fallback) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(hi)) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else {
    return invalid(std::string(key) + " must be a whole number");
  }
  if (n < lo || n > hi) {
    return invalid(std::string(key) + " must be from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return n;
}

Result<std::string> text(const json::object& o, std::string_view key, std::size_t max_chars, bool required) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return invalid(std::string(key) + " is required");
    return std::string();
  }
  if (!v->is_string()) return invalid(std::string(key) + " must be a string");
  std::string s(v->get_string());
  if (!util::is_valid_utf8(s)) return invalid(std::string(key) + " must be valid UTF-8");
  if (util::utf8_length(s) > max_chars) {
    return invalid(std::string(key) + " must be at most " + std::to_string(max_chars) + " characters");
  }
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid(std::string(key) + " must not be empty");
  }
  return s;
}

Result<std::vector<std::string>> strings(const json::object& o, std::string_view key, std::size_t max_items) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::vector<std::string>{};
  if (!v->is_array()) return invalid(std::string(key) + " must be a list of strings");
  const auto& a = v->get_array();
  if (a.size() > max_items) return invalid(std::string(key) + " holds at most " + std::to_string(max_items));
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (!item.is_string()) return invalid(std::string(key) + " must be a list of strings");
    std::string s(item.get_string());
    if (!util::is_valid_utf8(s) || s.size() > 200) {
      return invalid(std::string(key) + " items must be valid UTF-8 of at most 200 bytes");
    }
    if (s.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(std::move(s));
  }
  return out;
}

json::array string_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string_view link_mode_name(moderation::LinkMode m) {
  switch (m) {
    case moderation::LinkMode::kAny:
      return "any";
    case moderation::LinkMode::kDeny:
      return "deny";
    case moderation::LinkMode::kAllow:
      return "allow";
  }
  return "any";
}

bool uses_rule_set(const AutoRule& r) {
  return r.kind == "words" || r.kind == "regex" || r.kind == "links" || r.kind == "mentions";
}

// What a verdict's message says when the rule gives none.
std::string default_message(const AutoRule& r) {
  if (r.action == AutoAction::kMute) return "You sent too much too fast or something a rule forbids; you are muted";
  return "This message breaks a moderation rule (" + r.name + ")";
}

}  // namespace

std::string_view action_name(AutoAction action) { return kActions.at(static_cast<std::size_t>(action)); }

Result<AutoRule> rule_from_json(const json::object& o) {
  AutoRule r;
  auto name = text(o, "name", kMaxName, true);
  if (!name) return util::fail(name.error());
  r.name = std::move(*name);
  if (const auto* e = o.if_contains("enabled"); e && !e->is_null()) {
    if (!e->is_bool()) return invalid("enabled must be true or false");
    r.enabled = e->get_bool();
  }
  auto kind = text(o, "kind", 20, true);
  if (!kind) return util::fail(kind.error());
  if (std::find(kKinds.begin(), kKinds.end(), *kind) == kKinds.end()) {
    return invalid("kind must be words, regex, links, mentions, flood, repeats or new_account");
  }
  r.kind = std::move(*kind);
  auto action = text(o, "action", 10, true);
  if (!action) return util::fail(action.error());
  const auto a = std::find(kActions.begin(), kActions.end(), *action);
  if (a == kActions.end()) return invalid("action must be flag, hold, reject or mute");
  r.action = static_cast<AutoAction>(a - kActions.begin());
  auto message = text(o, "message", kMaxMessage, false);
  if (!message) return util::fail(message.error());
  r.message = std::move(*message);
  auto mute = number(o, "muteSeconds", 1, kMaxMuteSeconds, r.action == AutoAction::kMute ? 600 : 0);
  if (!mute) return util::fail(mute.error());
  r.mute_seconds = *mute;
  auto hours = number(o, "newAccountHours", 0, kMaxAccountHours, 0);
  if (!hours) return util::fail(hours.error());
  r.new_account_hours = *hours;

  r.match.id = "0";
  if (r.kind == "words") {
    r.match.kind = moderation::RuleKind::kWords;
    auto words = strings(o, "words", kMaxRuleWords);
    if (!words) return util::fail(words.error());
    if (words->empty()) return invalid("words must list at least one word or phrase");
    r.match.words = std::move(*words);
  } else if (r.kind == "regex") {
    r.match.kind = moderation::RuleKind::kRegex;
    auto pattern = text(o, "pattern", moderation::kMaxPatternBytes, true);
    if (!pattern) return util::fail(pattern.error());
    r.match.pattern = std::move(*pattern);
  } else if (r.kind == "links") {
    r.match.kind = moderation::RuleKind::kLinks;
    auto mode = text(o, "linkMode", 10, false);
    if (!mode) return util::fail(mode.error());
    if (mode->empty() || *mode == "any") {
      r.match.link_mode = moderation::LinkMode::kAny;
    } else if (*mode == "deny") {
      r.match.link_mode = moderation::LinkMode::kDeny;
    } else if (*mode == "allow") {
      r.match.link_mode = moderation::LinkMode::kAllow;
    } else {
      return invalid("linkMode must be any, deny or allow");
    }
    auto domains = strings(o, "domains", kMaxRuleWords);
    if (!domains) return util::fail(domains.error());
    if (r.match.link_mode != moderation::LinkMode::kAny && domains->empty()) {
      return invalid("domains must list at least one domain");
    }
    for (auto& d : *domains)
      std::transform(d.begin(), d.end(), d.begin(), [](unsigned char c) { return std::tolower(c); });
    r.match.domains = std::move(*domains);
  } else if (r.kind == "mentions") {
    r.match.kind = moderation::RuleKind::kMentions;
    auto max = number(o, "maxMentions", 1, 1000, -1);
    if (!max) return util::fail(max.error());
    if (*max < 0) return invalid("maxMentions is required");
    r.match.max_mentions = static_cast<std::size_t>(*max);
  } else if (r.kind == "flood") {
    auto max = number(o, "maxMessages", 1, 1000, -1);
    auto per = number(o, "perSeconds", 1, kMaxWindowSeconds, -1);
    if (!max) return util::fail(max.error());
    if (!per) return util::fail(per.error());
    if (*max < 0 || *per < 0) return invalid("maxMessages and perSeconds are required");
    r.max_messages = *max;
    r.per_seconds = *per;
  } else if (r.kind == "repeats") {
    auto max = number(o, "maxRepeats", 2, 100, -1);
    auto per = number(o, "perSeconds", 1, kMaxWindowSeconds, -1);
    if (!max) return util::fail(max.error());
    if (!per) return util::fail(per.error());
    if (*max < 0 || *per < 0) return invalid("maxRepeats and perSeconds are required");
    r.max_repeats = *max;
    r.per_seconds = *per;
  } else if (r.kind == "new_account" && r.new_account_hours == 0) {
    return invalid("newAccountHours is required for a new_account rule");
  }
  if (uses_rule_set(r)) {
    moderation::RuleError error;
    if (!moderation::RuleSet::compile({r.match}, &error)) return invalid(error.message);
  }
  return r;
}

json::object rule_json(const AutoRule& r) {
  json::object o;
  o["id"] = r.id;
  o["chatId"] = r.scope.empty() ? json::value(nullptr) : json::value(r.scope);
  o["name"] = r.name;
  o["enabled"] = r.enabled;
  o["kind"] = r.kind;
  o["action"] = action_name(r.action);
  if (r.kind == "words") o["words"] = string_array(r.match.words);
  if (r.kind == "regex") o["pattern"] = r.match.pattern;
  if (r.kind == "links") {
    o["linkMode"] = link_mode_name(r.match.link_mode);
    o["domains"] = string_array(r.match.domains);
  }
  if (r.kind == "mentions") o["maxMentions"] = r.match.max_mentions;
  if (r.kind == "flood") o["maxMessages"] = r.max_messages;
  if (r.kind == "repeats") o["maxRepeats"] = r.max_repeats;
  if (r.kind == "flood" || r.kind == "repeats") o["perSeconds"] = r.per_seconds;
  if (r.new_account_hours > 0) o["newAccountHours"] = r.new_account_hours;
  if (r.action == AutoAction::kMute) o["muteSeconds"] = r.mute_seconds;
  if (!r.message.empty()) o["message"] = r.message;
  if (!r.updated_by.empty()) o["updatedBy"] = r.updated_by;
  if (r.updated_at > 0) o["updatedAt"] = util::iso8601(r.updated_at);
  return o;
}

std::string rule_config(const AutoRule& r) {
  auto o = rule_json(r);
  for (const auto* k : {"id", "chatId", "updatedBy", "updatedAt"}) o.erase(k);
  return json::serialize(o);
}

Result<AutoRule> rule_from_store(const store::AutoModRule& stored) {
  boost::system::error_code ec;
  auto v = json::parse(stored.config, ec);
  if (ec || !v.is_object()) return fail(Errc::kInternal, "A stored rule cannot be read");
  auto r = rule_from_json(v.get_object());
  if (!r) return util::fail(r.error());
  r->id = stored.id;
  r->match.id = stored.id;
  r->scope = stored.scope;
  r->updated_by = stored.updated_by;
  r->updated_at = stored.updated_at;
  return r;
}

Result<std::vector<AutoRule>> AutoModeration::rules_of(const std::string& scope) {
  auto stored = store_.moderation().automod_rules(scope);
  if (!stored) return store_failure(stored.error(), "Rule");
  std::vector<AutoRule> out;
  for (const auto& s : *stored) {
    auto r = rule_from_store(s);
    if (!r) return util::fail(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

Result<std::shared_ptr<const AutoModeration::Scope>> AutoModeration::scope(const std::string& id) {
  if (hearing_) {
    std::shared_lock lock(mutex_);
    if (auto it = scopes_.find(id); it != scopes_.end()) return it->second;
  }
  auto rules = rules_of(id);
  if (!rules) return util::fail(rules.error());
  auto s = std::make_shared<Scope>();
  std::vector<moderation::Rule> set;
  for (auto& r : *rules) {
    if (!r.enabled) continue;
    if (uses_rule_set(r)) set.push_back(r.match);
    s->index.emplace(r.id, s->rules.size());
    s->rules.push_back(std::move(r));
  }
  if (!set.empty()) {
    moderation::RuleError error;
    s->set = moderation::RuleSet::compile(set, &error);
    if (!s->set) return fail(Errc::kInternal, "The rule " + error.rule_id + " cannot be used: " + error.message);
  }
  std::shared_ptr<const Scope> out = std::move(s);
  if (hearing_) {
    std::unique_lock lock(mutex_);
    if (scopes_.size() >= kMaxCached) scopes_.clear();
    scopes_[id] = out;
  }
  return out;
}

Result<std::vector<store::Mute>> AutoModeration::mutes_of(const std::string& user_id) {
  if (hearing_) {
    std::shared_lock lock(mutex_);
    if (auto it = mutes_.find(user_id); it != mutes_.end()) return it->second;
  }
  auto stored = store_.moderation().mutes_of(user_id);
  if (!stored) return store_failure(stored.error(), "Mute");
  if (hearing_) {
    std::unique_lock lock(mutex_);
    if (mutes_.size() >= kMaxCached) mutes_.clear();
    mutes_[user_id] = *stored;
  }
  return std::move(*stored);
}

Result<store::TimeMs> AutoModeration::joined_at(const std::string& user_id) {
  {
    std::shared_lock lock(mutex_);
    if (auto it = created_.find(user_id); it != created_.end()) return it->second;
  }
  auto user = store_.user_by_id(user_id);
  if (!user) return store_failure(user.error(), "User");
  std::unique_lock lock(mutex_);
  if (created_.size() >= kMaxCached) created_.clear();
  created_[user_id] = user->created_at;
  return user->created_at;
}

Result<void> AutoModeration::check_muted(const std::string& user_id, const store::Chat& chat) {
  auto mutes = mutes_of(user_id);
  if (!mutes) return util::fail(mutes.error());
  const auto now = clock_.now_ms();
  for (const auto& m : *mutes) {
    if (m.until <= now) continue;
    if (!m.chat_id.empty() && m.chat_id != chat.id) continue;
    const auto minutes = (m.until - now + 59999) / 60000;
    return fail(Errc::kMuted, std::string(m.chat_id.empty() ? "You are muted" : "You are muted in this group") +
                                  " for " + std::to_string(minutes) +
                                  (minutes == 1 ? " more minute" : " more minutes") +
                                  (m.reason.empty() ? "" : ": " + m.reason));
  }
  return {};
}

Result<void> AutoModeration::match(const Scope& s, const std::string& user_id, std::string_view text,
                                   std::size_t mentions, bool edit, Verdict& verdict) {
  std::vector<const AutoRule*> hit;
  if (s.set) {
    for (const auto& id : s.set->match(text, mentions)) hit.push_back(&s.rules[s.index.at(id)]);
  }
  const auto now = clock_.now_ms();
  bool counts = false;
  for (const auto& r : s.rules) counts = counts || r.kind == "flood" || r.kind == "repeats";
  if (counts && !edit) {
    const auto hash = std::hash<std::string_view>{}(text);
    std::lock_guard lock(recent_mutex_);
    if (recent_.size() >= kMaxCached) recent_.clear();
    auto& seen = recent_[s.rules.front().scope + "\n" + user_id];
    seen.push_back({now, hash});
    if (seen.size() > kRecentPerSender) seen.pop_front();
    for (const auto& r : s.rules) {
      if (r.kind != "flood" && r.kind != "repeats") continue;
      const auto since = now - r.per_seconds * 1000;
      std::int64_t n = 0;
      for (auto it = seen.rbegin(); it != seen.rend() && it->at > since; ++it) {
        if (r.kind == "flood" || it->hash == hash) ++n;
      }
      if ((r.kind == "flood" && n > r.max_messages) || (r.kind == "repeats" && n >= r.max_repeats)) hit.push_back(&r);
    }
  }
  for (const auto& r : s.rules) {
    if (r.kind == "new_account") hit.push_back(&r);
  }
  for (const auto* r : hit) {
    if (r->new_account_hours > 0) {
      auto created = joined_at(user_id);
      if (!created) return util::fail(created.error());
      if (now - *created >= r->new_account_hours * 3600 * 1000) continue;
    }
    if (!verdict.matched || r->action > verdict.action) {
      verdict.action = r->action;
      verdict.scope = r->scope;
      verdict.message = r->message.empty() ? default_message(*r) : r->message;
      verdict.mute_seconds = r->mute_seconds;
    }
    verdict.matched = true;
    verdict.rules.emplace_back(r->id, r->name);
  }
  return {};
}

Result<Verdict> AutoModeration::check(const std::string& user_id, const store::Chat& chat, std::string_view text,
                                      std::size_t mentions, bool edit) {
  Verdict verdict;
  auto server = scope("");
  if (!server) return util::fail(server.error());
  if (!(*server)->rules.empty()) {
    if (auto r = match(**server, user_id, text, mentions, edit, verdict); !r) return util::fail(r.error());
  }
  if (chat.group) {
    auto group = scope(chat.id);
    if (!group) return util::fail(group.error());
    if (!(*group)->rules.empty()) {
      if (auto r = match(**group, user_id, text, mentions, edit, verdict); !r) return util::fail(r.error());
    }
  }
  return verdict;
}

namespace {

// A send held already: the same sender, chat and clientMessageId among the chat's held messages
// (a client sends again when an acknowledgement was lost).
Result<bool> held_again(store::ModerationStore& store, const std::string& user_id, const std::string& chat_id,
                        const std::string& request) {
  boost::system::error_code ec;
  const auto asked = json::parse(request, ec);
  const auto* id = !ec && asked.is_object() ? asked.get_object().if_contains("clientMessageId") : nullptr;
  if (!id || !id->is_string()) return false;
  store::HitQuery q;
  q.chat_id = chat_id;
  q.status = "held";
  q.limit = 100;
  auto held = store.hits(q);
  if (!held) return store_failure(held.error(), "Hit");
  for (const auto& h : *held) {
    if (h.user_id != user_id) continue;
    const auto earlier = json::parse(h.request, ec);
    if (ec || !earlier.is_object()) continue;
    const auto* other = earlier.get_object().if_contains("clientMessageId");
    if (other && *other == *id) return true;
  }
  return false;
}

std::string rules_list(const Verdict& v) {
  json::array a;
  for (const auto& [id, name] : v.rules) a.push_back(json::object{{"id", id}, {"name", name}});
  return json::serialize(a);
}

}  // namespace

Error AutoModeration::stop(const Verdict& v, const std::string& user_id, const store::Chat& chat,
                           std::string_view content, std::string request) {
  const auto now = clock_.now_ms();
  store::AutoModHit hit;
  hit.id = util::uuid_v7();
  hit.scope = v.scope;
  hit.chat_id = chat.id;
  hit.user_id = user_id;
  hit.action = std::string(action_name(v.action));
  hit.rules = rules_list(v);
  hit.content = std::string(content);
  hit.status = v.action == AutoAction::kHold ? "held" : "done";
  if (v.action == AutoAction::kHold) hit.request = std::move(request);
  hit.created_at = now;
  if (v.action == AutoAction::kHold) {
    auto earlier = held_again(store_.moderation(), user_id, chat.id, hit.request);
    if (!earlier) return earlier.error();
    if (*earlier) return {Errc::kHeld, "Your message is waiting for a moderator's review"};
  }
  if (auto r = store_.moderation().add_hit(hit); !r) {
    if (v.action == AutoAction::kHold)
      return {Errc::kUnavailable, "The message could not be held for review; try again"};
    spdlog::warn("automod: a hit was not recorded: {}", static_cast<int>(r.error()));
  }
  switch (v.action) {
    case AutoAction::kHold:
      return {Errc::kHeld, "Your message is waiting for a moderator's review"};
    case AutoAction::kMute: {
      store::Mute m{user_id, v.scope, "", now, now + v.mute_seconds * 1000, "automatic: " + v.rules.front().second};
      if (auto r = store_.moderation().mute(m, {}); r) {
        mutes_changed(user_id);
        tell({util::uuid_v7(), user_id, "muted", v.scope, v.message, now, m.until});
      }
      return {Errc::kMuted, v.message};
    }
    default:
      return {Errc::kRejected, v.message};
  }
}

void AutoModeration::flag(const Verdict& v, const store::Message& message) {
  store::AutoModHit hit;
  hit.id = util::uuid_v7();
  hit.scope = v.scope;
  hit.chat_id = message.chat_id;
  hit.user_id = message.sender_id;
  hit.action = "flag";
  hit.rules = rules_list(v);
  hit.content = message.content;
  hit.message_id = message.id;
  hit.status = "open";
  hit.created_at = clock_.now_ms();
  if (auto r = store_.moderation().add_hit(hit); !r) {
    spdlog::warn("automod: a flag was not recorded: {}", static_cast<int>(r.error()));
  }
}

void AutoModeration::tell(const store::ModerationNotice& notice) {
  if (auto r = store_.moderation().add_notice(notice); !r) {
    spdlog::warn("automod: a notice was not stored: {}", static_cast<int>(r.error()));
  }
  if (notice_) notice_(notice);
}

void AutoModeration::rules_changed(const std::string& scope) {
  heard("rules:" + scope);
  if (tell_) tell_("rules:" + scope);
}

void AutoModeration::mutes_changed(const std::string& user_id) {
  heard("mutes:" + user_id);
  if (tell_) tell_("mutes:" + user_id);
}

void AutoModeration::heard(std::string_view notice) {
  std::unique_lock lock(mutex_);
  if (notice.starts_with("rules:")) {
    scopes_.erase(std::string(notice.substr(6)));
  } else if (notice.starts_with("mutes:")) {
    mutes_.erase(std::string(notice.substr(6)));
  }
}

void AutoModeration::hearing_peers(bool hearing) {
  std::unique_lock lock(mutex_);
  hearing_ = hearing;
  scopes_.clear();
  mutes_.clear();
}

}  // namespace parley::chat
