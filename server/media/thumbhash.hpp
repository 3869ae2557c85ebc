// ThumbHash (https://evanw.github.io/thumbhash/): a ~25-byte summary of a small image from
// which a client draws a blurred placeholder while the real thumbnail loads. A port of the
// reference encoder (evanw/thumbhash, js/thumbhash.js), computed in doubles as it is there.
//
// Threading: a pure function, safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace parley::media {

// The ThumbHash of a `width` x `height` RGBA image (8 bits a channel, not premultiplied, row
// by row). Empty when the sizes are outside 1..100 or `rgba` is not width*height*4 bytes.
std::string thumbhash_encode(int width, int height, std::span<const std::uint8_t> rgba);

}  // namespace parley::media
