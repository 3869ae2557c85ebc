// Privacy settings as people change them: read receipts, typing indicators, and who sees their
// last seen and online status (everybody, the people they chat with, nobody, with "always" and
// "never" exceptions). The rules are PrivacyPolicy's (Core::privacy), enforced wherever
// presence, typing and receipts leave the server. A change reaches the user's other devices
// (Events::privacy_changed) and what others see of their presence at once.
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// What PATCH /api/v1/me/privacy takes: each field absent keeps what is set.
struct PrivacyChange {
  std::optional<bool> read_receipts;
  std::optional<bool> typing;
  std::optional<std::string> last_seen;  // "everybody", "contacts", "nobody"
  std::optional<std::vector<std::string>> always;
  std::optional<std::vector<std::string>> never;
};

class PrivacyService {
 public:
  explicit PrivacyService(Core& core) : core_(core) {}

  Result<PrivacyView> settings(const Actor& actor);
  // invalid_input for an unknown audience or a malformed id, not_found for an id that is not a
  // user; the settings after.
  Result<PrivacyView> change(const Actor& actor, const PrivacyChange& change);

 private:
  Result<PrivacyView> view_of(const store::Privacy& privacy);

  Core& core_;
};

std::string_view audience_name(store::Audience a);

}  // namespace parley::chat
