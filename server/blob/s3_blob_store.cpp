#include "blob/s3_blob_store.hpp"

#include "blob/s3_client.hpp"
#include "blob/s3_upload.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <limits>
#include <stdexcept>

namespace parley::blob {
namespace {

using util::fail;

constexpr std::uint64_t kMinPartSize = std::uint64_t{5} << 20;  // S3's smallest part but the last
constexpr std::uint64_t kMaxPartSize = std::uint64_t{5} << 30;  // and its largest

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A Content-Range header, "bytes FIRST-LAST/SIZE".
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t size = 0;
};

std::optional<ContentRange> parse_content_range(std::string_view text) {
  if (text.substr(0, 6) != "bytes ") return std::nullopt;
  text.remove_prefix(6);
  const auto dash = text.find('-');
  const auto slash = text.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) return std::nullopt;
  const auto first = parse_u64(text.substr(0, dash));
  const auto last = parse_u64(text.substr(dash + 1, slash - dash - 1));
  const auto size = parse_u64(text.substr(slash + 1));
  if (!first || !last || !size || *last < *first) return std::nullopt;
  return ContentRange{*first, *last, *size};
}

// A 404 about the object (NoSuchKey, or a HEAD's bare 404), not about the bucket.
bool object_missing(const S3Response& response) {
  return response.status == 404 && response.error_code() != "NoSuchBucket";
}

// Where a read is while its body streams: which bytes of the body go to the sink.
struct ReadState {
  std::optional<ReadSpan> span;  // once the response's headers are read
  std::uint64_t skip = 0;        // body bytes before the span (a server that ignored Range)
  std::uint64_t delivered = 0;   // bytes given to the sink
  bool caller_stopped = false;
};

// Resolves the span of a 206 (Content-Range) or 200 (the whole blob) response to `range`.
std::optional<ReadSpan> span_of(const S3Response& head, const ByteRange& range) {
  ReadSpan span;
  span.offset = range.offset;
  if (head.status == 206) {
    const auto content_range = parse_content_range(head.header("content-range").value_or(""));
    if (!content_range || content_range->first != range.offset) return std::nullopt;
    span.blob_size = content_range->size;
    // An empty object's range is "0-0/0" on some stores: it holds nothing.
    span.length = span.blob_size > span.offset
                      ? std::min(content_range->last - content_range->first + 1, span.blob_size - span.offset)
                      : 0;
  } else if (head.status == 200) {
    const auto size = parse_u64(head.header("content-length").value_or(""));
    if (!size || range.offset > *size) return std::nullopt;
    span.blob_size = *size;
    span.length = *size - span.offset;
  } else {
    return std::nullopt;
  }
  if (range.length) span.length = std::min(span.length, *range.length);
  return span;
}

class S3BlobStore final : public BlobStore {
 public:
  explicit S3BlobStore(const S3Options& options) : options_(options), client_(options) { check_bucket(); }

  Result<std::unique_ptr<BlobUpload>> begin_upload(std::uint64_t max_size) override {
    auto id = new_blob_id();
    auto key = key_of(id);
    return make_s3_upload(client_, std::move(id), std::move(key), options_.part_size, max_size);
  }

