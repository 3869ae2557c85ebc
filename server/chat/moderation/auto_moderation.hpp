// Auto-moderation on the send and edit path. Rules belong to the server (scope "") or to a group
// (scope: its chat id); each says what it matches and what a match does:
//   - words, regex, links, mentions: the text (moderation/rule_set.hpp, one compiled set per
//     scope);
//   - flood: more than `max_messages` messages in `per_seconds`; repeats: the same text
//     `max_repeats` times in `per_seconds` (counted by each instance on its own);
//   - new_account: any message of an account younger than `new_account_hours` (every other kind
//     may also be limited to such accounts with the same setting);
// and the action: flag (delivered, and listed for moderators), hold (not delivered until a
// moderator approves it), reject (refused, with the rule's message to the sender), mute (refused,
// and the sender muted in the scope for `mute_seconds`). When several rules match, the strongest
// action wins. A rule that is off is kept but not matched.
//
// Kept in memory: each scope's compiled rules, read on first use; each sender's mutes. A change
// made here forgets the scope (or the person) at once and tells the other instances (set_peers),
// which forget it as they hear of it; until they hear their peers, they read through.
// Safe from any thread.
#pragma once

#include "chat/errors.hpp"
#include "moderation/rule_set.hpp"
#include "store/moderation.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parley::chat {

// Ordered: a stronger action wins.
enum class AutoAction { kFlag, kHold, kReject, kMute };

// How many rules one scope holds (1,000 words fit in one rule, 100 patterns need 100).
inline constexpr std::size_t kMaxRulesPerScope = 200;
inline constexpr std::size_t kMaxRuleWords = 1000;
inline constexpr std::int64_t kMaxMuteSeconds = 30LL * 24 * 3600;

struct AutoRule {
  std::string id;
  std::string scope;  // "": the server; else a group's chat id
  std::string name;
  bool enabled = true;
  std::string kind;  // words, regex, links, mentions, flood, repeats, new_account
  AutoAction action = AutoAction::kFlag;
  moderation::Rule match;              // words, regex, links, mentions
  std::int64_t max_messages = 0;       // flood
  std::int64_t max_repeats = 0;        // repeats
  std::int64_t per_seconds = 0;        // flood, repeats
  std::int64_t new_account_hours = 0;  // 0: any account; new_account: required
  std::int64_t mute_seconds = 0;       // mute
  std::string message;                 // reject and mute: told to the sender
  std::string updated_by;
  store::TimeMs updated_at = 0;
};

std::string_view action_name(AutoAction action);
// A rule from its JSON (the API's body, or the stored config with `id` and `scope` set by the
// caller): invalid_input naming the field that is wrong; a pattern RE2 refuses is named too.
Result<AutoRule> rule_from_json(const boost::json::object& body);
// The rule as the API shows it (id, scope as chatId or null, and every setting).
boost::json::object rule_json(const AutoRule& rule);
// What is stored as the rule's config: its settings without id, scope and who changed it.
std::string rule_config(const AutoRule& rule);
Result<AutoRule> rule_from_store(const store::AutoModRule& stored);

// What the rules say of one message.
struct Verdict {
  bool matched = false;
  AutoAction action = AutoAction::kFlag;
  std::string scope;
  std::vector<std::pair<std::string, std::string>> rules;  // id, name: those that matched
  std::string message;                                     // reject, mute: to the sender
  std::int64_t mute_seconds = 0;
};

class AutoModeration {
 public:
  AutoModeration(store::Store& store, util::Clock& clock) : store_(store), clock_(clock) {}

  // muted (with until when) when `user_id` may not send in `chat`.
  Result<void> check_muted(const std::string& user_id, const store::Chat& chat);
  // The rules of the server and of `chat` (a group) matched against a message. `edit`: the
  // text of an edit (not counted by flood rules).
  Result<Verdict> check(const std::string& user_id, const store::Chat& chat, std::string_view text,
                        std::size_t mentions, bool edit);
  // A message the verdict stops (reject, mute, hold): records the hit (hold: with `request`, the
  // send as asked, JSON, sent when approved), mutes the sender (mute), and returns what the
  // sender is told (rejected, muted, held).
  Error stop(const Verdict& verdict, const std::string& user_id, const store::Chat& chat, std::string_view content,
             std::string request);
  // A message the verdict flags, after it was stored.
  void flag(const Verdict& verdict, const store::Message& message);
  // Stores a notice to a person and hands it to the listener (their devices hear of it).
  void tell(const store::ModerationNotice& notice);
  void on_notice(std::function<void(const store::ModerationNotice&)> listener) { notice_ = std::move(listener); }

  // The rules of a scope as stored (on or off), by id.
  Result<std::vector<AutoRule>> rules_of(const std::string& scope);
  // A scope's rules or a person's mutes changed here (forget, and tell the others) or elsewhere.
  void rules_changed(const std::string& scope);
  void mutes_changed(const std::string& user_id);
  void heard(std::string_view notice);
  void hearing_peers(bool hearing);
  void set_peers(std::function<void(const std::string& notice)> tell) { tell_ = std::move(tell); }

 private:
  struct Scope {
    std::vector<AutoRule> rules;  // those on
    std::optional<moderation::RuleSet> set;
    std::unordered_map<std::string, std::size_t> index;  // rule id -> position in rules
  };
  struct Recent {
    store::TimeMs at = 0;
    std::size_t hash = 0;
  };

  Result<std::shared_ptr<const Scope>> scope(const std::string& id);
  Result<std::vector<store::Mute>> mutes_of(const std::string& user_id);
  Result<store::TimeMs> joined_at(const std::string& user_id);  // the account's creation
  // Adds the matches of `scope`'s rules to `verdict`.
  Result<void> match(const Scope& scope, const std::string& user_id, std::string_view text, std::size_t mentions,
                     bool edit, Verdict& verdict);

  store::Store& store_;
  util::Clock& clock_;
  std::function<void(const std::string&)> tell_;
  std::function<void(const store::ModerationNotice&)> notice_;  // set before serving
  std::atomic<bool> hearing_{true};

  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Scope>> scopes_;
  std::unordered_map<std::string, std::vector<store::Mute>> mutes_;
  std::unordered_map<std::string, store::TimeMs> created_;

  std::mutex recent_mutex_;
  std::unordered_map<std::string, std::deque<Recent>> recent_;  // scope + user -> their latest messages
};

}  // namespace parley::chat
