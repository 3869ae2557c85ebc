#include "chat/files/file_service.hpp"

#include "chat/files/blob_garbage.hpp"

#include "chat/store_errors.hpp"
#include "chat/wire.hpp"
#include "util/ids.hpp"
#include "util/random.hpp"
#include "util/utf8.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <unordered_set>

namespace parley::chat {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxMimeBytes = 127;
constexpr std::size_t kSweepBatch = 1000;

// The last path segment of a name, without control characters; empty when nothing is left.
std::string clean_name(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (const char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out.push_back(c);
  }
  return out;
}

bool valid_mime(std::string_view mime) {
  if (mime.empty() || mime.size() > kMaxMimeBytes) return false;
  return std::all_of(mime.begin(), mime.end(), [](char c) { return c > 0x20 && c < 0x7f && c != '"'; });
}

Error unavailable_blobs(blob::Errc e) {
  spdlog::error("files: the blob store failed: {}", blob::errc_name(e));
  return Error{Errc::kUnavailable, "File storage is unavailable; try again"};
}

}  // namespace

// Writes one request's bytes into parts of at most kPartBytes, each added to the upload as
// soon as it is full, so that a connection cut mid-body loses at most the part in progress
// (and not even that when the server sees the cut: abort() keeps it).
class PartWriter final : public UploadWriter {
 public:
  PartWriter(FileService& files, store::Upload upload) : files_(files), upload_(std::move(upload)) {}
  ~PartWriter() override = default;
  PartWriter(const PartWriter&) = delete;
  PartWriter& operator=(const PartWriter&) = delete;

  Result<void> write(std::string_view bytes) override {
    while (!bytes.empty()) {
      if (upload_.offset + part_size_ + bytes.size() > upload_.length) {
        return fail(Errc::kPayloadTooLarge, "The body passes the upload's length");
      }
      if (!part_) {
        auto begun = files_.blobs_->begin_upload(FileService::kPartBytes);
        if (!begun) return util::fail(unavailable_blobs(begun.error()));
        part_ = std::move(*begun);
      }
      const auto n = std::min<std::uint64_t>(bytes.size(), FileService::kPartBytes - part_size_);
      if (auto w = part_->write(bytes.substr(0, n)); !w) return util::fail(unavailable_blobs(w.error()));
      part_size_ += n;
      bytes.remove_prefix(n);
      if (part_size_ == FileService::kPartBytes) {
        if (auto kept = keep_part(); !kept) return kept;
      }
    }
    return {};
  }

  Result<std::uint64_t> finish() override {
    if (auto kept = keep_part(); !kept) return util::fail(kept.error());
    // Finished by this request's bytes (an upload found complete was finished when opened).
    if (upload_.offset < upload_.length || !grew_) return upload_.offset;
    auto file = files_.finish(upload_);
    if (!file) return util::fail(file.error());
    return upload_.offset;
  }

  void abort() override {
    if (auto kept = keep_part(); !kept)
      spdlog::warn("files: part of upload {} lost: {}", upload_.id, kept.error().message);
  }

 private:
  // Adds the part in progress to the upload (nothing when empty).
  Result<void> keep_part() {
    if (!part_ || part_size_ == 0) return {};
    auto stored = part_->commit();
    part_.reset();
    const auto size = part_size_;
    part_size_ = 0;
    if (!stored) return util::fail(unavailable_blobs(stored.error()));
    auto added = files_.core_.store.add_upload_part(upload_.id, upload_.offset, store::UploadPart{stored->id, size},
                                                    files_.core_.now());
    if (!added) {
      (void)files_.blobs_->remove(stored->id);
      if (added.error() == store::Errc::kConflict) {
        return fail(Errc::kOffsetMismatch, "Another request wrote to this upload; ask for its offset and resume");
      }
      return store_failure(added.error(), "Upload");
    }
    upload_.offset = *added;
    grew_ = true;
    return {};
  }

  FileService& files_;
  store::Upload upload_;  // offset: what is kept
  std::unique_ptr<blob::BlobUpload> part_;
  std::uint64_t part_size_ = 0;
  bool grew_ = false;  // this request added bytes
};

