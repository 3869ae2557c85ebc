// The BlobUpload of the S3 backend (blob/s3_blob_store.hpp): buffers up to one part; a blob
// that fits in one part is a PutObject at commit(), a larger one a multipart upload whose parts
// go out as they fill. Ending without commit() aborts the multipart upload, so nothing is left.
// Used by one thread at a time, like every BlobUpload; the client is shared and thread-safe.
#pragma once

#include "blob/blob_store.hpp"
#include "blob/s3_client.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace parley::blob {

// S3 takes at most this many parts in one multipart upload.
inline constexpr std::uint64_t kS3MaxParts = 10'000;

// An upload of the blob `id` to the object `key`, in parts of `part_size` bytes.
std::unique_ptr<BlobUpload> make_s3_upload(S3Client& client, std::string id, std::string key, std::uint64_t part_size,
                                           std::uint64_t max_size);

}  // namespace parley::blob
