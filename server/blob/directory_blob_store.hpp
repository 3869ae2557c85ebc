// The directory backend of BlobStore, for one machine (or a directory every instance mounts):
// each blob is a file root/objects/<ab>/<cd>/<id>, sharded by the first four hex digits of its
// id so that no directory grows past a few thousand entries. An upload writes a temporary file
// in root/tmp/ (on the same file system), and commit() renames it into place, so a blob appears
// whole or not at all; with `sync`, the file and its directory are flushed to disk first, so a
// committed blob survives a crash. Thread-safe like every BlobStore.
#pragma once

#include "blob/blob_store.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace parley::blob {

struct DirectoryBlobOptions {
  bool sync = true;  // fsync each blob and its directory before commit() returns
  // Temporary files this old (left by a process that crashed mid-upload) are removed at open.
  std::chrono::hours stale_upload_age{24};
};

// Opens the blob directory `root`, creating it and its subdirectories (mode 0700) as needed.
// Throws std::runtime_error naming the path when it cannot be created or written to.
std::unique_ptr<BlobStore> open_directory_blob_store(const std::string& root, const DirectoryBlobOptions& options = {});

}  // namespace parley::blob
