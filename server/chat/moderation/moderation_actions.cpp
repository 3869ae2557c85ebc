// ModerationService: mutes and warnings (moderation_service.hpp).
#include "chat/moderation/moderation_service.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <boost/json/serialize.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

constexpr std::size_t kNoticesShown = 20;

store::AuditEntry audit_of(const Actor& actor, std::string action, const std::string& user_id,
                           const std::string& chat_id, const std::string& reason, std::int64_t at) {
  store::AuditEntry a;
  a.id = util::uuid_v7();
  a.actor_id = actor.user_id;
  a.action = std::move(action);
  a.target_user_id = user_id;
  a.chat_id = chat_id;
  a.reason = reason;
  a.details = "{}";
  a.at = at;
  return a;
}

}  // namespace

Result<bool> ModerationService::may_moderate(const Actor& actor, const std::string& chat_id) {
  auto role = server_role(actor);
  if (!role) return util::fail(role.error());
  if (!role->empty()) return true;
  if (chat_id.empty()) return false;
  auto mine = moderates_group(actor, chat_id);
  if (!mine) {
    if (mine.error().code == Errc::kNotFound || mine.error().code == Errc::kForbidden) return false;
    return util::fail(mine.error());
  }
  return *mine;
}

Result<std::string> ModerationService::check_target(const Actor& actor, const std::string& user_id,
                                                    const std::string& chat_id, const std::string& reason) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  if (!chat_id.empty() && !util::is_uuid(chat_id)) return fail(Errc::kInvalidInput, "chatId must be a chat id");
  if (!util::is_valid_utf8(reason) || util::utf8_length(reason) > kMaxReportComment) {
    return fail(Errc::kInvalidInput, "reason must be valid UTF-8, at most 1000 characters");
  }
  auto mine = server_role(actor);
  if (!mine) return util::fail(mine.error());
  if (mine->empty()) {
    auto allowed = may_moderate(actor, chat_id);
    if (!allowed) return util::fail(allowed.error());
    if (!*allowed) {
      return fail(Errc::kForbidden, chat_id.empty() ? "Only the server's moderators do this"
                                                    : "Only this group's owner and admins do this");
    }
  }
  if (user_id == actor.user_id) return fail(Errc::kInvalidInput, "One cannot do this to oneself");
  auto theirs = server_role(Actor(user_id));
  if (!theirs) return util::fail(theirs.error());
  if (*theirs == "admin" || (*mine != "admin" && !theirs->empty())) {
    return fail(Errc::kInvalidInput, "The server's staff cannot be muted or warned by you");
  }
  if (!chat_id.empty() && mine->empty()) {
    auto member = core_.store.member(chat_id, user_id);
    if (!member && member.error() != store::Errc::kNotFound) return store_failure(member.error(), "Chat");
    if (member && member->role >= store::Role::kAdmin) {
      return fail(Errc::kInvalidInput, "A group's owner and admins are muted by the server's moderators only");
    }
  }
  return std::move(*mine);
}

Result<store::Mute> ModerationService::store_mute(const Actor& actor, const std::string& user_id,
                                                  const std::string& chat_id, std::int64_t seconds,
                                                  const std::string& reason, const store::AuditEntry& audit) {
  if (seconds < 60 || seconds > kMaxMuteSeconds) {
    return fail(Errc::kInvalidInput, "durationSeconds must be 60 to " + std::to_string(kMaxMuteSeconds));
  }
  const auto now = core_.now();
  store::Mute m{user_id, chat_id, actor.user_id, now, now + seconds * 1000, reason};
  if (auto r = core_.store.moderation().mute(m, audit); !r) return store_failure(r.error(), "User");
  core_.automod.mutes_changed(user_id);
  core_.automod.tell({util::uuid_v7(), user_id, "muted", chat_id, reason, now, m.until});
  return m;
}

Result<store::Mute> ModerationService::mute(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                                            std::int64_t seconds, const std::string& reason) {
  auto allowed = check_target(actor, user_id, chat_id, reason);
  if (!allowed) return util::fail(allowed.error());
  auto audit = audit_of(actor, "mute", user_id, chat_id, reason, core_.now());
  audit.details = json::serialize(json::object{{"seconds", seconds}});
  return store_mute(actor, user_id, chat_id, seconds, reason, audit);
}

Result<void> ModerationService::unmute(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                                       const std::string& reason) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  auto allowed = may_moderate(actor, chat_id);
  if (!allowed) return util::fail(allowed.error());
  if (!*allowed) return fail(Errc::kForbidden, "You do not moderate this");
  auto done = core_.store.moderation().unmute(user_id, chat_id,
                                              audit_of(actor, "unmute", user_id, chat_id, reason, core_.now()));
  if (!done) return store_failure(done.error(), "Mute");
  if (!*done) return fail(Errc::kNotFound, "This person is not muted here");
  core_.automod.mutes_changed(user_id);
  return {};
}

Result<std::vector<store::Mute>> ModerationService::mutes(const Actor& actor, const std::string& chat_id) {
  auto allowed = may_moderate(actor, chat_id);
  if (!allowed) return util::fail(allowed.error());
  if (!*allowed) return fail(Errc::kForbidden, "You do not moderate this");
  auto all = core_.store.moderation().mutes(chat_id.empty() ? std::nullopt : std::optional<std::string_view>(chat_id),
                                            core_.now());
  if (!all) return store_failure(all.error(), "Mute");
  return std::move(*all);
}

Result<void> ModerationService::warn(const Actor& actor, const std::string& user_id, const std::string& chat_id,
                                     const std::string& reason) {
  auto allowed = check_target(actor, user_id, chat_id, reason);
  if (!allowed) return util::fail(allowed.error());
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(Errc::kInvalidInput, "A warning needs a reason: the person reads it");
  }
  const auto now = core_.now();
  if (auto r = core_.store.moderation().add_audit(audit_of(actor, "warn", user_id, chat_id, reason, now)); !r) {
    return store_failure(r.error(), "User");
  }
  core_.automod.tell({util::uuid_v7(), user_id, "warning", chat_id, reason, now, std::nullopt});
  return {};
}

Result<std::vector<store::ModerationNotice>> ModerationService::notices(const Actor& actor) {
  auto all = core_.store.moderation().notices(actor.user_id, kNoticesShown);
  if (!all) return store_failure(all.error(), "User");
  return std::move(*all);
}

}  // namespace parley::chat
