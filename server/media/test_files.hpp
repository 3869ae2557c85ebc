// For tests: a directory of sample files that goes away with the test, and ffmpeg to make
// sample videos and sounds in it. Header-only, for test executables.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "media/run_tool.hpp"

namespace parley::media::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/parley-media-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  std::string path(std::string_view name) const { return (path_ / name).string(); }

  // Writes `bytes` to the file `name` in the directory and returns its path.
  std::string write(std::string_view name, std::string_view bytes) const {
    std::string file = path(name);
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file);
    return file;
  }

  // Runs ffmpeg with `args`, writing `name` in the directory; returns its path, or empty.
  std::string ffmpeg(std::string_view name, std::vector<std::string> args) const {
    std::vector<std::string> argv{"ffmpeg", "-nostdin", "-v", "error", "-y"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(path(name));
    return run_tool(argv, {.timeout = std::chrono::seconds(60)}).ok() ? path(name) : std::string();
  }

  std::filesystem::path root() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Whether this ffmpeg has the encoder `name` (as `ffmpeg -encoders` lists it).
inline bool has_encoder(std::string_view name) {
  const auto run = run_tool({"ffmpeg", "-hide_banner", "-encoders"}, {.timeout = std::chrono::seconds(20)});
  return run.out.find(" " + std::string(name) + " ") != std::string::npos;
}

}  // namespace parley::media::testing
