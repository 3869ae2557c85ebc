// BlobStore keeps the bytes of files (uploads, thumbnails, exports) apart from the database:
// the database row of a file names its blob by id and keeps its size and SHA-256 from put.
// Backends: a directory (blob/directory_blob_store.hpp) and an S3-compatible object store
// (blob/s3_blob_store.hpp); all pass the conformance suite in blob/blob_store_conformance.hpp.
//
// Contract:
// - A blob is written once, in chunks, through a BlobUpload, and exists from the moment
//   commit() returns: never partly, never with other bytes. An upload that passes its size
//   limit, fails, or is dropped without commit() leaves nothing behind.
// - Ids are chosen by the store: 32 lower-case hex digits (128 random bits). Anything else is
//   kInvalid, so that an id from a request can never name anything outside the store.
// - Blobs are never changed; remove() deletes one. There is no listing: the database knows
//   which blobs exist, so a backend needs none (an object store can serve as one).
// - Thread-safe: every BlobStore method may run from any thread at once; a BlobUpload is used
//   by one thread at a time. Calls block (callers run them on worker threads). Failures are
//   results, never exceptions; only opening a backend throws (start-up).
#pragma once

#include "util/result.hpp"

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace parley::blob {

enum class Errc {
  kNotFound = 1,  // no blob with that id
  kInvalid,       // not a blob id
  kTooLarge,      // an upload passed its size limit
  kRange,         // a read starts past the end of the blob (HTTP 416)
  kUnavailable,   // the storage failed (disk full, I/O error, ...)
};

const char* errc_name(Errc e);

template <class T>
using Result = util::Result<T, Errc>;

struct StoredBlob {
  std::string id;
  std::uint64_t size = 0;
  std::string sha256;  // of the bytes, 64 lower-case hex digits
};

// Bytes [offset, offset + length) of a blob; no length: to its end. A range that runs past the
// end is cut there; one that starts at the end is empty; one that starts after it is kRange.
struct ByteRange {
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> length;
};

// What a read covered, resolved against the blob's size.
struct ReadSpan {
  std::uint64_t blob_size = 0;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// Takes the bytes of a read, a chunk at a time, in order; false stops the read.
using ChunkSink = std::function<bool(std::string_view chunk)>;

class BlobUpload {
 public:
  virtual ~BlobUpload() = default;  // without commit(): nothing is kept
  // Appends a chunk. kTooLarge once the bytes written pass the limit, kUnavailable when the
  // storage fails: the upload is then over (nothing kept) and every later call fails the same.
  virtual Result<void> write(std::string_view chunk) = 0;
  // Makes the blob exist, with all the bytes written; at most once.
  virtual Result<StoredBlob> commit() = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // A new upload of at most `max_size` bytes.
  virtual Result<std::unique_ptr<BlobUpload>> begin_upload(std::uint64_t max_size) = 0;
  // Hands the bytes of `range` to `sink` in chunks.
  virtual Result<ReadSpan> read(std::string_view id, const ByteRange& range, const ChunkSink& sink) = 0;
  virtual Result<std::uint64_t> size_of(std::string_view id) = 0;  // stat: the blob's size
  virtual Result<void> remove(std::string_view id) = 0;
};

// Whether `id` has the form of a blob id (32 lower-case hex digits).
bool valid_blob_id(std::string_view id);
// A new blob id: 128 random bits as 32 lower-case hex digits (for backends).
std::string new_blob_id();

// Helpers over any BlobStore.
Result<StoredBlob> put(BlobStore& store, std::string_view bytes, std::uint64_t max_size);
// Reads `in` to its end in chunks; kUnavailable when the stream fails before its end.
Result<StoredBlob> put(BlobStore& store, std::istream& in, std::uint64_t max_size);
Result<std::string> read_all(BlobStore& store, std::string_view id, const ByteRange& range = {});

}  // namespace parley::blob
