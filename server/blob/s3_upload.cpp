#include "blob/s3_upload.hpp"

#include "blob/sha256.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace parley::blob {
namespace {

using util::fail;

std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

class S3Upload final : public BlobUpload {
 public:
  S3Upload(S3Client& client, std::string id, std::string key, std::uint64_t part_size, std::uint64_t max_size)
      : client_(client), id_(std::move(id)), key_(std::move(key)), part_size_(part_size), max_size_(max_size) {}
  ~S3Upload() override { abort_multipart(); }
  S3Upload(const S3Upload&) = delete;
  S3Upload& operator=(const S3Upload&) = delete;

  Result<void> write(std::string_view chunk) override {
    if (ended_) return fail(*ended_);
    if (chunk.size() > max_size_ - size_) return end(Errc::kTooLarge);
    size_ += chunk.size();
    sha_.update(chunk);
    while (!chunk.empty()) {
      // A full part goes out only once more bytes come, so that the last part is never empty
      // and a blob of exactly one part is a single PutObject.
      if (buffer_.size() == part_size_) {
        if (auto r = send_part(); !r) return end(r.error());
      }
      const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), part_size_ - buffer_.size()));
      reserve_for(take);
      buffer_.append(chunk.substr(0, take));
      chunk.remove_prefix(take);
    }
    return {};
  }

  Result<StoredBlob> commit() override {
    if (ended_) return fail(*ended_);
    if (upload_id_.empty()) {
      if (!put_object()) return end(Errc::kUnavailable);
    } else {
      if (auto r = send_part(); !r) return end(r.error());
      if (!complete_multipart()) return end(Errc::kUnavailable);
    }
    release_buffer();
    ended_ = Errc::kInvalid;  // committed: the upload is over
    return StoredBlob{id_, size_, sha_.hex_digest()};
  }

 private:
  // Ends the upload with `errc`: nothing is kept, and later calls fail the same.
  util::Failure<Errc> end(Errc errc) {
    abort_multipart();
    release_buffer();
    ended_ = errc;
    return fail(errc);
  }

  // Grows the buffer for `more` bytes, never past one part.
  void reserve_for(std::size_t more) {
    const auto need = buffer_.size() + more;
    if (need <= buffer_.capacity()) return;
    buffer_.reserve(
        static_cast<std::size_t>(std::min<std::uint64_t>(part_size_, std::max(need, 2 * buffer_.capacity()))));
  }

  void release_buffer() { std::string().swap(buffer_); }

  bool put_object() {
    const auto response = client_.send({"PUT", key_, {}, {}, buffer_});
    if (response.ok()) return true;
    spdlog::warn("blobs: cannot put {} in {}: {}", key_, client_.where(), response.describe());
    return false;
  }

  // Sends the buffer as the next part, starting the multipart upload with the first.
  Result<void> send_part() {
    if (upload_id_.empty() && !create_multipart()) return fail(Errc::kUnavailable);
    if (etags_.size() == kS3MaxParts) {
      spdlog::warn("blobs: {} needs more than {} parts of {} bytes", key_, kS3MaxParts, part_size_);
      return fail(Errc::kTooLarge);
    }
    const auto number = std::to_string(etags_.size() + 1);
    const auto response = client_.send({"PUT", key_, {{"partNumber", number}, {"uploadId", upload_id_}}, {}, buffer_});
    auto etag = response.header("etag");
    if (!response.ok() || !etag) {
      spdlog::warn("blobs: cannot upload part {} of {} to {}: {}", number, key_, client_.where(), response.describe());
      return fail(Errc::kUnavailable);
    }
    etags_.push_back(std::move(*etag));
    buffer_.clear();
    return {};
  }

  bool create_multipart() {
    const auto response = client_.send({"POST", key_, {{"uploads", ""}}, {}, {}});
    auto ids = xml_values(response.body, "UploadId");
    if (!response.ok() || ids.empty() || ids.front().empty()) {
      spdlog::warn("blobs: cannot start a multipart upload of {} to {}: {}", key_, client_.where(),
                   response.describe());
      return false;
    }
    upload_id_ = std::move(ids.front());
    return true;
  }

  bool complete_multipart() {
    std::string xml = "<CompleteMultipartUpload>";
    for (std::size_t i = 0; i < etags_.size(); ++i) {
      xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + xml_escape(etags_[i]) +
             "</ETag></Part>";
    }
    xml += "</CompleteMultipartUpload>";
    const auto response =
        client_.send({"POST", key_, {{"uploadId", upload_id_}}, {{"content-type", "application/xml"}}, xml});
    // S3 may answer 200 and still fail: the error is then the body.
    if (response.ok() && response.body.find("<Error>") == std::string::npos) {
      upload_id_.clear();  // done: nothing to abort
      return true;
    }
    spdlog::warn("blobs: cannot complete the multipart upload of {} to {}: {}", key_, client_.where(),
                 response.describe());
    return false;
  }

  // Aborts the multipart upload in progress, if any, so that its parts are deleted.
  void abort_multipart() {
    if (upload_id_.empty()) return;
    const auto response = client_.send({"DELETE", key_, {{"uploadId", upload_id_}}, {}, {}});
    if (!response.ok() && response.status != 404) {
      spdlog::warn(
          "blobs: cannot abort the multipart upload {} of {} in {}: {}; its parts stay until the bucket's "
          "lifecycle rule removes them",
          upload_id_, key_, client_.where(), response.describe());
    }
    upload_id_.clear();
    etags_.clear();
  }

  S3Client& client_;
  const std::string id_;
  const std::string key_;
  const std::uint64_t part_size_;
  const std::uint64_t max_size_;
  std::uint64_t size_ = 0;
  Sha256 sha_;
  std::string buffer_;              // bytes not sent yet: at most one part
  std::string upload_id_;           // of the multipart upload, once started and until over
  std::vector<std::string> etags_;  // of the parts sent, in order
  std::optional<Errc> ended_;       // failed, or kInvalid after commit
};

}  // namespace

std::unique_ptr<BlobUpload> make_s3_upload(S3Client& client, std::string id, std::string key, std::uint64_t part_size,
                                           std::uint64_t max_size) {
  return std::make_unique<S3Upload>(client, std::move(id), std::move(key), part_size, max_size);
}

}  // namespace parley::blob
