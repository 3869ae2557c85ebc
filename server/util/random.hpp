// Unpredictable identifiers (Engine.IO and Socket.IO session ids). Each thread keeps its own
// generator seeded from the operating system, so calls never contend.
#pragma once

#include <cstdint>
#include <string>

namespace parley::util {

// `bytes` random bytes as unpadded base64url text.
std::string random_id(std::size_t bytes = 15);

std::uint64_t random_u64();

}  // namespace parley::util
