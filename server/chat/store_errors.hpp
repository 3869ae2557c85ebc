// The domain error for a store error, shared by the feature modules of the domain. Pure; safe
// from any thread.
#pragma once

#include "chat/errors.hpp"
#include "store/store.hpp"

#include <string>
#include <string_view>

namespace parley::chat {

// `what` names the thing looked up or written ("User", "Chat", ...).
inline util::Failure<Error> store_failure(store::Errc e, std::string_view what) {
  switch (e) {
    case store::Errc::kNotFound:
      return fail(Errc::kNotFound, std::string(what) + " not found");
    case store::Errc::kConflict:
      return fail(Errc::kConflict, std::string(what) + " already exists");
    case store::Errc::kLimit:
      return fail(Errc::kPinLimit, "Too many pinned messages in this chat");
    case store::Errc::kInvalid:
      return fail(Errc::kInvalidInput, "Invalid request");
    case store::Errc::kUnavailable:
      break;
  }
  return fail(Errc::kUnavailable, "Storage unavailable");
}

}  // namespace parley::chat
