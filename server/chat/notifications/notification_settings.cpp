#include "chat/notifications/notification_settings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::chat {

namespace json = boost::json;

NotificationSettings settings_from(std::string_view document) {
  NotificationSettings s;
  boost::system::error_code ec;
  const json::value v = json::parse(document, ec);
  if (ec || !v.is_object()) return s;
  const auto& o = v.get_object();
  const auto flag = [&o](std::string_view key, bool& field) {
    if (const auto* f = o.if_contains(key); f != nullptr && f->is_bool()) field = f->get_bool();
  };
  flag("push", s.push);
  flag("previews", s.previews);
  flag("sound", s.sound);
  return s;
}

std::string settings_document(const NotificationSettings& settings) {
  return json::serialize(
      json::object{{"push", settings.push}, {"previews", settings.previews}, {"sound", settings.sound}});
}

std::string_view level_name(store::NotifyLevel level) {
  switch (level) {
    case store::NotifyLevel::kMentions:
      return "mentions";
    case store::NotifyLevel::kNothing:
      return "nothing";
    case store::NotifyLevel::kAll:
      break;
  }
  return "all";
}

std::optional<store::NotifyLevel> level_from(std::string_view name) {
  for (auto l : {store::NotifyLevel::kAll, store::NotifyLevel::kMentions, store::NotifyLevel::kNothing}) {
    if (name == level_name(l)) return l;
  }
  return std::nullopt;
}

json::object chat_notify_json(const store::ChatNotify& setting) {
  json::object o{{"chatId", setting.chat_id}, {"level", level_name(setting.level)}};
  if (setting.muted_until == 0) {
    o["mutedUntil"] = nullptr;
  } else {
    o["mutedUntil"] = setting.muted_until >= kForeverJson ? kForeverJson : setting.muted_until;
  }
  return o;
}

json::object notifications_json(const NotificationView& view) {
  json::array chats;
  for (const auto& c : view.chats) chats.push_back(chat_notify_json(c));
  return {{"push", view.settings.push},
          {"previews", view.settings.previews},
          {"sound", view.settings.sound},
          {"chats", std::move(chats)}};
}

}  // namespace parley::chat