namespace {

store::NewJob sweep_of_period(std::int64_t now) {
  const std::int64_t start = now - now % FileService::kSweepEveryMs;
  store::NewJob job;
  job.kind = FileService::kSweepJob;
  job.run_at = start;
  job.max_attempts = 3;
  job.dedupe_key = std::string(FileService::kSweepJob) + "@" + std::to_string(start);
  return job;
}

}  // namespace

FileService::FileService(Core& core, blob::BlobStore* blobs) : core_(core), blobs_(blobs) {
  if (core_.jobs == nullptr || blobs_ == nullptr) return;
  core_.jobs->handle(
      kSweepJob,
      [this](const store::Job&) {
        auto swept = sweep();
        if (!swept) return jobs::JobOutcome::retry(swept.error().message);
        if (*swept > 0) spdlog::info("files: swept {} upload(s), file(s) and blob(s)", *swept);
        if (!core_.jobs->enqueue(sweep_of_period(core_.now() + kSweepEveryMs))) {
          return jobs::JobOutcome::retry("cannot enqueue the next sweep");
        }
        return jobs::JobOutcome::done();
      },
      jobs::JobKindOptions{.lease_ms = 10 * 60'000, .backoff = store::Backoff{.first_ms = 10'000, .max_ms = 600'000}});
  if (!core_.jobs->enqueue(sweep_of_period(core_.now()))) spdlog::warn("files: cannot enqueue the sweep");
}

Result<void> FileService::ready() const {
  if (blobs_ == nullptr) return fail(Errc::kUnavailable, "Files are not enabled on this server");
  return {};
}

Result<store::Upload> FileService::create_upload(const Actor& actor, const NewUpload& request) {
  if (auto r = ready(); !r) return util::fail(r.error());
  const auto& o = core_.options;
  const std::string name = clean_name(request.name);
  if (!util::is_valid_utf8(request.name) || name.empty() || name.size() > kMaxNameBytes) {
    return fail(Errc::kInvalidInput, "The file needs a name of 1 to 255 bytes of UTF-8");
  }
  if (request.length == 0) return fail(Errc::kInvalidInput, "The file is empty");
  if (request.length > o.max_upload_bytes) {
    return fail(Errc::kFileTooLarge, "Files may be at most " + std::to_string(o.max_upload_bytes) + " bytes");
  }
  const auto now = core_.now();
  if (core_.limiter.take("upload:" + actor.user_id, o.uploads_per_minute / 60.0, o.uploads_per_minute, now, 1) == 0) {
    return fail(Errc::kRateLimited, "Too many uploads; try again in a minute");
  }
  auto usage = core_.store.file_usage(actor.user_id);
  if (!usage) return store_failure(usage.error(), "Usage");
  if (usage->uploads >= o.max_uploads_in_flight) {
    return fail(Errc::kTooManyUploads, "At most " + std::to_string(o.max_uploads_in_flight) +
                                           " uploads may be in progress at once; finish or cancel one");
  }
  if (usage->bytes + request.length > o.upload_quota_bytes) {
    return fail(Errc::kQuotaExceeded,
                "Your files would pass your storage quota of " + std::to_string(o.upload_quota_bytes) + " bytes");
  }
  store::Upload u;
  u.id = util::uuid_v7();
  u.owner_id = actor.user_id;
  u.length = request.length;
  u.name = name;
  u.mime = valid_mime(request.mime) ? request.mime : "application/octet-stream";
  u.voice = request.voice;
  u.created_at = now;
  u.expires_at = now + o.upload_expiry_ms;
  auto created = core_.store.create_upload(u);
  if (!created) return store_failure(created.error(), "Upload");
  return std::move(*created);
}

Result<store::Upload> FileService::upload(const Actor& actor, std::string_view id) {
  if (auto r = ready(); !r) return util::fail(r.error());
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "No such upload");
  auto u = core_.store.upload(id);
  if (!u && u.error() != store::Errc::kNotFound) return store_failure(u.error(), "Upload");
  if (!u || u->owner_id != actor.user_id || u->expires_at <= core_.now()) {
    return fail(Errc::kNotFound, "No such upload");
  }
  if (u->offset == u->length) {
    // Every byte is kept but finishing failed (storage or processing down): again now, so that
    // a client that asks where to resume finds the file made.
    auto file = finish(*u);
    if (!file) return util::fail(file.error());
  }
  return std::move(*u);
}

Result<std::unique_ptr<UploadWriter>> FileService::write_upload(const Actor& actor, std::string_view id,
                                                                std::uint64_t offset, std::uint64_t length) {
  auto u = upload(actor, id);
  if (!u) return util::fail(u.error());
  if (u->offset != offset) {
    return fail(Errc::kOffsetMismatch, "The upload is at offset " + std::to_string(u->offset));
  }
  if (offset + length > u->length) return fail(Errc::kPayloadTooLarge, "The body passes the upload's length");
  return std::unique_ptr<UploadWriter>(std::make_unique<PartWriter>(*this, std::move(*u)));
}

Result<void> FileService::remove_upload(const Actor& actor, std::string_view id) {
  auto u = upload(actor, id);
  if (!u) return util::fail(u.error());
  if (auto r = core_.store.remove_upload(id, core_.now()); !r) {
    if (r.error() == store::Errc::kNotFound) return fail(Errc::kNotFound, "No such upload");
    return store_failure(r.error(), "Upload");
  }
  (void)collect_blob_garbage(core_.store, *blobs_, kGarbageBatch);  // the upload's parts
  return {};
}

Result<store::StoredFile> FileService::file(const Actor& actor, std::string_view id) {
  if (auto r = ready(); !r) return util::fail(r.error());
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "No such file");
  auto readable = core_.store.readable_files(actor.user_id, {std::string(id)});
  if (!readable) return store_failure(readable.error(), "File");
  if (!readable->empty()) return std::move(readable->front());
  auto any = core_.store.file(id);
  if (!any) return store_failure(any.error(), "File");
  return fail(Errc::kForbidden, "You may not read this file");
}

