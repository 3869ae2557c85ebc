#include "chat/settings/settings_wire.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {

namespace json = boost::json;

json::object settings_json(const store::SettingsDocument& document) {
  json::object o;
  o["chatId"] = document.scope.empty() ? json::value(nullptr) : json::value(document.scope);
  o["version"] = document.version;
  boost::system::error_code ec;
  json::value settings = json::parse(document.document, ec);
  o["settings"] = !ec && settings.is_object() ? std::move(settings) : json::object();
  o["updatedAt"] = document.version == 0 ? json::value(nullptr) : json::value(document.updated_at);
  return o;
}

}  // namespace parley::chat
