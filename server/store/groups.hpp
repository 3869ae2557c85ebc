// Group chats in the store: their info and settings, members with roles and read watermarks.
// Part of store.hpp (GroupStore); the rules (who may do what) live in the domain
// (server/chat/groups), which reads a group, decides, and writes the change with the version it
// read, so that two changes decided on the same state cannot both commit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

using TimeMs = std::int64_t;

// Ordered: a higher role has every right of the lower ones.
enum class Role : int { kMember = 0, kAdmin = 1, kOwner = 2 };

// Who may do one thing in a group.
enum class Policy : int { kEveryone = 0, kAdmins = 1 };

struct GroupSettings {
  Policy send = Policy::kEveryone;         // kAdmins: an announcement channel
  Policy add_members = Policy::kEveryone;  // adding members (admins remove them, whatever this says)
  Policy edit_info = Policy::kAdmins;      // title, description, avatar colour
  Policy pin = Policy::kEveryone;          // pinning and unpinning messages
  bool history_visible = true;             // new members see the messages sent before they joined
  std::int64_t slow_mode_seconds = 0;      // one message per member per this many seconds; admins exempt
  std::int64_t member_limit = 0;           // 0: the server's maximum
  std::int64_t edit_window_seconds = 0;    // how long a message can be edited; 0: the server's window

  bool operator==(const GroupSettings&) const = default;
};

// What a group chat has beyond a private one.
struct GroupInfo {
  std::string title;
  std::string description;
  std::string avatar_color;  // "#rrggbb": the initials' background until avatars can be uploaded
  GroupSettings settings;
  std::int64_t member_count = 0;
  // The lowest delivered / read watermark over the members: every message up to this seq has
  // reached every member's devices / been read by every member (a message's status).
  std::int64_t delivered_floor = 0;
  std::int64_t read_floor = 0;
  // Raised by every change to the group (info, settings, members, roles): the version a
  // GroupEdit expects.
  std::int64_t version = 0;

  bool operator==(const GroupInfo&) const = default;
};

struct Member {
  std::string user_id;
  Role role = Role::kMember;
  TimeMs joined_at = 0;
  std::int64_t position = 0;  // join order within the chat (set by the store)
  // The member sees the messages with seq above this (0: the whole history).
  std::int64_t visible_after_seq = 0;
  // Watermarks: every message up to this seq reached one of the member's devices / was read.
  std::int64_t delivered_seq = 0;
  std::int64_t read_seq = 0;
  TimeMs delivered_at = 0;  // when each watermark last rose
  TimeMs read_at = 0;
  TimeMs last_sent_at = 0;  // the member's last message (slow mode)

  bool operator==(const Member&) const = default;
};

// Members in join order: a page continues after the position of the last member seen.
struct MemberQuery {
  Role min_role = Role::kMember;  // kAdmin: the admins and the owner only
  std::int64_t after_position = -1;
  std::size_t limit = 100;  // 1..kMaxMemberPage (clamped)
};

inline constexpr std::size_t kMaxMemberPage = 500;

struct MemberPage {
  std::vector<Member> members;
  bool more = false;
};

// A member's watermarks after raise_watermarks, and the group's floors before and after.
struct Watermarks {
  std::int64_t delivered_seq = 0;
  std::int64_t read_seq = 0;
  std::int64_t delivered_floor_before = 0;
  std::int64_t read_floor_before = 0;
  std::int64_t delivered_floor = 0;
  std::int64_t read_floor = 0;
  bool changed = false;  // the member's watermarks rose
};

// Who has a message: the members whose delivered watermark reached its seq, in join order.
struct ReceiptQuery {
  std::int64_t seq = 0;
  std::int64_t after_position = -1;
  std::size_t limit = 100;  // 1..kMaxMemberPage (clamped)
};

// A link that lets whoever holds its token join a group, within its limits.
struct Invite {
  std::string token;  // unguessable (128 random bits), the link's last part
  std::string chat_id;
  std::string created_by;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;      // 0: never
  std::int64_t max_uses = 0;  // 0: no limit
  std::int64_t uses = 0;      // members who joined with it
  TimeMs revoked_at = 0;      // 0: not revoked

  // Whether someone may join with it at `at`.
  bool usable(TimeMs at) const {
    return revoked_at == 0 && (expires_at == 0 || at < expires_at) && (max_uses == 0 || uses < max_uses);
  }
  bool operator==(const Invite&) const = default;
};

// A group lists at most this many invites (the newest that are not revoked).
inline constexpr std::size_t kMaxListedInvites = 100;

}  // namespace parley::store