Result<std::vector<FileLinks>> FileService::links(const Actor& actor, const std::vector<std::string>& ids,
                                                  std::vector<std::string>& denied) {
  if (auto r = ready(); !r) return util::fail(r.error());
  if (ids.empty() || ids.size() > kMaxLinksPerRequest) {
    return fail(Errc::kInvalidInput, "ids must list 1 to " + std::to_string(kMaxLinksPerRequest) + " file ids");
  }
  std::vector<std::string> valid;
  for (const auto& id : ids) (util::is_uuid(id) ? valid : denied).push_back(id);
  auto readable = valid.empty() ? store::Result<std::vector<store::StoredFile>>(std::vector<store::StoredFile>{})
                                : core_.store.readable_files(actor.user_id, valid);
  if (!readable) return store_failure(readable.error(), "File");
  // Links of one half-period share their expiry, so that a page asking again gets the same
  // URLs and the browser's cache serves them.
  const std::int64_t period = std::max<std::int64_t>(core_.options.file_link_ms, 2);
  const std::int64_t expires = (core_.now() / (period / 2) + 1) * (period / 2) + period / 2;
  std::vector<FileLinks> out;
  std::unordered_set<std::string> found;
  for (const auto& f : *readable) {
    found.insert(f.id);
    FileLinks l;
    l.id = f.id;
    l.expires_at = expires;
    for (const auto& b : f.blobs) {
      std::string url = "/api/v1/files/" + f.id + "/" + b.variant + "?expires=" + std::to_string(expires) +
                        "&user=" + actor.user_id + "&sig=" + sign(f.id, b.variant, expires, actor.user_id);
      if (b.variant == "original") {
        l.download = url + "&download=1";
        l.url = std::move(url);
      } else if (b.variant == "thumbnail") {
        l.thumbnail = std::move(url);
      } else if (b.variant == "display") {
        l.display = std::move(url);
      } else if (b.variant == "poster") {
        l.poster = std::move(url);
      }
    }
    out.push_back(std::move(l));
  }
  for (const auto& id : valid) {
    if (!found.contains(id)) denied.push_back(id);
  }
  return out;
}

Result<Download> FileService::download(std::string_view id, std::string_view variant, std::int64_t expires,
                                       std::string_view user_id, std::string_view signature) {
  if (auto r = ready(); !r) return util::fail(r.error());
  if (!signature_holds(id, variant, expires, user_id, signature))
    return fail(Errc::kForbidden, "This link is not valid");
  if (expires <= core_.now()) return fail(Errc::kForbidden, "This link has expired; ask for a new one");
  auto f = core_.store.file(id);
  if (!f) return store_failure(f.error(), "File");
  for (const auto& b : f->blobs) {
    if (b.variant == variant) return Download{std::move(*f), b};
  }
  return fail(Errc::kNotFound, "The file has no such version");
}

