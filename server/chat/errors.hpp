// The typed errors of Parley's domain operations, mapped once to HTTP statuses and to the
// machine-readable codes of the protocol ({statusCode, error, message} in REST, {status:
// "error", code, message} in Socket.IO acknowledgements).
#pragma once

#include "util/result.hpp"

#include <string>
#include <string_view>

namespace parley::chat {

enum class Errc {
  kInvalidInput,
  kUnauthorized,
  kForbidden,
  kNotFound,
  kConflict,
  kRateLimited,
  kPayloadTooLarge,
  kPinLimit,
  kUnavailable,
  kInternal,
};

struct Error {
  Errc code = Errc::kInternal;
  std::string message;  // human-readable; clients display it
};

template <class T>
using Result = util::Result<T, Error>;

inline util::Failure<Error> fail(Errc code, std::string message) { return util::fail(Error{code, std::move(message)}); }

constexpr std::string_view error_code(Errc e) {
  switch (e) {
    case Errc::kInvalidInput: return "invalid_input";
    case Errc::kUnauthorized: return "unauthorized";
    case Errc::kForbidden: return "forbidden";
    case Errc::kNotFound: return "not_found";
    case Errc::kConflict: return "conflict";
    case Errc::kRateLimited: return "rate_limited";
    case Errc::kPayloadTooLarge: return "payload_too_large";
    case Errc::kPinLimit: return "pin_limit";
    case Errc::kUnavailable: return "unavailable";
    case Errc::kInternal: return "internal";
  }
  return "internal";
}

constexpr unsigned http_status(Errc e) {
  switch (e) {
    case Errc::kInvalidInput: return 400;
    case Errc::kUnauthorized: return 401;
    case Errc::kForbidden: return 403;
    case Errc::kNotFound: return 404;
    case Errc::kConflict: return 409;
    case Errc::kRateLimited: return 429;
    case Errc::kPayloadTooLarge: return 413;
    case Errc::kPinLimit: return 409;
    case Errc::kUnavailable: return 503;
    case Errc::kInternal: return 500;
  }
  return 500;
}

}  // namespace parley::chat
