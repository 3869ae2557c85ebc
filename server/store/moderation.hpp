// Moderation as stored: who blocked whom, reports and what was done about them, the audit log,
// and the server's staff. Not part of Store's own interface: Store::moderation() hands it out,
// so that only the code that moderates is built against it.
//
// Blocks are one-way rows (the blocker, the blocked user, when); what a block prevents is the
// domain's (chat/moderation). A report keeps the messages it was about as they were when it was
// made (`context`, JSON), whatever happens to them later.
//
// Thread-safe, blocking, durable like Store.
#pragma once

#include "store/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::store {

// How many users one person can block.
inline constexpr std::size_t kMaxBlocks = 10000;

struct Block {
  std::string user_id;     // who blocked
  std::string blocked_id;  // whom
  TimeMs at = 0;           // when
  bool operator==(const Block&) const = default;
};

struct Report {
  std::string id;  // UUIDv7: later ids sort after earlier ones
  std::string reporter_id;
  std::string kind;       // "message", "user", "group"
  std::string target_id;  // the message's, user's or group's id
  std::string user_id;    // whom it is about: the message's sender, the user; empty for a group
  std::string chat_id;    // where: the message's chat, the group; empty for a user
  std::string category;   // spam, harassment, violence, sexual, illegal, other
  std::string comment;
  std::string context;          // JSON: the messages as they were
  std::string status = "open";  // open, dismissed, resolved
  TimeMs created_at = 0;
  std::optional<std::string> resolved_by;
  std::optional<TimeMs> resolved_at;
  std::string resolution;  // what was done, in a word (dismissed, deleted, ...)
  bool operator==(const Report&) const = default;
};

// Which reports, the latest first; each filter given narrows them.
struct ReportQuery {
  std::optional<std::string> reporter_id;
  std::optional<std::string> chat_id;
  std::optional<std::string> status;
  std::optional<std::string> category;
  std::string before_id;  // only those before it (a page's last id); empty: from the latest
  std::size_t limit = 50;
};

// One line of the audit log: who did what to whom, where, why, when.
struct AuditEntry {
  std::string id;  // UUIDv7
  std::string actor_id;
  std::string action;          // dismiss, delete, role, ...
  std::string target_user_id;  // empty: none
  std::string chat_id;         // empty: server-wide
  std::string report_id;       // empty: none
  std::string reason;
  std::string details;  // JSON object
  TimeMs at = 0;
  bool operator==(const AuditEntry&) const = default;
};

struct AuditQuery {
  std::optional<std::string> chat_id;  // only this chat's lines
  std::string before_id;
  std::size_t limit = 50;
};

// A person given a server role in the web client (configured administrators are the domain's).
struct StaffMember {
  std::string user_id;
  std::string role;  // "admin", "moderator"
  TimeMs granted_at = 0;
  bool operator==(const StaffMember&) const = default;
};

// A suspended account: none of its tokens works while it lasts.
struct Suspension {
  std::string user_id;
  std::string by;
  TimeMs at = 0;
  std::optional<TimeMs> until;  // none: until lifted
  std::string reason;
  bool operator==(const Suspension&) const = default;
};

// An auto-moderation rule as stored. What it says (`config`: a JSON object with its name, kind,
// action, whether it is on, and its kind's settings) is the domain's (chat/moderation/automod).
struct AutoModRule {
  std::string id;     // UUIDv7
  std::string scope;  // empty: the whole server; else a group's chat id
  std::string config;
  std::string updated_by;
  TimeMs updated_at = 0;
  bool operator==(const AutoModRule&) const = default;
};

// What auto-moderation did with one message: rejected it, held it for review, flagged it (it was
// delivered), or muted its sender.
struct AutoModHit {
  std::string id;  // UUIDv7
  std::string scope;
  std::string chat_id;
  std::string user_id;     // the sender
  std::string action;      // reject, hold, flag, mute
  std::string rules;       // JSON array: the rules that matched, {id, name}
  std::string content;     // the text as sent
  std::string message_id;  // the stored message (flag; hold once approved); empty: none
  std::string request;     // hold: the send as asked (JSON), sent when approved
  std::string status;      // held, open (flag), done (reject, mute), approved, rejected, dismissed
  TimeMs created_at = 0;
  std::optional<std::string> decided_by;
  std::optional<TimeMs> decided_at;
  bool operator==(const AutoModHit&) const = default;
};

struct HitQuery {
  std::optional<std::string> chat_id;
  std::optional<std::string> status;
  std::string before_id;
  std::size_t limit = 50;
};

// A person who may not send, in one group or (empty chat id) anywhere, until `until`.
struct Mute {
  std::string user_id;
  std::string chat_id;
  std::string by;  // a moderator, or empty: a rule
  TimeMs at = 0;
  TimeMs until = 0;
  std::string reason;
  bool operator==(const Mute&) const = default;
};

// What moderation told a person: a warning, a mute, what became of a held message.
struct ModerationNotice {
  std::string id;  // UUIDv7
  std::string user_id;
  std::string kind;  // warning, muted, held_approved, held_rejected
  std::string chat_id;
  std::string text;
  TimeMs at = 0;
  std::optional<TimeMs> until;  // muted: until when
  bool operator==(const ModerationNotice&) const = default;
};

