// Auto-moderation as moderators work it: the rules of the server (its staff) and of a group
// (staff, and the group's owner and admins), a dry run of a rule over recent messages before it
// is switched on, and the hits: messages held for review (approve: sent as asked, as their
// sender; reject), and messages flagged (dismiss; delete for everyone). Every change of a rule
// and every decision is audited. What the rules do on the send path is AutoModeration's (Core).
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/messages/lifecycle_service.hpp"
#include "chat/messages/message_service.hpp"
#include "chat/moderation/moderation_service.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace parley::chat {

// How many recent messages a dry run reads, at most.
inline constexpr std::size_t kDryRunMessages = 1000;

struct DryRun {
  std::size_t checked = 0;                 // messages read
  std::vector<store::RecentText> matched;  // the latest first, at most 50
  std::size_t matched_count = 0;
};

class AutoModService {
 public:
  AutoModService(Core& core, ModerationService& moderation, MessageService& messages, LifecycleService& lifecycle)
      : core_(core), moderation_(moderation), messages_(messages), lifecycle_(lifecycle) {}

  // The rules of the server (chat_id empty) or of a group, on or off.
  Result<std::vector<AutoRule>> rules(const Actor& actor, const std::string& chat_id);
  // Adds a rule (no id) or replaces one: invalid_input as rule_from_json says, or past
  // kMaxRulesPerScope; not_found for an unknown id.
  Result<AutoRule> put_rule(const Actor& actor, const std::string& chat_id, const std::optional<std::string>& id,
                            const boost::json::object& body);
  Result<void> delete_rule(const Actor& actor, const std::string& rule_id);
  // What `body` (a rule as put_rule takes it) would have matched among the latest `limit`
  // messages of the group, or of the server (empty chat id).
  Result<DryRun> dry_run(const Actor& actor, const std::string& chat_id, const boost::json::object& body,
                         std::size_t limit);

  // Hits: the staff see all; a group's owner and admins those in their group (chat id required).
  Result<std::vector<store::AutoModHit>> hits(const Actor& actor, const store::HitQuery& query);
  // approve or reject a held message; dismiss or delete a flagged one. conflict when decided.
  Result<store::AutoModHit> decide(const Actor& actor, const std::string& hit_id, const std::string& action,
                                   const std::string& reason);

 private:
  Result<void> check_moderates(const Actor& actor, const std::string& chat_id);
  Result<store::Appended> send_held(const store::AutoModHit& hit);

  Core& core_;
  ModerationService& moderation_;
  MessageService& messages_;
  LifecycleService& lifecycle_;
};

}  // namespace parley::chat
