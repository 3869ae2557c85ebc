// Groups: creating them, their members and roles, their info and settings. Every rule of who
// may do what is decided here, for REST and Socket.IO alike:
//
// - every operation needs the caller to be a member (else forbidden);
// - adding members: settings.add_members (everyone, or admins and the owner);
// - removing a member, and changing the settings: admins and the owner; nobody removes the owner;
// - promoting a member to admin or demoting an admin: the owner (anyone), admins (not the owner);
// - title, description, avatar colour: settings.edit_info;
// - transferring ownership: the owner only (who becomes an admin);
// - invite links: admins and the owner create, list and revoke them; anyone signed in who holds
//   one sees the group's title and member count, and joins while the link is usable;
// - leaving: anyone; an owner who leaves hands ownership to the longest-serving admin, else the
//   longest-serving member; the last member leaving ends the group (it keeps no members).
//
// Each change is decided on the group as read and written with its version (store/groups.hpp):
// when another change committed in between, the decision is made again on the new state.
// Every change adds its lines to the timeline (system messages: a human-readable content and
// a `system` object {type, actorId, userIds?, ...}) and is announced (Events::group_changed).
//
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/typing/typing_service.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct NewGroupRequest {
  std::string title;
  std::string description;
  std::vector<std::string> member_ids;  // besides the creator
};

struct GroupInfoPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> avatar_color;
};

// Each field present replaces the group's setting.
struct GroupSettingsPatch {
  std::optional<store::Policy> send;
  std::optional<store::Policy> add_members;
  std::optional<store::Policy> edit_info;
  std::optional<store::Policy> pin;
  std::optional<bool> history_visible;
  std::optional<std::int64_t> slow_mode_seconds;
  std::optional<std::int64_t> member_limit;
  std::optional<std::int64_t> edit_window_seconds;
};

struct NewInvite {
  std::optional<std::int64_t> expires_in_seconds;  // none: never expires
  std::int64_t max_uses = 0;                       // 0: no limit
};

// What whoever holds an invite link learns of the group before joining.
struct InvitePreview {
  store::Invite invite;
  store::Chat chat;
  bool member = false;  // the caller is a member already
};

struct MemberView {
  store::Member member;
  store::User user;  // without password_hash
};

struct MemberList {
  std::vector<MemberView> members;
  std::optional<std::int64_t> next_after;  // the cursor of the next page, when there is one
  std::optional<std::int64_t> seq;         // receipts: the message's seq
};

class GroupService {
 public:
  static constexpr std::size_t kMaxTitleChars = 128;
  static constexpr std::size_t kMaxDescriptionChars = 2000;
  static constexpr std::int64_t kMaxSlowModeSeconds = 86400;
  // A group's own edit window when the server sets none: at most a year.
  static constexpr std::int64_t kMaxEditWindowSeconds = 366LL * 86400;
  static constexpr std::size_t kMaxAddedAtOnce = 200;
  static constexpr std::size_t kMaxUsableInvites = 50;            // per group
  static constexpr std::int64_t kMaxInviteSeconds = 366 * 86400;  // a link lives at most a year...
  static constexpr std::int64_t kMaxInviteUses = 100000;          // ...or is unlimited in time

  // `typing`: a member who leaves or is removed stops typing in the group.
  GroupService(Core& core, TypingService& typing) : core_(core), typing_(typing) {}

  Result<store::Chat> create(const Actor& actor, const NewGroupRequest& request);
  Result<store::Chat> add_members(const Actor& actor, std::string_view chat_id,
                                  const std::vector<std::string>& user_ids);
  Result<store::Chat> remove_member(const Actor& actor, std::string_view chat_id, std::string_view user_id);
  Result<store::Chat> leave(const Actor& actor, std::string_view chat_id);
  // `role`: kAdmin or kMember (ownership moves with transfer_ownership).
  Result<store::Chat> set_role(const Actor& actor, std::string_view chat_id, std::string_view user_id,
                               store::Role role);
  Result<store::Chat> transfer_ownership(const Actor& actor, std::string_view chat_id, std::string_view user_id);
  Result<store::Chat> update_info(const Actor& actor, std::string_view chat_id, const GroupInfoPatch& patch);
  Result<store::Chat> update_settings(const Actor& actor, std::string_view chat_id, const GroupSettingsPatch& patch);
  Result<MemberList> members(const Actor& actor, std::string_view chat_id, std::int64_t after, std::size_t limit);
  // Who has a message of a group: the members whose devices received it (with when), and of
  // them who read it (read_seq at or past it, with when).
  // `chat_id`, when not empty, must be the message's chat.
  Result<MemberList> receipts(const Actor& actor, std::string_view chat_id, std::string_view message_id,
                              std::int64_t after, std::size_t limit);
  // Invite links (group_invites.cpp).
  Result<store::Invite> create_invite(const Actor& actor, std::string_view chat_id, const NewInvite& request);
  Result<std::vector<store::Invite>> invites(const Actor& actor, std::string_view chat_id);
  Result<store::Invite> revoke_invite(const Actor& actor, std::string_view chat_id, std::string_view token);
  // not_found: no such link; invite_invalid: revoked, expired, used up, or the group has ended.
  Result<InvitePreview> preview(const Actor& actor, std::string_view token);
  // Joins the group of a usable link (a member already: the group, and no use counted).
  Result<store::Chat> join(const Actor& actor, std::string_view token);

  // A group's messages get their status from its floors (they store none per recipient).
  static void apply_floors(const store::Chat& chat, std::vector<store::Message>& messages);
  // The caller's membership of a group (forbidden when not a member).
  Result<store::Member> membership(const Actor& actor, std::string_view chat_id);

 private:
  struct Decision;
  template <class Decide>
  Result<store::Chat> change(const Actor& actor, std::string_view chat_id, const Decide& decide);
  Result<store::Chat> commit(const store::Chat& before, const std::string& actor_id, store::GroupEdit edit,
                             const Decision& d);

  // The caller's membership, forbidden unless an admin or the owner.
  Result<store::Member> admin(const Actor& actor, std::string_view chat_id, std::string_view what);
  std::size_t member_limit(const store::Chat& chat) const;

  // A store page with each member's user (without password hash) and the next page's cursor.
  MemberList list_of(const std::string& viewer, store::MemberPage page) const;

  Core& core_;
  TypingService& typing_;
};

}  // namespace parley::chat
