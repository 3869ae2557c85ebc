// UUIDv7 ids (time-ordered, RFC 9562) and time helpers. Safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::util {

// A new UUIDv7: 48 bits of Unix milliseconds, then random bits; text form, lower case.
std::string uuid_v7();
// True for the canonical 36-character text form of any UUID.
bool is_uuid(std::string_view text);

// Milliseconds since the Unix epoch, from the system clock.
std::int64_t now_ms();
// "2026-11-24T03:21:35.123Z".
std::string iso8601(std::int64_t epoch_ms);

}  // namespace parley::util
