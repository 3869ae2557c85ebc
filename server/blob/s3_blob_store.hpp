// The S3 backend of BlobStore, for a cluster: each blob is the object `prefix + id` in a bucket
// of Amazon S3 or an S3-compatible store (MinIO, Ceph, R2, ...), reached over HTTP with
// libcurl and requests signed with AWS Signature Version 4 (blob/sigv4.hpp).
//
// An upload keeps at most one part in memory: a blob smaller than `part_size` is one PutObject
// at commit(); a larger one is a multipart upload whose parts are sent as they fill, completed
// by commit() and aborted when the upload fails or is dropped, so that a blob appears whole or
// not at all. A read is a ranged GetObject whose body goes to the sink as it arrives.
//
// Thread-safe like every BlobStore: requests run on a small pool of reusable curl handles, so
// connections are kept open between calls. Transient failures (no response, HTTP 5xx) are
// retried a few times before they become kUnavailable.
//
// The bucket should have a lifecycle rule that aborts incomplete multipart uploads after a day:
// a process that dies mid-upload cannot abort its own.
#pragma once

#include "blob/blob_store.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace parley::blob {

struct S3Options {
  std::string endpoint;  // scheme://host[:port], e.g. https://s3.eu-west-1.amazonaws.com
  std::string bucket;
  std::string region = "us-east-1";
  std::string access_key;
  std::string secret_key;
  std::string prefix = "blobs/";  // of every object key
  // https://endpoint/bucket/key; false: https://bucket.endpoint/key (virtual-hosted style).
  bool path_style = true;
  // At least 5 MiB, S3's smallest part but the last; a part is buffered in memory per upload.
  std::uint64_t part_size = std::uint64_t{8} << 20;
  // For connecting, and for a request that makes no progress (no byte moves) for this long.
  int timeout_seconds = 30;
};

// Opens the bucket: checks the options, then that the bucket answers (HEAD bucket). Throws
// std::runtime_error naming the endpoint and bucket when it does not, with the reason (cannot
// connect, access denied, no such bucket).
std::unique_ptr<BlobStore> open_s3_blob_store(const S3Options& options);

}  // namespace parley::blob
