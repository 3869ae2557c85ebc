// Tests of the directory backend: the conformance suite on temporary directories, plus what
// only this backend has: its layout on disk, reopening, stale uploads, a root it cannot use,
// and files outside the root that no id reaches.
#include "blob/directory_blob_store.hpp"

#include "blob/blob_store_conformance.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::blob {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 40;

// A directory of its own under the system's temporary directory, removed with what is in it.
class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("parley-blob-" + util::uuid_v7())) { fs::create_directories(path_); }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::size_t regular_files_under(const fs::path& root) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

class DirectoryBackend final : public BlobBackend {
 public:
  DirectoryBackend() : store_(open_directory_blob_store((dir_.path() / "blobs").string())) {}
  BlobStore& store() override { return *store_; }
  std::size_t stored_items() override { return regular_files_under(dir_.path() / "blobs"); }

 private:
  TempDir dir_;
  std::unique_ptr<BlobStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Directory, BlobStoreConformance,
                         ::testing::Values(BlobBackendFactory{"directory",
                                                              [] { return std::make_unique<DirectoryBackend>(); }}),
                         blob_backend_name);

TEST(DirectoryBlobStore, KeepsEachBlobInItsShardWithOwnerOnlyAccess) {
  TempDir dir;
  const auto root = dir.path() / "blobs";
  auto store = open_directory_blob_store(root.string());
  const auto blob = must(put(*store, "hello", kNoLimit), "put");
  const auto path = root / "objects" / blob.id.substr(0, 2) / blob.id.substr(2, 2) / blob.id;
  ASSERT_TRUE(fs::is_regular_file(path)) << path;
  EXPECT_EQ(fs::file_size(path), 5U);
  EXPECT_TRUE(fs::is_empty(root / "tmp")) << "the upload's temporary file became the blob";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  ASSERT_EQ(::stat(root.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
}

TEST(DirectoryBlobStore, BlobsOutliveTheStore) {
  TempDir dir;
  const auto root = (dir.path() / "blobs").string();
  std::string id;
  {
    DirectoryBlobOptions options;
    options.sync = false;  // the bytes still reach the file; only the flush to disk is skipped
    auto store = open_directory_blob_store(root, options);
    id = must(put(*store, "kept across opens", kNoLimit), "put").id;
  }
  auto store = open_directory_blob_store(root);
  EXPECT_EQ(must(read_all(*store, id), "read"), "kept across opens");
}

TEST(DirectoryBlobStore, OpeningRemovesUploadsLeftByACrashLongAgo) {
  TempDir dir;
  const auto root = dir.path() / "blobs";
  open_directory_blob_store(root.string()).reset();
  const auto old_part = root / "tmp" / "0123456789abcdef0123456789abcdef.part";
  const auto recent_part = root / "tmp" / "fedcba9876543210fedcba9876543210.part";
  write_file(old_part, "half an upload");
  write_file(recent_part, "an upload of a running process");
  fs::last_write_time(old_part, fs::file_time_type::clock::now() - std::chrono::hours(25));

  open_directory_blob_store(root.string()).reset();
  EXPECT_FALSE(fs::exists(old_part));
  EXPECT_TRUE(fs::exists(recent_part)) << "a recent upload may belong to another process";
}

TEST(DirectoryBlobStore, ARootItCannotUseStopsTheStartWithItsName) {
  TempDir dir;
  const auto file = dir.path() / "a-file";
  write_file(file, "not a directory");
  try {
    open_directory_blob_store((file / "blobs").string());
    FAIL() << "opened a blob directory under a file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("a-file"), std::string::npos) << e.what();
  }
}

TEST(DirectoryBlobStore, NoIdReachesAFileOutsideTheRoot) {
  TempDir dir;
  const auto root = dir.path() / "blobs";
  auto store = open_directory_blob_store(root.string());
  const auto outside = dir.path() / "0123456789abcdef0123456789abcdef";
  write_file(outside, "secret");
  const std::vector<std::string> ids{"../0123456789abcdef0123456789abcdef", "../../0123456789abcdef0123456789abcdef",
                                     outside.string()};
  for (const auto& id : ids) {
    EXPECT_EQ(error_of(store->remove(id)), Errc::kInvalid) << id;
    EXPECT_EQ(error_of(read_all(*store, id)), Errc::kInvalid) << id;
  }
  EXPECT_EQ(error_of(store->remove("0123456789abcdef0123456789abcdef")), Errc::kNotFound)
      << "a valid id names a path inside the root only";
  EXPECT_TRUE(fs::exists(outside));
}

}  // namespace
}  // namespace parley::blob
