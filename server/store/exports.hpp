// Data exports: a person's request to take chats out as a file (chat/exports), its progress
// while a background job writes it, and the file in the blob store once it is done, until it
// expires. What the options mean and who may read what is the domain's; the store keeps the
// record. Apart from store.hpp (Store::exports()), so that only what uses exports is built
// against it.
#pragma once

#include "store/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::store {

struct DataExport {
  std::string id;
  std::string user_id;
  std::string format;                  // the domain's name of the file's format ("json", "csv", ...)
  std::string options;                 // the request, as the domain wrote it (a JSON text)
  std::string state;                   // "queued", "running", "done" or "failed"
  std::int64_t done = 0;               // messages written so far
  std::int64_t total = 0;              // messages to write, as far as known
  std::optional<std::string> blob_id;  // the file, once done
  std::int64_t size = 0;               // its bytes
  std::optional<std::string> error;    // why it failed
  TimeMs created_at = 0;
  std::optional<TimeMs> finished_at;
  std::optional<TimeMs> expires_at;  // the file is removed then
};

class ExportStore {
 public:
  virtual ~ExportStore() = default;

  // Stores a new export. kLimit: the person has `max_unfinished` exports queued or running
  // already; kConflict: the id is taken.
  virtual Result<DataExport> add_export(const DataExport& e, std::size_t max_unfinished) = 0;
  // kNotFound: no such export.
  virtual Result<DataExport> export_by_id(std::string_view id) = 0;
  // A person's exports, newest first.
  virtual Result<std::vector<DataExport>> exports_of(std::string_view user_id) = 0;
  // Writes state, done, total, blob_id, size, error, finished_at and expires_at; returns the
  // export as stored. kNotFound: no such export (removed meanwhile).
  virtual Result<DataExport> update_export(const DataExport& e) = 0;
  // Removes an export's record and returns it (its file is the caller's to remove).
  // kNotFound: no such export.
  virtual Result<DataExport> remove_export(std::string_view id) = 0;
  // Up to `limit` exports whose expires_at is at or before `now`, oldest expiry first.
  virtual Result<std::vector<DataExport>> expired_exports(TimeMs now, std::size_t limit) = 0;
};

}  // namespace parley::store
