// What every store call returns: a value or one of the store's errors. Times are epoch ms.
#pragma once

#include "util/result.hpp"

#include <cstdint>

namespace parley::store {

using TimeMs = std::int64_t;

enum class Errc {
  kNotFound = 1,
  kConflict,     // a unique key is taken (email)
  kLimit,        // a configured maximum would be exceeded (pins per chat)
  kInvalid,      // the request contradicts stored state (message not in that chat, ...)
  kUnavailable,  // the database cannot be reached or failed
};

template <class T>
using Result = util::Result<T, Errc>;

}  // namespace parley::store
