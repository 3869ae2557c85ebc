// Serves the built web client. Every file under the web root is read into memory at start
// (the client is small), so serving touches no disk on an I/O thread and needs no lock.
// Unknown paths without a file extension fall back to index.html (single-page app routes).
#pragma once

#include "http/router.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parley::http {

class StaticFiles {
 public:
  // Loads `root`; a missing root serves a short page saying the client is not built.
  explicit StaticFiles(const std::filesystem::path& root, std::size_t max_total_bytes = 64u << 20);

  // The response for GET/HEAD `path`, or nothing when no file and no fallback applies.
  std::optional<Response> serve(const Request& req, std::string_view path) const;

  std::size_t file_count() const { return files_.size(); }

  static std::string_view content_type_for(std::string_view path);

 private:
  struct File {
    std::string content;
    std::string content_type;
    std::string etag;
    std::string cache_control;
  };
  Response respond(const Request& req, const File& f) const;

  std::unordered_map<std::string, File> files_;  // "/index.html" -> file
};

}  // namespace parley::http
