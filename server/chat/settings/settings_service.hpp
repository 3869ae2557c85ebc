// People's settings, kept on the server so that they follow the person to every device: one
// document for everything (appearance, chats, sounds, language) and one per chat for what a
// chat overrides (its background, its sound). A change is an RFC 7396 merge patch on the
// document; the result is checked against the rules of settings_schema.hpp (known keys, types,
// ranges, colours readable on each other), stored with the next version, and announced to the
// person's devices (Events::settings_changed). A change may name the version it was made on:
// conflict when another change came between.
// Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "store/settings.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace parley::chat {

class FileService;

class SettingsService {
 public:
  static constexpr std::size_t kMaxDocumentBytes = 16 * 1024;

  SettingsService(Core& core, FileService& files) : core_(core), files_(files) {}

  // The actor's documents: the global one first, then those of the chats they are in.
  Result<std::vector<store::SettingsDocument>> all(const Actor& actor);
  // One document ("": the global one); not_found for a chat the actor is not in.
  Result<store::SettingsDocument> get(const Actor& actor, std::string_view chat_id);
  // Applies `patch` (a merge patch: an object whose null members remove; null: the defaults
  // again) to a document. invalid_input names the first rule the result breaks; conflict when
  // `version` is given and is not the stored one; payload_too_large past kMaxDocumentBytes;
  // not_found for a chat the actor is not in, or a background image that is not theirs.
  Result<store::SettingsDocument> change(const Actor& actor, std::string_view chat_id, const boost::json::value& patch,
                                         std::optional<std::int64_t> version);

 private:
  Result<void> may_use(const Actor& actor, std::string_view chat_id);

  Core& core_;
  FileService& files_;
};

}  // namespace parley::chat
