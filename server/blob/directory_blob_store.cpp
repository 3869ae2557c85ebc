#include "blob/directory_blob_store.hpp"

#include "blob/sha256.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace parley::blob {
namespace {

namespace fs = std::filesystem;
using util::fail;

constexpr std::size_t kReadChunk = 64 * 1024;

// Flushes a directory's entries (a rename or a new file in it) to disk.
bool sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Writes all of `bytes`, across short writes and signals.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Renames without replacing an existing file: false with errno EEXIST when `to` exists. File
// systems without RENAME_NOREPLACE get a plain rename (ids are random: a clash is not expected).
bool rename_new(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno != EINVAL && errno != ENOSYS) return false;
  return ::rename(from.c_str(), to.c_str()) == 0;
}

class DirectoryBlobStore;

class DirectoryUpload final : public BlobUpload {
 public:
  DirectoryUpload(const DirectoryBlobStore& store, int fd, fs::path temp, std::uint64_t max_size)
      : store_(store), fd_(fd), temp_(std::move(temp)), max_size_(max_size) {}
  ~DirectoryUpload() override { abandon(); }

  Result<void> write(std::string_view chunk) override {
    if (ended_) return fail(*ended_);
    if (chunk.size() > max_size_ - size_) return end(Errc::kTooLarge);
    if (!write_all(fd_, chunk)) {
      spdlog::warn("blobs: cannot write {}: {}", temp_.string(), std::strerror(errno));
      return end(Errc::kUnavailable);
    }
    size_ += chunk.size();
    sha_.update(chunk);
    return {};
  }

  Result<StoredBlob> commit() override;

 private:
  // Ends the upload with `errc`: nothing is kept, and later calls fail the same.
  util::Failure<Errc> end(Errc errc) {
    abandon();
    ended_ = errc;
    return fail(errc);
  }
  void abandon() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
      ::unlink(temp_.c_str());
    }
  }

  const DirectoryBlobStore& store_;
  int fd_;  // -1 once closed
  const fs::path temp_;
  const std::uint64_t max_size_;
  std::uint64_t size_ = 0;
  Sha256 sha_;
  std::optional<Errc> ended_;  // failed, or kInvalid after commit
};

