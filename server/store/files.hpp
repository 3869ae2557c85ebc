// Files: resumable uploads in progress, the files they become, and the blobs that hold their
// bytes (blob/blob_store.hpp). Part of store.hpp (FileStore).
//
// - An upload (the tus protocol's resource) keeps the parts received so far, each a blob, in
//   order; its offset is the sum of their sizes. A finished upload becomes a file with the same
//   id; its parts are dropped.
// - A file has blobs by variant ("original", "thumbnail", "display", "poster"). Blobs are
//   content-addressed: a blob whose SHA-256 is already stored is not kept twice (the stored one
//   is used and the new one dropped), and a blob is dropped when its last file goes.
// - A blob dropped goes to the garbage list in the transaction that drops it; the domain
//   removes it from the blob store and then forgets it. A crash between the two leaves it
//   listed, never a blob in use removed.
// - A message holds files (message_files). A file never attached is removed after a while; an
//   attached one when its last message is deleted for everyone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

struct UploadPart {
  std::string blob_id;
  std::uint64_t size = 0;
};

struct Upload {
  std::string id;  // a UUID: also the file's id once finished
  std::string owner_id;
  std::uint64_t length = 0;  // the whole file's size, declared at creation
  std::uint64_t offset = 0;  // the bytes received and kept: the sum of the parts' sizes
  std::string name;          // as the uploader named it
  std::string mime;          // as the uploader declared it (not trusted)
  bool voice = false;        // recorded as a voice message
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::vector<UploadPart> parts;  // in order
};

struct FileBlob {
  std::string variant;  // "original", "thumbnail", "display", "poster"
  std::string blob_id;
  std::string sha256;  // of the bytes: the content address
  std::string mime;
  std::uint64_t size = 0;
};

struct StoredFile {
  std::string id;
  std::string owner_id;
  std::string name;
  std::string kind;  // "image", "video", "audio", "voice", "file"
  std::string mime;  // by content
  std::uint64_t size = 0;
  std::string attachment;  // the file as messages show it: a JSON object text (the domain's)
  std::int64_t created_at = 0;
  bool attached = false;        // held by a message now or before
  std::vector<FileBlob> blobs;  // by variant; the original first
};

// What a user holds: unfinished uploads, and bytes (files kept plus uploads' declared lengths).
struct FileUsage {
  std::uint64_t uploads = 0;
  std::uint64_t bytes = 0;
};

}  // namespace parley::store
