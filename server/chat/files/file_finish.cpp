// FileService::finish: an upload's last byte arrived. Its parts are joined into a local file,
// processed (media/process.hpp), and kept as the file's blobs: the original (without its
// location metadata where processing took it out) and the versions made from it. A
// processing failure leaves a plain document, never no file.
#include "chat/files/file_service.hpp"

#include "chat/files/blob_garbage.hpp"
#include "chat/store_errors.hpp"
#include "media/process.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

namespace parley::chat {
namespace json = boost::json;

namespace {

namespace fs = std::filesystem;

// A local file removed when this goes.
class TempFile {
 public:
  TempFile(const std::string& dir, const std::string& id)
      : path_((dir.empty() ? fs::temp_directory_path() : fs::path(dir)) / ("parley-upload-" + id)) {}
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The blobs written for one file, removed again unless kept.
class NewBlobs {
 public:
  explicit NewBlobs(blob::BlobStore& blobs) : blobs_(blobs) {}
  ~NewBlobs() {
    if (kept_) return;
    for (const auto& b : written_) (void)blobs_.remove(b.blob_id);
  }
  NewBlobs(const NewBlobs&) = delete;
  NewBlobs& operator=(const NewBlobs&) = delete;

  Result<void> add(std::string variant, std::string mime, blob::Result<blob::StoredBlob> stored) {
    if (!stored) {
      spdlog::error("files: the blob store failed: {}", blob::errc_name(stored.error()));
      return fail(Errc::kUnavailable, "File storage is unavailable; try again");
    }
    written_.push_back(store::FileBlob{std::move(variant), stored->id, stored->sha256, std::move(mime), stored->size});
    return {};
  }
  std::vector<store::FileBlob>& written() { return written_; }
  void keep() { kept_ = true; }

 private:
  blob::BlobStore& blobs_;
  std::vector<store::FileBlob> written_;
  bool kept_ = false;
};

json::object attachment_of(const store::Upload& u, const media::Processed& p, std::uint64_t size) {
  json::object a;
  a["id"] = u.id;
  a["kind"] = media::kind_name(p.kind);
  a["name"] = u.name;
  a["size"] = size;
  a["mime"] = p.mime;
  if (p.width > 0 && p.height > 0) {
    a["width"] = p.width;
    a["height"] = p.height;
  }
  if (p.duration_ms > 0) a["duration"] = static_cast<double>(p.duration_ms) / 1000.0;
  a["thumbnail"] = p.thumbnail.has_value();
  if (p.display) a["display"] = true;
  if (p.poster) a["poster"] = true;
  if (!p.placeholder.empty()) a["placeholder"] = p.placeholder;
  if (!p.waveform.empty()) {
    json::array w;
    for (const int v : p.waveform) w.push_back(v);
    a["waveform"] = std::move(w);
  }
  return a;
}

}  // namespace

Result<store::StoredFile> FileService::finish(const store::Upload& known) {
  auto u = core_.store.upload(known.id);
  if (!u) return store_failure(u.error(), "Upload");
  if (u->offset != u->length) return fail(Errc::kConflict, "The upload is not complete");
  const auto started = std::chrono::steady_clock::now();

  TempFile joined(core_.options.scratch_dir, u->id);
  {
    std::ofstream out(joined.path(), std::ios::binary | std::ios::trunc);
    for (const auto& part : u->parts) {
      auto read = blobs_->read(part.blob_id, {}, [&](std::string_view chunk) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        return out.good();
      });
      if (!read || !out.good()) {
        spdlog::error("files: joining upload {} failed", u->id);
        return fail(Errc::kUnavailable, "File storage is unavailable; try again");
      }
    }
    out.close();
    if (!out) return fail(Errc::kUnavailable, "The server cannot write a temporary file");
  }

  const media::Processed p = media::process(joined.path().string(), u->name, u->mime, u->voice);
  if (!p.note.empty()) spdlog::info("files: {} kept as a document: {}", u->id, p.note);

  NewBlobs blobs(*blobs_);
  const auto limit = std::max<std::uint64_t>(u->length, p.sanitized ? p.sanitized->size() : 0) + 1;
  if (p.sanitized) {
    if (auto r = blobs.add("original", p.mime, blob::put(*blobs_, *p.sanitized, limit)); !r)
      return util::fail(r.error());
  } else {
    std::ifstream in(joined.path(), std::ios::binary);
    if (auto r = blobs.add("original", p.mime, blob::put(*blobs_, in, limit)); !r) return util::fail(r.error());
  }
  for (const auto& [variant, version] :
       {std::pair{"thumbnail", &p.thumbnail}, std::pair{"display", &p.display}, std::pair{"poster", &p.poster}}) {
    if (!*version) continue;
    const auto& v = **version;
    if (auto r = blobs.add(variant, v.mime, blob::put(*blobs_, v.bytes, v.bytes.size() + 1)); !r) {
      return util::fail(r.error());
    }
  }

  store::StoredFile file;
  file.id = u->id;
  file.owner_id = u->owner_id;
  file.name = u->name;
  file.kind = std::string(media::kind_name(p.kind));
  file.mime = p.mime;
  file.size = blobs.written().front().size;
  file.attachment = json::serialize(attachment_of(*u, p, file.size));
  file.created_at = core_.now();
  file.blobs = blobs.written();
  auto stored = core_.store.finish_upload(file, core_.now());
  if (!stored) {
    if (stored.error() == store::Errc::kNotFound) return fail(Errc::kNotFound, "The upload was cancelled");
    return store_failure(stored.error(), "File");
  }
  blobs.keep();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  spdlog::debug("files: {} ({}, {} bytes) finished in {} ms", file.id, file.kind, file.size, ms);
  (void)collect_blob_garbage(core_.store, *blobs_, kGarbageBatch);  // the parts just dropped
  return std::move(*stored);
}

}  // namespace parley::chat
