#include "chat/moderation/moderation_wire.hpp"

#include "chat/wire.hpp"
#include "util/ids.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {

namespace json = boost::json;

namespace {

json::value id_or_null(const std::string& id) { return id.empty() ? json::value(nullptr) : json::value(id); }

}  // namespace

json::object report_json(const store::Report& r, bool moderator, const UserLookup& user_of) {
  json::object o{{"id", r.id},
                 {"kind", r.kind},
                 {"targetId", r.target_id},
                 {"userId", id_or_null(r.user_id)},
                 {"chatId", id_or_null(r.chat_id)},
                 {"category", r.category},
                 {"comment", r.comment},
                 {"status", r.status},
                 {"createdAt", util::iso8601(r.created_at)}};
  o["resolvedAt"] = r.resolved_at ? json::value(util::iso8601(*r.resolved_at)) : json::value(nullptr);
  o["resolution"] = id_or_null(r.resolution);
  if (!moderator) return o;
  const auto user = [&](const std::string& id) -> json::value {
    if (id.empty()) return nullptr;
    auto u = user_of(id);
    return u ? json::value(user_json(*u)) : json::value(nullptr);
  };
  o["reporter"] = user(r.reporter_id);
  o["user"] = user(r.user_id);
  o["resolvedBy"] = r.resolved_by ? json::value(*r.resolved_by) : json::value(nullptr);
  boost::system::error_code ec;
  auto context = json::parse(r.context, ec);
  o["context"] = !ec && context.is_array() ? std::move(context) : json::value(json::array());
  return o;
}

json::object audit_json(const store::AuditEntry& a) {
  boost::system::error_code ec;
  auto details = json::parse(a.details, ec);
  return json::object{{"id", a.id},
                      {"actorId", a.actor_id},
                      {"action", a.action},
                      {"userId", id_or_null(a.target_user_id)},
                      {"chatId", id_or_null(a.chat_id)},
                      {"reportId", id_or_null(a.report_id)},
                      {"reason", a.reason},
                      {"details", !ec && details.is_object() ? std::move(details) : json::value(json::object())},
                      {"at", util::iso8601(a.at)}};
}

json::object staff_json(const StaffView& s) {
  json::object o{{"user", user_json(s.user)}, {"role", s.role}};
  o["grantedAt"] = s.granted_at ? json::value(util::iso8601(*s.granted_at)) : json::value(nullptr);
  o["configured"] = !s.granted_at;
  return o;
}

json::object suspension_json(const store::Suspension& s, const UserLookup* user_of) {
  json::object o{{"userId", s.user_id}, {"by", s.by}, {"at", util::iso8601(s.at)}, {"reason", s.reason}};
  o["until"] = s.until ? json::value(util::iso8601(*s.until)) : json::value(nullptr);
  if (user_of) {
    auto u = (*user_of)(s.user_id);
    o["user"] = u ? json::value(user_json(*u)) : json::value(nullptr);
  }
  return o;
}

}  // namespace parley::chat