Result<Carried> FileService::carried(const Actor& actor, const std::vector<std::string>& ids) {
  if (auto r = ready(); !r) return util::fail(r.error());
  const auto max = core_.options.max_attachments;
  if (ids.empty() || ids.size() > max) {
    return fail(Errc::kInvalidInput, "A message carries 1 to " + std::to_string(max) + " files");
  }
  std::unordered_set<std::string> seen;
  for (const auto& id : ids) {
    if (!util::is_uuid(id)) return fail(Errc::kInvalidInput, "attachments must be file ids");
    if (!seen.insert(id).second) return fail(Errc::kInvalidInput, "A file is attached twice");
  }
  auto readable = core_.store.readable_files(actor.user_id, ids);
  if (!readable) return store_failure(readable.error(), "File");
  Carried out;
  json::array files;
  for (const auto& id : ids) {
    const auto it = std::find_if(readable->begin(), readable->end(), [&](const auto& f) { return f.id == id; });
    if (it == readable->end() || it->owner_id != actor.user_id) {
      return fail(Errc::kNotFound, "No uploaded file " + id + " of yours (finish its upload first)");
    }
    boost::system::error_code ec;
    auto attachment = json::parse(it->attachment, ec);
    if (ec || !attachment.is_object()) return fail(Errc::kInternal, "A stored file cannot be read");
    files.push_back(std::move(attachment));
    out.file_ids.push_back(id);
  }
  out.fallback = attachments_text(files);
  out.attachments = json::serialize(files);
  return out;
}

std::vector<std::string> FileService::file_ids_of(std::string_view attachments) {
  std::vector<std::string> ids;
  boost::system::error_code ec;
  auto files = json::parse(attachments, ec);
  if (ec || !files.is_array()) return ids;
  for (const auto& f : files.as_array()) {
    const auto* id = f.is_object() ? f.as_object().if_contains("id") : nullptr;
    if (id != nullptr && id->is_string()) ids.emplace_back(id->as_string());
  }
  return ids;
}

Result<std::size_t> collect_blob_garbage(store::Store& store, blob::BlobStore& blobs, std::size_t limit) {
  auto garbage = store.blob_garbage(limit);
  if (!garbage) return store_failure(garbage.error(), "Files");
  std::vector<std::string> removed;
  for (const auto& id : *garbage) {
    auto r = blobs.remove(id);
    if (r || r.error() == blob::Errc::kNotFound || r.error() == blob::Errc::kInvalid) removed.push_back(id);
  }
  if (!removed.empty()) {
    if (auto r = store.forget_blobs(removed); !r) return store_failure(r.error(), "Files");
  }
  return removed.size();
}

Result<std::size_t> FileService::sweep() {
  if (auto r = ready(); !r) return util::fail(r.error());
  const auto now = core_.now();
  auto expired = core_.store.expire_files(now, now - core_.options.upload_expiry_ms, kSweepBatch);
  if (!expired) return store_failure(expired.error(), "Files");
  auto collected = collect_blob_garbage(core_.store, *blobs_, kGarbageBatch);
  if (!collected) return util::fail(collected.error());
  return *expired + *collected;
}

const std::string& FileService::link_key() {
  std::call_once(key_once_, [this] {
    auto key = core_.store.shared_setting("file_link_key", util::random_id(32));
    if (key) {
      key_ = std::move(*key);
    } else {
      // Links made now stop working after a restart; better than none.
      spdlog::error("files: the link key cannot be read from the store; links last until a restart");
      key_ = util::random_id(32);
    }
  });
  return key_;
}

bool FileService::signature_holds(std::string_view id, std::string_view variant, std::int64_t expires,
                                  std::string_view user, std::string_view signature) {
  const std::string expected = sign(id, variant, expires, user);
  return signature.size() == expected.size() && sodium_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

std::string FileService::sign(std::string_view id, std::string_view variant, std::int64_t expires,
                              std::string_view user) {
  const std::string& key = link_key();
  const std::string message =
      std::string(id) + "\n" + std::string(variant) + "\n" + std::to_string(expires) + "\n" + std::string(user);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  return std::string(hex.data(), crypto_auth_hmacsha256_BYTES * 2);
}

}  // namespace parley::chat
