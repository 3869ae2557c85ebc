// The blobs no file uses any more (store/files.hpp: blob_garbage), removed from the blob store
// and then forgotten. For file_service.cpp and file_finish.cpp: after an upload ends, only its
// parts need removing, not the expiry sweep's whole work.
#pragma once

#include "blob/blob_store.hpp"
#include "chat/errors.hpp"
#include "store/store.hpp"

#include <cstddef>

namespace parley::chat {

inline constexpr std::size_t kGarbageBatch = 1000;  // blobs removed at once

// Removes up to `limit` garbage blobs; returns how many went.
Result<std::size_t> collect_blob_garbage(store::Store& store, blob::BlobStore& blobs, std::size_t limit);

}  // namespace parley::chat