  Result<ReadSpan> read(std::string_view id, const ByteRange& range, const ChunkSink& sink) override {
    if (!valid_blob_id(id)) return fail(Errc::kInvalid);
    // Nothing to get: the size alone resolves the span (HTTP has no empty range).
    if (range.length == std::uint64_t{0}) return span_from_size(id, range);

    std::string bytes = "bytes=" + std::to_string(range.offset) + "-";
    if (range.length && *range.length - 1 <= std::numeric_limits<std::uint64_t>::max() - range.offset) {
      bytes += std::to_string(range.offset + *range.length - 1);
    }
    ReadState state;
    const BodySink body = [&](const S3Response& head, std::string_view chunk) {
      if (!state.span) {
        state.span = span_of(head, range);
        if (!state.span) return false;
        if (head.status == 200) state.skip = range.offset;
      }
      const auto skipped = static_cast<std::size_t>(std::min<std::uint64_t>(state.skip, chunk.size()));
      chunk.remove_prefix(skipped);
      state.skip -= skipped;
      chunk = chunk.substr(
          0, static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), state.span->length - state.delivered)));
      state.delivered += chunk.size();
      if (!chunk.empty() && !sink(chunk)) {
        state.caller_stopped = true;
        return false;
      }
      // A 206 body is read to its end, so that the connection can serve the next request; an
      // empty span needs no body (some stores send "0-0/0" and no byte for an empty object),
      // nor does the rest of a whole blob past the span.
      return (head.status == 206 && state.span->length > 0) || state.delivered < state.span->length;
    };
    const auto response = client_.send({"GET", key_of(id), {}, {{"range", bytes}}, {}, &body});

    if (object_missing(response)) return fail(Errc::kNotFound);
    if (response.status == 416) return span_from_size(id, range);  // starts at or past the end
    if (state.span && (state.caller_stopped || state.delivered == state.span->length)) return *state.span;
    spdlog::warn("blobs: cannot read {} from {}: {}", key_of(id), client_.where(),
                 state.span ? "the body ended early: " + response.describe() : response.describe());
    return fail(Errc::kUnavailable);
  }

  Result<std::uint64_t> size_of(std::string_view id) override {
    if (!valid_blob_id(id)) return fail(Errc::kInvalid);
    const auto response = client_.send({"HEAD", key_of(id), {}, {}, {}});
    if (object_missing(response)) return fail(Errc::kNotFound);
    const auto size = parse_u64(response.header("content-length").value_or(""));
    if (!response.ok() || !size) {
      spdlog::warn("blobs: cannot stat {} in {}: {}", key_of(id), client_.where(), response.describe());
      return fail(Errc::kUnavailable);
    }
    return *size;
  }

  Result<void> remove(std::string_view id) override {
    // S3 deletes a missing object without a word: ask first, so that a missing blob is kNotFound.
    if (auto size = size_of(id); !size) return fail(size.error());
    const auto response = client_.send({"DELETE", key_of(id), {}, {}, {}});
    if (object_missing(response)) return fail(Errc::kNotFound);
    if (!response.ok()) {
      spdlog::warn("blobs: cannot delete {} from {}: {}", key_of(id), client_.where(), response.describe());
      return fail(Errc::kUnavailable);
    }
    return {};
  }

 private:
  std::string key_of(std::string_view id) const { return options_.prefix + std::string(id); }

  // The span of a read resolved against the blob's size alone: empty, or kRange.
  Result<ReadSpan> span_from_size(std::string_view id, const ByteRange& range) {
    auto size = size_of(id);
    if (!size) return fail(size.error());
    if (range.offset > *size) return fail(Errc::kRange);
    ReadSpan span{*size, range.offset, 0};
    if (range.offset < *size && range.length != std::uint64_t{0}) {
      spdlog::warn("blobs: {} in {} refused a range inside it", key_of(id), client_.where());
      return fail(Errc::kUnavailable);
    }
    return span;
  }

  void check_bucket() {
    const auto response = client_.send({"HEAD", "", {}, {}, {}});
    if (response.ok()) return;
    std::string reason;
    switch (response.status) {
      case 0:
        reason = "cannot connect: " + response.describe();
        break;
      case 301:
      case 400:
        reason = response.describe() + ": check the region ('" + options_.region + "') and path_style";
        break;
      case 403:
        reason = response.describe() + ": access denied, check the access key and secret key";
        break;
      case 404:
        reason = "no such bucket (" + response.describe() + ")";
        break;
      default:
        reason = response.describe();
    }
    throw std::runtime_error("S3 blob store " + client_.where() + ": " + reason);
  }

  const S3Options options_;
  S3Client client_;
};

void check_options(const S3Options& options) {
  const auto fail_with = [&](const std::string& why) {
    throw std::runtime_error("S3 blob store " + options.endpoint + " bucket '" + options.bucket + "': " + why);
  };
  if (options.bucket.empty()) fail_with("no bucket given");
  if (options.access_key.empty() || options.secret_key.empty()) fail_with("no access key or secret key given");
  if (options.region.empty()) fail_with("no region given");
  if (options.part_size < kMinPartSize || options.part_size > kMaxPartSize) {
    fail_with("part_size " + std::to_string(options.part_size) + " is not between 5 MiB and 5 GiB (S3's limits)");
  }
  if (options.timeout_seconds <= 0) fail_with("timeout_seconds must be positive");
}

}  // namespace

std::unique_ptr<BlobStore> open_s3_blob_store(const S3Options& options) {
  check_options(options);
  return std::make_unique<S3BlobStore>(options);
}

}  // namespace parley::blob
