#include "blob/s3_client.hpp"

#include "blob/sha256.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace parley::blob {
namespace {

constexpr int kAttempts = 3;
// A body kept in memory (errors, listings) larger than this fails the request.
constexpr std::size_t kMaxBody = std::size_t{16} << 20;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

std::string xml_unescape(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&#34;", '"'}, {"&#39;", '\''}};
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    bool replaced = false;
    if (text.front() == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (text.substr(0, entity.size()) == entity) {
          out += c;
          text.remove_prefix(entity.size());
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out += text.front();
      text.remove_prefix(1);
    }
  }
  return out;
}

// What curl's callbacks of one exchange share.
struct Exchange {
  CURL* handle = nullptr;
  const S3Request* request = nullptr;
  std::string_view unsent;  // of the request body
  S3Response response;
  bool too_large = false;
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::string_view line(data, size * count);
  auto& response = exchange.response;
  if (line.substr(0, 5) == "HTTP/") {
    response.headers.clear();  // a new response (after a 100 Continue)
  } else if (trim(line).empty()) {
    // The headers are in: a sink may see them before the body (or instead of it).
    curl_easy_getinfo(exchange.handle, CURLINFO_RESPONSE_CODE, &response.status);
    if (exchange.request->sink != nullptr && response.status / 100 == 2 &&
        !(*exchange.request->sink)(response, std::string_view())) {
      response.stopped = true;
      return 0;  // ends the transfer
    }
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    response.headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  auto& response = exchange.response;
  const std::string_view chunk(data, size * count);
  if (response.status == 0) curl_easy_getinfo(exchange.handle, CURLINFO_RESPONSE_CODE, &response.status);
  if (exchange.request->sink != nullptr && response.status / 100 == 2) {
    response.streamed += chunk.size();
    if (!(*exchange.request->sink)(response, chunk)) {
      response.stopped = true;
      return 0;  // ends the transfer (CURLE_WRITE_ERROR)
    }
    return chunk.size();
  }
  if (response.body.size() + chunk.size() > kMaxBody) {
    exchange.too_large = true;
    return 0;
  }
  response.body.append(chunk);
  return chunk.size();
}

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const auto n = std::min(size * count, exchange.unsent.size());
  std::memcpy(buffer, exchange.unsent.data(), n);
  exchange.unsent.remove_prefix(n);
  return n;
}

// Frees a curl header list when it goes.
struct HeaderList {
  curl_slist* list = nullptr;
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list); }
  bool add(const std::string& line) {
    auto* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) return false;
    list = grown;
    return true;
  }
};

}  // namespace

std::optional<std::string> S3Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string S3Response::error_code() const {
  if (auto codes = xml_values(body, "Code"); !codes.empty()) return codes.front();
  return header("x-amz-error-code").value_or("");
}

std::string S3Response::describe() const {
  if (status == 0) return transport_error.empty() ? "no response" : transport_error;
  std::string out = "HTTP " + std::to_string(status);
  if (const auto code = error_code(); !code.empty()) out += " " + code;
  if (!transport_error.empty()) out += " (" + transport_error + ")";
  return out;
}

S3Client::S3Client(const S3Options& options)
    : options_(options), credentials_{options.access_key, options.secret_key, options.region, "s3"} {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

  std::string_view endpoint = options.endpoint;
  const auto scheme_end = endpoint.find("://");
  if (scheme_end != std::string_view::npos) scheme_ = lower(endpoint.substr(0, scheme_end));
  if (scheme_ != "http" && scheme_ != "https") {
    throw std::runtime_error("S3 endpoint '" + options.endpoint + "': not an http:// or https:// URL");
  }
  endpoint.remove_prefix(scheme_end + 3);
  const auto slash = endpoint.find('/');
  authority_ = lower(endpoint.substr(0, slash));
  if (slash != std::string_view::npos) base_path_ = endpoint.substr(slash);
  while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
  if (authority_.empty() || authority_.find_first_of("?#@ ") != std::string::npos) {
    throw std::runtime_error("S3 endpoint '" + options.endpoint + "': no host, or not a plain host[:port]");
  }
}

S3Client::~S3Client() = default;

std::string S3Client::where() const { return options_.endpoint + " bucket '" + options_.bucket + "'"; }

S3Response S3Client::send(const S3Request& request) {
  CURL* handle = handles_.acquire();
  if (handle == nullptr) {
    S3Response none;
    none.transport_error = "cannot create a curl handle";
    return none;
  }
  S3Response response;
  for (int attempt = 1;; ++attempt) {
    response = send_once(handle, request);
    const bool transient = !response.transport_error.empty() || response.status >= 500;
    if (!transient || response.stopped || response.streamed > 0 || attempt == kAttempts) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt * attempt));
  }
  handles_.release(handle);
  return response;
}

S3Response S3Client::send_once(void* handle, const S3Request& request) {
  // Path style: /bucket/key on the endpoint; virtual-hosted: /key on bucket.endpoint.
  std::string authority = authority_;
  std::string path = base_path_;
  if (options_.path_style) {
    path += "/" + sigv4::uri_encode(options_.bucket, false);
    if (!request.key.empty()) path += "/" + sigv4::uri_encode_path(request.key);
  } else {
    authority = options_.bucket + "." + authority_;
    path += "/" + sigv4::uri_encode_path(request.key);
  }
  const auto query = sigv4::canonical_query(request.query);
  const auto payload_sha256 = request.body.empty() ? std::string(sigv4::kEmptyPayloadSha256) : sha256_hex(request.body);
  const auto date = sigv4::amz_date_now();

  sigv4::Request to_sign{request.method, path, request.query, request.headers, payload_sha256};
  to_sign.headers.emplace_back("host", authority);
  to_sign.headers.emplace_back("x-amz-date", date);
  to_sign.headers.emplace_back("x-amz-content-sha256", payload_sha256);
  const auto signature = sigv4::sign(credentials_, to_sign, date);

  Exchange exchange;
  exchange.handle = handle;
  exchange.request = &request;
  exchange.unsent = request.body;
  HeaderList headers;
  bool listed = headers.add("Authorization: " + signature.authorization) && headers.add("Expect:");
  for (const auto& [name, value] : to_sign.headers) {
    std::string line = name;
    line.append(": ").append(value);
    listed = listed && headers.add(line);
  }
  if (!listed) {
    exchange.response.transport_error = "out of memory";
    return std::move(exchange.response);
  }

  const std::string url = scheme_ + "://" + authority + path + (query.empty() ? "" : "?" + query);
  const long timeout = options_.timeout_seconds;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_reset(handle);  // keeps the open connections
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, timeout);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, timeout);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
  if (request.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT" || request.method == "POST") {
    // An upload even when empty, so that Content-Length is sent.
    curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(handle, CURLOPT_READDATA, &exchange);
    if (request.method == "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "POST");
  } else if (request.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  const auto code = curl_easy_perform(handle);
  auto& response = exchange.response;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK && !response.stopped) {
    response.transport_error = exchange.too_large ? "response body too large"
                               : error[0] != '\0' ? std::string(error)
                                                  : std::string(curl_easy_strerror(code));
  }
  return std::move(response);
}

std::vector<std::string> xml_values(std::string_view xml, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  std::vector<std::string> values;
  for (auto at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at)) {
    at += open.size();
    const auto end = xml.find(close, at);
    if (end == std::string_view::npos) break;
    values.push_back(xml_unescape(xml.substr(at, end - at)));
    at = end + close.size();
  }
  return values;
}

}  // namespace parley::blob
