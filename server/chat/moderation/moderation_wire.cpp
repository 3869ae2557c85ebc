#include "chat/moderation/moderation_wire.hpp"

#include "chat/wire.hpp"
#include "util/ids.hpp"

#include <boost/json/parse.hpp>

#include <memory>
#include <unordered_map>

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

json::object hit_json(const store::AutoModHit& h, const UserLookup& user_of) {
  json::object o{{"id", h.id},
                 {"chatId", h.chat_id},
                 {"userId", h.user_id},
                 {"action", h.action},
                 {"content", h.content},
                 {"status", h.status},
                 {"createdAt", util::iso8601(h.created_at)}};
  auto u = user_of(h.user_id);
  o["user"] = u ? json::value(user_json(*u)) : json::value(nullptr);
  boost::system::error_code ec;
  auto rules = json::parse(h.rules, ec);
  o["rules"] = !ec && rules.is_array() ? rules : json::value(json::array{});
  o["scope"] = h.scope.empty() ? json::value("server") : json::value("group");
  o["messageId"] = h.message_id.empty() ? json::value(nullptr) : json::value(h.message_id);
  o["decidedBy"] = h.decided_by ? json::value(*h.decided_by) : json::value(nullptr);
  o["decidedAt"] = h.decided_at ? json::value(util::iso8601(*h.decided_at)) : json::value(nullptr);
  return o;
}

json::object mute_json(const store::Mute& m, const UserLookup& user_of) {
  json::object o{{"userId", m.user_id},
                 {"by", m.by.empty() ? json::value(nullptr) : json::value(m.by)},
                 {"at", util::iso8601(m.at)},
                 {"until", util::iso8601(m.until)},
                 {"reason", m.reason}};
  o["chatId"] = m.chat_id.empty() ? json::value(nullptr) : json::value(m.chat_id);
  auto u = user_of(m.user_id);
  o["user"] = u ? json::value(user_json(*u)) : json::value(nullptr);
  return o;
}

json::object notice_json(const store::ModerationNotice& n) {
  json::object o{{"id", n.id}, {"kind", n.kind}, {"text", n.text}, {"at", util::iso8601(n.at)}};
  o["chatId"] = n.chat_id.empty() ? json::value(nullptr) : json::value(n.chat_id);
  o["until"] = n.until ? json::value(util::iso8601(*n.until)) : json::value(nullptr);
  return o;
}

UserLookup people_of(ModerationService& moderation) {
  auto known = std::make_shared<std::unordered_map<std::string, std::optional<store::User>>>();
  return [&moderation, known](const std::string& id) {
    auto it = known->find(id);
    if (it == known->end()) it = known->emplace(id, moderation.person(id)).first;
    return it->second;
  };
}

}  // namespace parley::chat
