#include "blob/sigv4.hpp"

#include "blob/sha256.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

namespace parley::blob::sigv4 {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out, &length) == nullptr) {
    std::abort();  // only when OpenSSL itself is broken
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A header value as signed: leading and trailing spaces trimmed, inner runs of spaces one.
std::string canonical_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += kDigits[b >> 4];
      out += kDigits[b & 0xf];
    }
  }
  return out;
}

std::string canonical_query(const NameValues& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string amz_date_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[20];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string signing_key(std::string_view secret_key, std::string_view date, std::string_view region,
                        std::string_view service) {
  const auto date_key = hmac_sha256("AWS4" + std::string(secret_key), date);
  const auto region_key = hmac_sha256(date_key, region);
  const auto service_key = hmac_sha256(region_key, service);
  return hmac_sha256(service_key, "aws4_request");
}

Signature sign(const Credentials& credentials, const Request& request, std::string_view amz_date) {
  // Headers by lower-case name; one name given twice is signed as its values joined by ','.
  std::vector<std::pair<std::string, std::string>> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers) headers.emplace_back(lower(name), canonical_value(value));
  std::stable_sort(headers.begin(), headers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string canonical_headers;
  std::string signed_headers;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (i > 0 && headers[i].first == headers[i - 1].first) {
      canonical_headers.back() = ',';  // replaces the previous value's newline
    } else {
      if (!signed_headers.empty()) signed_headers += ';';
      signed_headers += headers[i].first;
      canonical_headers += headers[i].first + ':';
    }
    canonical_headers += headers[i].second + '\n';
  }

  Signature out;
  out.canonical_request = request.method + '\n' + request.path + '\n' + canonical_query(request.query) + '\n' +
                          canonical_headers + '\n' + signed_headers + '\n' + request.payload_sha256;
  const auto date = amz_date.substr(0, 8);
  const auto scope = std::string(date) + '/' + credentials.region + '/' + credentials.service + "/aws4_request";
  out.string_to_sign =
      std::string(kAlgorithm) + '\n' + std::string(amz_date) + '\n' + scope + '\n' + sha256_hex(out.canonical_request);
  out.signature = hex(hmac_sha256(signing_key(credentials.secret_key, date, credentials.region, credentials.service),
                                  out.string_to_sign));
  out.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key + '/' + scope +
                      ",SignedHeaders=" + signed_headers + ",Signature=" + out.signature;
  return out;
}

}  // namespace parley::blob::sigv4
