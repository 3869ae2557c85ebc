// The JSON form of a settings document, as GET/PATCH /api/v1/me/settings answer and
// settings:updated carries it: {chatId (null: the global one), version, settings, updatedAt
// (null: never written)}.
#pragma once

#include "store/settings.hpp"

#include <boost/json/object.hpp>

namespace parley::chat {

boost::json::object settings_json(const store::SettingsDocument& document);

}  // namespace parley::chat
