#include "media/sniff.hpp"

#include <fcntl.h>
#include <magic.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace parley::media {
namespace {

constexpr std::string_view kUnknown = "application/octet-stream";

// One libmagic handle per thread: a magic_t must not be used by two threads at once.
class Magic {
 public:
  Magic() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF)) {
    if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  Magic(const Magic&) = delete;
  Magic& operator=(const Magic&) = delete;
  ~Magic() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  magic_t get() const { return cookie_; }

 private:
  magic_t cookie_;
};

// libmagic's names for a few types, and the names browsers and the rest of Parley use.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kAliases{{
    {"audio/x-wav", "audio/wav"},
    {"audio/x-flac", "audio/flac"},
    {"audio/x-hx-aac-adts", "audio/aac"},
    {"audio/x-mp4a-latm", "audio/aac"},
    {"audio/mp3", "audio/mpeg"},
    {"image/x-ms-bmp", "image/bmp"},
}};

// Common extensions and the content types each may hold (separated by spaces).
constexpr std::pair<std::string_view, std::string_view> kExtensions[] = {
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"jfif", "image/jpeg"},
    {"png", "image/png"},
    {"apng", "image/png image/apng"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"heic", "image/heic image/heif image/heic-sequence image/heif-sequence"},
    {"heif", "image/heic image/heif image/heic-sequence image/heif-sequence"},
    {"avif", "image/avif"},
    {"bmp", "image/bmp"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"svg", "image/svg+xml text/xml application/xml text/plain"},
    {"mp4", "video/mp4 audio/mp4 audio/x-m4a video/quicktime"},
    {"m4v", "video/mp4 video/x-m4v video/quicktime"},
    {"m4a", "audio/mp4 audio/x-m4a video/mp4"},
    {"mov", "video/quicktime video/mp4"},
    {"webm", "video/webm audio/webm"},
    {"weba", "video/webm audio/webm"},
    {"mkv", "video/x-matroska video/webm"},
    {"ogg", "audio/ogg video/ogg application/ogg"},
    {"oga", "audio/ogg application/ogg"},
    {"opus", "audio/ogg application/ogg"},
    {"mp3", "audio/mpeg"},
    {"wav", "audio/wav"},
    {"flac", "audio/flac"},
    {"aac", "audio/aac"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"txt", "text/plain"},
    {"csv", "text/plain text/csv application/csv"},
    {"json", "application/json text/plain"},
    {"html", "text/html text/plain"},
    {"htm", "text/html text/plain"},
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string sniff_mime(const std::string& path) {
  thread_local const Magic kMagic;
  if (kMagic.get() == nullptr) return std::string(kUnknown);
  // Only a regular file: a FIFO or a device would block or never end.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return std::string(kUnknown);
  struct stat info {};
  const char* found = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) ? magic_descriptor(kMagic.get(), fd) : nullptr;
  const std::string mime = found != nullptr ? found : "";
  ::close(fd);
  if (mime.find('/') == std::string::npos) return std::string(kUnknown);
  for (const auto& [alias, name] : kAliases) {
    if (mime == alias) return std::string(name);
  }
  return std::string(mime);
}

bool consistent_extension(std::string_view name, std::string_view mime) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return true;
  const std::string ext = lower(name.substr(dot + 1));
  for (const auto& [known, mimes] : kExtensions) {
    if (known != ext) continue;
    for (std::size_t at = 0; at < mimes.size();) {
      const std::size_t space = std::min(mimes.find(' ', at), mimes.size());
      if (mimes.substr(at, space - at) == mime) return true;
      at = space + 1;
    }
    return false;
  }
  return true;
}

}  // namespace parley::media
