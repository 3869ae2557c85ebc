// Conditional and range requests (RFC 9110 §13 and §14) for a representation with a known
// ETag, modification time and size: which status to answer and which bytes to send.
//
// Evaluated in the RFC's order: If-Match, If-Unmodified-Since (412), If-None-Match,
// If-Modified-Since (304 for GET and HEAD, 412 otherwise), then Range for GET, honoured only when
// If-Range (if any) still names the representation. One range per request: a request for
// several gets the whole representation (200), which the RFC allows; a range that cannot be
// satisfied gets 416.
#pragma once

#include "http/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley::http {

struct Selection {
  unsigned status = 200;  // 200, 206, 304, 412 or 416
  std::uint64_t offset = 0;
  std::uint64_t length = 0;  // of the bytes to send (200 and 206)
};

// `etag` as sent in the ETag field (quoted, possibly W/-prefixed) or empty; `last_modified` in
// seconds since the epoch, or nothing.
Selection select_representation(const boost::beast::http::request_header<>& req, std::string_view etag,
                                std::optional<std::int64_t> last_modified, std::uint64_t size);

// The byte range a Range field asks of `size` bytes: nothing for a field that is absent,
// malformed, not in bytes or lists several ranges (the whole representation is sent); an
// offset at or past the end (with length 0) when it cannot be satisfied.
struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool satisfiable = true;
};
std::optional<ByteRange> parse_range(std::string_view field, std::uint64_t size);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the only date form HTTP senders use now.
std::string http_date(std::int64_t epoch_seconds);
// Also reads the two obsolete forms RFC 9110 §5.6.7 asks recipients to accept.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// Whether an entity-tag list ("*", or comma-separated tags) matches `etag`; weak comparison
// ignores the W/ prefix (If-None-Match), strong requires both to be strong (If-Match, If-Range).
bool etag_list_matches(std::string_view list, std::string_view etag, bool weak);

}  // namespace parley::http
