// The typed errors of Parley's domain operations, mapped once to HTTP statuses and to the
// machine-readable codes of the protocol ({statusCode, error, message} in REST, {status:
// "error", code, message} in Socket.IO acknowledgements).
#pragma once

#include "util/result.hpp"

#include <array>
#include <cstdint>
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
  kGroupFull,
  kInviteInvalid,
  kEditWindowClosed,
  kReactionLimit,
  kEmojiLimit,
  kTemplateLimit,
  kFileTooLarge,
  kQuotaExceeded,
  kTooManyUploads,
  kOffsetMismatch,
  kInvalidQuery,
  kBlocked,
  kMuted,
  kHeld,
  kRejected,
  kUnavailable,
  kInternal,
};

struct Error {
  Errc code = Errc::kInternal;
  std::string message;  // human-readable; clients display it
  // Where in the request's text the error is (kInvalidQuery: a UTF-16 offset in the query); -1: nowhere.
  std::int64_t position = -1;
};

template <class T>
using Result = util::Result<T, Error>;

inline util::Failure<Error> fail(Errc code, std::string message) { return util::fail(Error{code, std::move(message)}); }

// The error catalogue: each error's protocol code (REST `error`, Socket.IO ack `code`), its
// HTTP status, and what it means. The one place they are mapped; the OpenAPI document lists
// the codes from here. A capability that needs a code of its own (as pins need pin_limit)
// adds it to Errc and here.
struct ErrorKind {
  Errc errc;
  std::string_view code;
  unsigned http_status;
  std::string_view meaning;
};

inline constexpr std::array<ErrorKind, 25> kErrorCatalogue{{
    {Errc::kInvalidInput, "invalid_input", 400, "the request breaks a rule; the message says which"},
    {Errc::kUnauthorized, "unauthorized", 401, "no token, or one that is invalid, expired or signed out"},
    {Errc::kForbidden, "forbidden", 403, "the caller may not do this (not a participant of the chat)"},
    {Errc::kNotFound, "not_found", 404, "no such user, chat, message or event"},
    {Errc::kConflict, "conflict", 409, "it exists already (an email taken)"},
    {Errc::kRateLimited, "rate_limited", 429, "too many requests; try again later"},
    {Errc::kPayloadTooLarge, "payload_too_large", 413, "a body, message or field over its limit"},
    {Errc::kPinLimit, "pin_limit", 409, "the chat has max_pins pinned messages already"},
    {Errc::kGroupFull, "member_limit", 409, "the group has as many members as its limit allows"},
    {Errc::kInviteInvalid, "invite_invalid", 410, "the invite link was revoked, has expired or has been used up"},
    {Errc::kEditWindowClosed, "edit_window_closed", 403,
     "the message is older than the server lets its sender edit or delete it for everyone"},
    {Errc::kReactionLimit, "reaction_limit", 409,
     "the caller has max_reactions_per_user reactions on the message, or it has max_distinct_reactions different ones"},
    {Errc::kEmojiLimit, "emoji_limit", 409, "the custom emoji set (the server's or a group's) holds max_custom_emoji"},
    {Errc::kTemplateLimit, "template_limit", 409,
     "the person's templates, or the group's canned responses, number max_templates already"},
    {Errc::kFileTooLarge, "file_too_large", 413, "the file is larger than max_upload_bytes"},
    {Errc::kQuotaExceeded, "quota_exceeded", 507,
     "the caller's files and uploads in progress would pass upload_quota_bytes"},
    {Errc::kTooManyUploads, "too_many_uploads", 429, "the caller has max_uploads_in_flight uploads in progress"},
    {Errc::kOffsetMismatch, "offset_mismatch", 409,
     "an upload's bytes were sent for another offset than the server holds (tus: ask with HEAD and resume)"},
    {Errc::kInvalidQuery, "invalid_query", 400, "a search query that cannot be read; position says where"},
    {Errc::kBlocked, "blocked", 403,
     "one of the two people blocked the other: no messages in their private chat, no adding to groups"},
    {Errc::kMuted, "muted", 403,
     "the sender is muted in this group or on the whole server (by a moderator or a rule) until a time the message "
     "gives"},
    {Errc::kHeld, "held", 403,
     "an auto-moderation rule holds the message for a moderator's review: not delivered unless approved"},
    {Errc::kRejected, "rejected", 403, "an auto-moderation rule refused the message; the message says why"},
    {Errc::kUnavailable, "unavailable", 503, "a backend is down or the server is overloaded; try again"},
    {Errc::kInternal, "internal", 500, "a bug; the server logged it"},
}};

constexpr const ErrorKind& error_kind(Errc e) {
  for (const auto& k : kErrorCatalogue) {
    if (k.errc == e) return k;
  }
  return kErrorCatalogue.back();
}

constexpr std::string_view error_code(Errc e) { return error_kind(e).code; }
constexpr unsigned http_status(Errc e) { return error_kind(e).http_status; }

}  // namespace parley::chat
