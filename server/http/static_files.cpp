#include "http/static_files.hpp"

#include "http/conditional.hpp"

#include <boost/beast/http/field.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <functional>
#include <sstream>

namespace parley::http {
namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::string_view kPlaceholder =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Parley</title></head>"
    "<body><main><h1>Parley is running</h1><p>The web client has not been built. The REST API and "
    "Socket.IO are served on this port.</p></main></body></html>";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// True when a segment of `path` names a dotfile or dot-directory (".env", ".git/config"), also
// when its dot is still percent-encoded ("%2eenv"): such files hold secrets and repository
// data that were never meant to be published, so they are neither loaded nor served.
bool has_dot_segment(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.starts_with('.') || segment.starts_with("%2e") || segment.starts_with("%2E")) return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

std::string cache_control_for(std::string_view path) {
  // The page, the service worker and the web manifest name the current release: the browser
  // asks for them again each time, so a new release replaces the old one on the next visit.
  if (path == "/index.html" || path == "/sw.js" || path == "/manifest.webmanifest") return "no-cache";
  // Vite puts content-hashed bundles under /assets/: they never change.
  if (path.starts_with("/assets/")) return "public, max-age=31536000, immutable";
  return "public, max-age=3600";
}

}  // namespace

std::string_view StaticFiles::content_type_for(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (ends_with(path, ext)) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(const fs::path& root, std::size_t max_total_bytes) {
  std::error_code ec;
  std::size_t total = 0;
  if (fs::is_directory(root, ec)) {
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->path().filename().string().starts_with('.')) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      const auto rel = "/" + fs::relative(it->path(), root, ec).generic_string();
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      File f;
      f.content = std::move(buf).str();
      total += f.content.size();
      if (total > max_total_bytes) {
        spdlog::warn("web root {} is larger than {} bytes; the rest is not served", root.string(), max_total_bytes);
        break;
      }
      f.content_type = std::string(content_type_for(rel));
      f.etag = fmt::format("\"{:x}-{:x}\"", f.content.size(), std::hash<std::string>{}(f.content));
      f.cache_control = cache_control_for(rel);
      files_.emplace(rel, std::move(f));
    }
  }
  if (!files_.contains("/index.html")) {
    File f{std::string(kPlaceholder), "text/html; charset=utf-8", "\"placeholder\"", "no-cache"};
    files_.emplace("/index.html", std::move(f));
  }
  spdlog::info("serving {} static file(s) from {}", files_.size(), root.string());
}

std::optional<Response> StaticFiles::serve(const Request& req, std::string_view path) const {
  if (path.empty() || path == "/") path = "/index.html";
  // Not even the index.html fallback: a dot path is never a client route, and a 404 tells
  // scanners probing for /.env or /.git that there is nothing to find.
  if (has_dot_segment(path)) return std::nullopt;
  if (auto it = files_.find(std::string(path)); it != files_.end()) return respond(req, it->second);
  // A path with an extension names a file that is not there; anything else is a client route.
  const auto last_slash = path.rfind('/');
  if (path.substr(last_slash + 1).find('.') != std::string_view::npos) return std::nullopt;
  return respond(req, files_.at("/index.html"));
}

Response StaticFiles::respond(const Request& req, const File& f) const {
  Response res;
  res.set(bhttp::field::etag, f.etag);
  res.set(bhttp::field::cache_control, f.cache_control);
  res.set("X-Content-Type-Options", "nosniff");
  if (etag_list_matches(req[bhttp::field::if_none_match], f.etag, true)) {
    res.result(bhttp::status::not_modified);
    return res;
  }
  res.result(bhttp::status::ok);
  res.set(bhttp::field::content_type, f.content_type);
  if (req.method() == bhttp::verb::head) {
    res.content_length(f.content.size());
  } else {
    res.body() = f.content;
  }
  return res;
}

}  // namespace parley::http