class DirectoryBlobStore final : public BlobStore {
 public:
  DirectoryBlobStore(const std::string& root, const DirectoryBlobOptions& options)
      : root_(root), objects_(root_ / "objects"), temp_(root_ / "tmp"), options_(options) {
    std::error_code ec;
    for (const auto& dir : {root_, objects_, temp_}) {
      fs::create_directories(dir, ec);
      if (ec) throw std::runtime_error("blob directory: cannot create '" + dir.string() + "': " + ec.message());
      fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    }
    // Proves the directory writable now rather than at the first upload.
    const auto probe = temp_ / ("probe-" + new_blob_id());
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      throw std::runtime_error("blob directory: cannot write in '" + temp_.string() + "': " + std::strerror(errno));
    }
    ::close(fd);
    ::unlink(probe.c_str());
    remove_stale_uploads();
  }

  Result<std::unique_ptr<BlobUpload>> begin_upload(std::uint64_t max_size) override {
    auto temp = temp_ / (new_blob_id() + ".part");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      spdlog::warn("blobs: cannot create {}: {}", temp.string(), std::strerror(errno));
      return fail(Errc::kUnavailable);
    }
    return std::unique_ptr<BlobUpload>(std::make_unique<DirectoryUpload>(*this, fd, std::move(temp), max_size));
  }

  Result<ReadSpan> read(std::string_view id, const ByteRange& range, const ChunkSink& sink) override {
    if (!valid_blob_id(id)) return fail(Errc::kInvalid);
    const auto path = path_of(id);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(errno == ENOENT ? Errc::kNotFound : Errc::kUnavailable);
    auto result = read_open(fd, range, sink);
    ::close(fd);
    return result;
  }

  Result<std::uint64_t> size_of(std::string_view id) override {
    if (!valid_blob_id(id)) return fail(Errc::kInvalid);
    struct stat st {};
    if (::stat(path_of(id).c_str(), &st) != 0) return fail(errno == ENOENT ? Errc::kNotFound : Errc::kUnavailable);
    return static_cast<std::uint64_t>(st.st_size);
  }

  Result<void> remove(std::string_view id) override {
    if (!valid_blob_id(id)) return fail(Errc::kInvalid);
    if (::unlink(path_of(id).c_str()) != 0) return fail(errno == ENOENT ? Errc::kNotFound : Errc::kUnavailable);
    return {};
  }

  // Moves a finished temporary file into place under a new id (commit()).
  Result<std::string> place(const fs::path& temp) const {
    for (int attempt = 0; attempt < 3; ++attempt) {
      std::string id = new_blob_id();
      const auto path = path_of(id);
      std::error_code ec;
      const bool created = fs::create_directories(path.parent_path(), ec);
      if (ec) {
        spdlog::warn("blobs: cannot create {}: {}", path.parent_path().string(), ec.message());
        return fail(Errc::kUnavailable);
      }
      if (!rename_new(temp, path)) {
        if (errno == EEXIST) continue;
        spdlog::warn("blobs: cannot move {} to {}: {}", temp.string(), path.string(), std::strerror(errno));
        return fail(Errc::kUnavailable);
      }
      if (options_.sync) {
        // The new entry, and the shard directories themselves when they were just made.
        bool ok = sync_directory(path.parent_path());
        if (created) ok = sync_directory(path.parent_path().parent_path()) && sync_directory(objects_) && ok;
        if (!ok) {
          spdlog::warn("blobs: cannot flush the directory of {}: {}", path.string(), std::strerror(errno));
          ::unlink(path.c_str());
          return fail(Errc::kUnavailable);
        }
      }
      return id;
    }
    return fail(Errc::kUnavailable);
  }

  bool sync() const { return options_.sync; }

 private:
  fs::path path_of(std::string_view id) const {
    return objects_ / std::string(id.substr(0, 2)) / std::string(id.substr(2, 2)) / std::string(id);
  }

  static Result<ReadSpan> read_open(int fd, const ByteRange& range, const ChunkSink& sink) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return fail(Errc::kUnavailable);
    ReadSpan span;
    span.blob_size = static_cast<std::uint64_t>(st.st_size);
    if (range.offset > span.blob_size) return fail(Errc::kRange);
    span.offset = range.offset;
    span.length = std::min(range.length.value_or(span.blob_size), span.blob_size - span.offset);
    std::array<char, kReadChunk> buffer{};
    std::uint64_t done = 0;
    while (done < span.length) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), span.length - done));
      const auto n = ::pread(fd, buffer.data(), want, static_cast<off_t>(span.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return fail(Errc::kUnavailable);  // an error, or the file shrank: blobs never do
      done += static_cast<std::uint64_t>(n);
      if (!sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) break;
    }
    return span;
  }

  void remove_stale_uploads() {
    const auto cutoff = fs::file_time_type::clock::now() - options_.stale_upload_age;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(temp_, ec)) {
      std::error_code entry_ec;
      if (entry.is_regular_file(entry_ec) && entry.last_write_time(entry_ec) < cutoff && !entry_ec) {
        fs::remove(entry.path(), entry_ec);
      }
    }
  }

  const fs::path root_;
  const fs::path objects_;
  const fs::path temp_;
  const DirectoryBlobOptions options_;
};

Result<StoredBlob> DirectoryUpload::commit() {
  if (ended_) return fail(*ended_);
  if (store_.sync() && ::fsync(fd_) != 0) {
    spdlog::warn("blobs: cannot flush {}: {}", temp_.string(), std::strerror(errno));
    return end(Errc::kUnavailable);
  }
  if (::close(std::exchange(fd_, -1)) != 0) {
    ::unlink(temp_.c_str());
    ended_ = Errc::kUnavailable;
    return fail(Errc::kUnavailable);
  }
  auto id = store_.place(temp_);
  if (!id) {
    ::unlink(temp_.c_str());
    ended_ = id.error();
    return fail(id.error());
  }
  ended_ = Errc::kInvalid;  // committed: the upload is over
  return StoredBlob{std::move(*id), size_, sha_.hex_digest()};
}

}  // namespace

std::unique_ptr<BlobStore> open_directory_blob_store(const std::string& root, const DirectoryBlobOptions& options) {
  return std::make_unique<DirectoryBlobStore>(root, options);
}

}  // namespace parley::blob
