// Files: resumable uploads (the tus protocol's resources, http/routes/uploads.cpp), the files
// they become once processed (media/process.hpp: type by content, thumbnails, poster frames,
// waveforms), the signed links that download them, and the files a message carries.
//
// - An upload belongs to the user who created it; anyone else is told it does not exist.
//   Its bytes are kept in parts (blobs of at most kPartBytes), so that an upload cut off by a
//   dropped connection or a restart resumes after the last part kept. The request that brings
//   the last byte finishes it: the parts are joined into one blob, processed, and the upload
//   becomes the file with the same id.
// - A file may be read by its owner and by the participants of a chat with a message that
//   carries it. Downloads go through links signed for one user, file and variant, valid for
//   file_link_ms, so that <img> and <video> load them without a token.
// - Limits: max_upload_bytes per file, upload_quota_bytes per user (files kept plus uploads in
//   progress, by their declared length), max_uploads_in_flight, uploads_per_minute.
//
// Threading: safe from any thread; blocks on the store, the blob store and processing (callers
// run it on worker threads).
#pragma once

#include "blob/blob_store.hpp"
#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct NewUpload {
  std::uint64_t length = 0;
  std::string name;  // the file's name as the uploader gives it
  std::string mime;  // as declared (not trusted: the type is told by the content)
  bool voice = false;
};

// Where the body of one upload request goes, from the offset it was opened at.
class UploadWriter {
 public:
  virtual ~UploadWriter() = default;
  // The next bytes. An error ends the request; what was kept before stays.
  virtual Result<void> write(std::string_view bytes) = 0;
  // The body ended: keeps its bytes; the last ones of the file finish the upload into a file.
  // Returns the upload's offset after them.
  virtual Result<std::uint64_t> finish() = 0;
  // The client went away mid-body: keeps what arrived, for the upload to resume from there.
  virtual void abort() = 0;
};

struct FileLinks {
  std::string id;
  std::string url;       // the original, shown inline where its type is safe to show
  std::string download;  // the original, as an attachment
  std::optional<std::string> thumbnail, display, poster;
  std::int64_t expires_at = 0;
};

// What a signed link names: the file and the blob of the variant asked for.
struct Download {
  store::StoredFile file;
  store::FileBlob blob;
};

// The files one message carries, as MessageService stores them.
struct Carried {
  std::vector<std::string> file_ids;
  std::string attachments;  // the JSON array of their attachments
  std::string fallback;     // what clients without files show ("📎 report.pdf", ...)
};

// The most file ids a send's schema takes (max_attachments may allow fewer).
inline constexpr std::size_t kMaxAttachmentsListed = 100;

class FileService {
 public:
  static constexpr std::uint64_t kPartBytes = 8ULL << 20;
  static constexpr std::size_t kMaxNameBytes = 255;
  static constexpr std::size_t kMaxLinksPerRequest = 100;

  static constexpr const char* kSweepJob = "files.sweep";
  static constexpr std::int64_t kSweepEveryMs = 10 * 60'000;

  // `blobs`: where the bytes go; null where files are off (every operation: unavailable).
  // With the core's jobs, sweep() runs every kSweepEveryMs, once per period on one database.
  FileService(Core& core, blob::BlobStore* blobs);

  // file_too_large, quota_exceeded, too_many_uploads, rate_limited, invalid_input (no name, a
  // name too long or not UTF-8).
  Result<store::Upload> create_upload(const Actor& actor, const NewUpload& upload);
  // not_found: no upload of the actor's with that id (never one, finished, removed, expired).
  Result<store::Upload> upload(const Actor& actor, std::string_view id);
  // A request's bytes from `offset`: offset_mismatch when the upload is not there; payload
  // too large when `length` would pass the upload's declared length.
  Result<std::unique_ptr<UploadWriter>> write_upload(const Actor& actor, std::string_view id, std::uint64_t offset,
                                                     std::uint64_t length);
  // Ends an upload, or a finished file no message carries yet (the uploader cancelling).
  Result<void> remove_upload(const Actor& actor, std::string_view id);

  // A file the actor may read (forbidden: they may not; not_found: no such file).
  Result<store::StoredFile> file(const Actor& actor, std::string_view id);
  // Links for the files of `ids` the actor may read; the others' ids go to `denied`.
  Result<std::vector<FileLinks>> links(const Actor& actor, const std::vector<std::string>& ids,
                                       std::vector<std::string>& denied);
  // The blob a link names, when its signature holds and it has not expired (forbidden
  // otherwise; not_found: the file or variant is gone).
  Result<Download> download(std::string_view id, std::string_view variant, std::int64_t expires,
                            std::string_view user_id, std::string_view signature);
  blob::BlobStore* blobs() { return blobs_; }
  // The signature of a link to `variant` of `id` for `user` until `expires` (HMAC with the key
  // the instances share), and whether one holds; exports sign their downloads so too.
  std::string sign(std::string_view id, std::string_view variant, std::int64_t expires, std::string_view user);
  bool signature_holds(std::string_view id, std::string_view variant, std::int64_t expires, std::string_view user,
                       std::string_view signature);

  // The actor's own finished files of `ids` (1 to max_attachments, no repeats) as a message
  // carries them.
  Result<Carried> carried(const Actor& actor, const std::vector<std::string>& ids);
  // Files a forward carries on: those of `attachments` (a message's JSON array) as they are.
  static std::vector<std::string> file_ids_of(std::string_view attachments);

  // Housekeeping: removes expired uploads and files never sent, and the blobs no longer used.
  // Returns how many uploads, files and blobs went.
  Result<std::size_t> sweep();

 private:
  friend class PartWriter;
  Result<void> ready() const;
  Result<store::StoredFile> finish(const store::Upload& upload);
  const std::string& link_key();

  Core& core_;
  blob::BlobStore* const blobs_;
  std::once_flag key_once_;
  std::string key_;  // the links' HMAC key, shared by the instances (store shared_setting)
};

}  // namespace parley::chat
