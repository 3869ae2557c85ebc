// The JSON forms of moderation: a report ({id, kind, targetId, userId, chatId, category,
// comment, status, createdAt, resolvedAt, resolution}; for moderators also {reporter: User,
// user: User | null, context: [ChatMessage]}), an audit log line, a staff member, a suspension.
#pragma once

#include "chat/moderation/moderation_service.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <optional>

namespace parley::chat {

using UserLookup = std::function<std::optional<store::User>(const std::string& id)>;

// People as moderation shows them (ModerationService::person), each read once however often a
// list names them.
UserLookup people_of(ModerationService& moderation);

boost::json::object report_json(const store::Report& r, bool moderator, const UserLookup& user_of);
boost::json::object audit_json(const store::AuditEntry& a);
boost::json::object staff_json(const StaffView& s);
// {userId, by, at, until, reason}, with {user} when `user_of` is given.
boost::json::object suspension_json(const store::Suspension& s, const UserLookup* user_of);
// An auto-moderation hit: {id, chatId, userId, user, action, rules: [{id, name}], content,
// messageId, status, createdAt, decidedBy, decidedAt}.
boost::json::object hit_json(const store::AutoModHit& h, const UserLookup& user_of);
// {userId, user, chatId (null: everywhere), by, at, until, reason}.
boost::json::object mute_json(const store::Mute& m, const UserLookup& user_of);
// {id, kind, chatId, text, at, until}.
boost::json::object notice_json(const store::ModerationNotice& n);

}  // namespace parley::chat
