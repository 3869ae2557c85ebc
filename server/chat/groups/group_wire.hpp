// The wire forms of groups shared by the Socket.IO events and the REST routes: a member, and
// the settings a request may change. Pure; safe from any thread.
#pragma once

#include "chat/groups/group_service.hpp"
#include "chat/schema.hpp"

#include <boost/json/object.hpp>

#include <vector>

namespace parley::chat {

// {id, email, name, role, joinedAt, position, deliveredAt?, readAt?} (the times with
// `receipts`: when the message at `seq` reached the member, and was read when read_seq >= seq).
boost::json::object member_json(const MemberView& member, std::optional<std::int64_t> receipts_seq = std::nullopt);
// {members, nextAfter}: a page of members, with receipts' times when the list has a seq.
boost::json::object member_list_json(const MemberList& list);
// The settings fields: sendMessages, addMembers, editInfo, pinMessages ("everyone" | "admins"),
// historyVisible, slowModeSeconds, memberLimit.
std::vector<Field> settings_fields();
// The settings a checked payload changes; invalid_input for a policy that is neither value.
Result<GroupSettingsPatch> settings_patch(const boost::json::object& args);

// {token, path, chatId, createdBy, createdAt, expiresAt, maxUses, uses, revoked, usable}: an
// invite link as its group's admins see it; `usable` at `now`; null expiresAt / maxUses: none.
boost::json::object invite_json(const store::Invite& invite, store::TimeMs now);
// {chat: {id, title, description, avatarColor, memberCount}, member, expiresAt}: what the
// holder of a link sees before joining.
boost::json::object invite_preview_json(const InvitePreview& preview);
// The fields of a new invite link: expiresInSeconds, maxUses (both optional).
std::vector<Field> invite_fields();
NewInvite new_invite(const boost::json::object& args);

}  // namespace parley::chat
