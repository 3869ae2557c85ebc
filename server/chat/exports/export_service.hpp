// Exports: a person takes their chats out as a file. A request is checked and stored
// (store/exports.hpp), and a background job (kExportJob) writes the file: chat by chat, a page
// of messages at a time from the store into a blob upload, so that its memory stays flat
// whatever the size. It reports its progress (Events::export_changed) and, once done, keeps the
// file for export_keep_ms behind signed download links (files' link key), then removes it.
//
// What is exported is what the person can read: the chats they are a member of; in a group the
// history they may see (an owner or admin exports all of it); not the messages they deleted for
// themselves; what they chose by time. Formats: "json", lossless and published as a JSON
// Schema (export_json.hpp), and "csv", a row per message (export_csv.hpp).
//
// A job that dies with its process runs again from the start (the upload it began is never
// kept). Removing an export while its job runs stops the job.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/errors.hpp"
#include "store/exports.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::blob {
class BlobStore;
}

namespace parley::jobs {
class JobOutcome;
}

namespace parley::chat {

class FileService;

struct ExportRequest {
  std::vector<std::string> chat_ids;  // empty: every chat of the person's
  std::string format = "json";        // "json" or "csv"
  std::optional<store::TimeMs> from;  // messages sent at or after
  std::optional<store::TimeMs> to;    // messages sent before
  bool byte_order_mark = false;       // csv: for spreadsheets
};

// A finished export's file, for a download.
struct ExportFile {
  store::DataExport record;
  std::string file_name;     // "parley-export-2026-12-07.json"
  std::string content_type;  // "application/json", "text/csv; charset=utf-8"
};

class ExportService {
 public:
  static constexpr const char* kExportJob = "export";
  static constexpr const char* kExpireJob = "export.expire";

  ExportService(Core& core, FileService& files);

  // Stores the request and queues its job. invalid_input: an unknown format, a chat named twice
  // or too many, a time range backwards; forbidden / not_found: a chat the person may not read;
  // limit: the person has max_unfinished_exports running already; unavailable: files are off.
  Result<store::DataExport> create(const Actor& actor, const ExportRequest& request);
  Result<std::vector<store::DataExport>> list(const Actor& actor);
  // The actor's export (not_found for anyone else's).
  Result<store::DataExport> get(const Actor& actor, std::string_view id);
  // Removes the export and its file; a running job stops.
  Result<void> remove(const Actor& actor, std::string_view id);
  // A link to a finished export's file, valid for file_link_ms and never past the export's
  // expiry; none while it is not done.
  std::optional<std::string> link(const store::DataExport& e);
  // The file a link names, when its signature holds and it has not expired (forbidden
  // otherwise; not_found: the export is gone).
  Result<ExportFile> download(std::string_view id, std::int64_t expires, std::string_view user_id,
                              std::string_view signature);
  blob::BlobStore* blobs();

  // One run of an export's job: writes its file (exposed for tests, which run jobs directly).
  jobs::JobOutcome run(std::string_view export_id);
  // Removes an export whose time has come, with its file.
  jobs::JobOutcome expire(std::string_view export_id);

 private:
  Core& core_;
  FileService& files_;
};

}  // namespace parley::chat
