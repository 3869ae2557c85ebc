// Each person's settings (appearance, sounds, language, ...): one document for everything
// (scope "") and one per chat where they override something (scope: the chat's id). The
// documents are JSON objects whose rules are the domain's (chat/settings); the store keeps them
// as text with a version that rises by one with every write, so that a writer can tell whether
// it read the latest (put_settings compares and sets).
// Apart from store.hpp (Store::settings()), so that only what reads settings is built against it.
#pragma once

#include "store/errors.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

struct SettingsDocument {
  std::string scope;            // "" (everything) or a chat id
  std::int64_t version = 0;     // 0: never written
  std::string document = "{}";  // a JSON object
  TimeMs updated_at = 0;
};

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  // The user's documents: the global one first (version 0 and "{}" when never written), then
  // those of chats, by chat id. kNotFound: no such user.
  virtual Result<std::vector<SettingsDocument>> settings_documents(std::string_view user_id) = 0;
  // One of them (version 0 and "{}" when never written). kNotFound: no such user.
  virtual Result<SettingsDocument> settings_document(std::string_view user_id, std::string_view scope) = 0;
  // Stores `document` as version `expected_version` + 1 when the stored one is
  // `expected_version` (0: none stored); in the same transaction marks the user's own files of
  // `keep_files` as in use (the files' sweep keeps them as it keeps those messages carry).
  // kConflict: another write came between; kNotFound: no such user.
  virtual Result<SettingsDocument> put_settings(std::string_view user_id, std::string_view scope,
                                                std::int64_t expected_version, std::string_view document,
                                                const std::vector<std::string>& keep_files, TimeMs at) = 0;
};

}  // namespace parley::store
