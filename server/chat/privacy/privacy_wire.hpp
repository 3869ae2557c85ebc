// The JSON form of privacy settings, as GET/PATCH /api/v1/me/privacy answer and privacy:updated
// carries: {readReceipts, typing, lastSeen, always: [User], never: [User]}.
#pragma once

#include "chat/privacy/privacy_policy.hpp"

#include <boost/json/object.hpp>

namespace parley::chat {

boost::json::object privacy_json(const PrivacyView& view);

}  // namespace parley::chat
