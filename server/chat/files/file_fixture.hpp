// The fixture of tests that need files: Services with a directory blob store (20 MiB files, a
// 30 MiB quota, 3 uploads at once, 2 attachments a message) and uploads made in one call.
#pragma once

#include "blob/blob_store.hpp"
#include "blob/directory_blob_store.hpp"
#include "chat/services_fixture.hpp"

#include <algorithm>
#include <memory>
#include <string>

namespace parley::chat {

class FileTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    blobs_ = blob::open_directory_blob_store((dir_ / "files").string(), blob::DirectoryBlobOptions{.sync = false});
    ChatOptions o = service_->options();
    o.max_upload_bytes = 20ULL << 20;
    o.upload_quota_bytes = 30ULL << 20;
    o.max_uploads_in_flight = 3;
    o.max_attachments = 2;
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_, nullptr, blobs_.get());
  }
  void TearDown() override {
    service_.reset();
    blobs_.reset();
    ServicesTest::TearDown();
  }
  FileService& files() { return service_->files; }

  // Uploads `bytes` as `name` in requests of `piece` bytes; the file's id.
  std::string upload(const std::string& user, const std::string& bytes, const std::string& name,
                     std::size_t piece = 1 << 20) {
    auto u = files().create_upload(user, NewUpload{bytes.size(), name, "application/octet-stream", false});
    EXPECT_TRUE(u) << u.error().message;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
      const auto n = std::min(piece, bytes.size() - at);
      auto w = files().write_upload(user, u->id, at, n);
      EXPECT_TRUE(w) << w.error().message;
      EXPECT_TRUE((*w)->write(std::string_view(bytes).substr(at, n)));
      auto offset = (*w)->finish();
      EXPECT_TRUE(offset) << offset.error().message;
      EXPECT_EQ(*offset, at + n);
    }
    return u->id;
  }

  std::unique_ptr<blob::BlobStore> blobs_;
};

}  // namespace parley::chat
