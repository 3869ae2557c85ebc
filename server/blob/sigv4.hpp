// AWS Signature Version 4 for requests to S3 and S3-compatible stores (the S3 blob backend):
// the canonical request, the string to sign, the signing key and the Authorization header, as
// the "Authenticating Requests (AWS Signature Version 4)" pages of the S3 API reference define
// them for header-based authentication. Pure functions of their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::blob::sigv4 {

// The SHA-256 of an empty payload, as 64 lower-case hex digits.
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Credentials {
  std::string access_key;
  std::string secret_key;
  std::string region;          // e.g. us-east-1
  std::string service = "s3";  // the scope's service
};

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // GET, PUT, ...
  std::string path;    // the request's path as sent, already URI-encoded (uri_encode_path)
  NameValues query;    // names and values not encoded: canonical_query encodes them
  // Every header to sign, including host, x-amz-date and x-amz-content-sha256; names in any
  // case. The request must be sent with exactly these values.
  NameValues headers;
  std::string payload_sha256;  // hex SHA-256 of the body (or UNSIGNED-PAYLOAD)
};

struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // 64 hex digits
  std::string authorization;  // the value of the Authorization header
};

// Signs `request` at `amz_date` (ISO 8601 basic, UTC: 20130524T000000Z, as in x-amz-date).
Signature sign(const Credentials& credentials, const Request& request, std::string_view amz_date);

// URI-encodes per SigV4: every byte but A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex); a
// '/' too unless `keep_slash`.
std::string uri_encode(std::string_view text, bool keep_slash);
// An object key's path (or any path): each segment encoded, the slashes kept.
inline std::string uri_encode_path(std::string_view path) { return uri_encode(path, true); }
// The canonical query string: names and values encoded, sorted by name then value, joined as
// name=value&... (a name without a value keeps its '='). Also what the request should send.
std::string canonical_query(const NameValues& query);

// x-amz-date for the current time.
std::string amz_date_now();
// The signing key: HMAC chain of "AWS4" + secret over date (YYYYMMDD), region, service and
// "aws4_request", as raw bytes.
std::string signing_key(std::string_view secret_key, std::string_view date, std::string_view region,
                        std::string_view service);
std::string hex(std::string_view bytes);

}  // namespace parley::blob::sigv4