// A message as a rule's dry run reads it.
struct RecentText {
  std::string id;
  std::string chat_id;
  std::string sender_id;
  std::string content;
  std::int64_t seq = 0;
  TimeMs created_at = 0;
};

class ModerationStore {
 public:
  virtual ~ModerationStore() = default;
  // `user_id` blocks (blocked = true) or unblocks `other_id`; true when that changed something.
  // kNotFound: either is not a user; kInvalid: oneself, or kMaxBlocks reached.
  virtual Result<bool> set_block(std::string_view user_id, std::string_view other_id, bool blocked, TimeMs at) = 0;
  // The users `user_id` blocked, the latest first.
  virtual Result<std::vector<Block>> blocks_of(std::string_view user_id) = 0;
  // Every block there is (for the domain's in-memory view), by blocker.
  virtual Result<std::vector<Block>> all_blocks() = 0;
  // Whether `a` blocked `b`, and whether `b` blocked `a`.
  virtual Result<std::pair<bool, bool>> blocks_between(std::string_view a, std::string_view b) = 0;

  // kConflict: the id is taken; kNotFound: the reporter is not a user.
  virtual Result<Report> add_report(const Report& report) = 0;
  virtual Result<Report> report(std::string_view id) = 0;
  virtual Result<std::vector<Report>> reports(const ReportQuery& query) = 0;
  // Closes an open report as `status` (dismissed, resolved) with what was done, and writes
  // `audit` in the same transaction. kNotFound; kInvalid: it is not open any longer.
  virtual Result<Report> close_report(std::string_view id, std::string_view status, std::string_view resolution,
                                      const AuditEntry& audit) = 0;
  virtual Result<void> add_audit(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> audit_log(const AuditQuery& query) = 0;

  virtual Result<std::vector<StaffMember>> staff() = 0;  // by when granted
  // Gives `user_id` a role ("admin", "moderator") or takes it away (empty), and writes `audit`
  // in the same transaction. kNotFound: not a user.
  virtual Result<void> set_staff(std::string_view user_id, std::string_view role, const AuditEntry& audit) = 0;

  // Suspends an account (replacing a suspension it has), and writes `audit` in the same
  // transaction. kNotFound: not a user.
  virtual Result<void> suspend(const Suspension& suspension, const AuditEntry& audit) = 0;
  // Lifts a suspension, with `audit`; false (and no audit line) when there was none.
  virtual Result<bool> unsuspend(std::string_view user_id, const AuditEntry& audit) = 0;
  // The account's suspension, ended or not (the caller compares `until` with its clock).
  virtual Result<std::optional<Suspension>> suspension(std::string_view user_id) = 0;
  virtual Result<std::vector<Suspension>> suspensions() = 0;  // the latest first

  // The rules of a scope (none: of every scope), by id.
  virtual Result<std::vector<AutoModRule>> automod_rules(std::optional<std::string_view> scope) = 0;
  // Stores a rule (replacing the one with its id) with `audit`, in one transaction.
  virtual Result<void> put_automod_rule(const AutoModRule& rule, const AuditEntry& audit) = 0;
  // Deletes a rule with `audit`; false (and no audit line) when there was none.
  virtual Result<bool> delete_automod_rule(std::string_view id, const AuditEntry& audit) = 0;
  virtual Result<void> add_hit(const AutoModHit& hit) = 0;
  virtual Result<AutoModHit> hit(std::string_view id) = 0;                  // kNotFound
  virtual Result<std::vector<AutoModHit>> hits(const HitQuery& query) = 0;  // the latest first
  // Decides a held or open hit: its new status and the message stored for it (approved), with
  // `audit`. kNotFound; kInvalid: it was decided already.
  virtual Result<AutoModHit> decide_hit(std::string_view id, std::string_view status, std::string_view message_id,
                                        const AuditEntry& audit) = 0;

  // Mutes a person in a group or everywhere (replacing a mute there), with `audit` when it has
  // an actor. kNotFound: not a user.
  virtual Result<void> mute(const Mute& mute, const AuditEntry& audit) = 0;
  // Lifts a mute, with `audit`; false (and no audit line) when there was none.
  virtual Result<bool> unmute(std::string_view user_id, std::string_view chat_id, const AuditEntry& audit) = 0;
  virtual Result<std::vector<Mute>> mutes_of(std::string_view user_id) = 0;  // ended or not
  // The mutes in a group (none: everywhere and in every group) lasting after `now`, the latest first.
  virtual Result<std::vector<Mute>> mutes(std::optional<std::string_view> chat_id, TimeMs now) = 0;

  virtual Result<void> add_notice(const ModerationNotice& notice) = 0;
  virtual Result<std::vector<ModerationNotice>> notices(std::string_view user_id,
                                                        std::size_t limit) = 0;  // latest first

  // The latest text messages (not deleted) of a chat, or of the server (none), the latest first.
  virtual Result<std::vector<RecentText>> latest_texts(std::optional<std::string_view> chat_id, std::size_t limit) = 0;
};

}  // namespace parley::store
