#include "chat/privacy/privacy_wire.hpp"

#include "chat/privacy/privacy_service.hpp"
#include "chat/wire.hpp"

namespace parley::chat {

namespace json = boost::json;

json::object privacy_json(const PrivacyView& view) {
  json::array always;
  json::array never;
  for (const auto& u : view.always) always.push_back(user_json(u));
  for (const auto& u : view.never) never.push_back(user_json(u));
  return json::object{{"readReceipts", view.settings.read_receipts},
                      {"typing", view.settings.typing},
                      {"lastSeen", audience_name(view.settings.last_seen)},
                      {"always", std::move(always)},
                      {"never", std::move(never)}};
}

}  // namespace parley::chat
