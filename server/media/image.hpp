// Small images made from what people upload (custom emoji today): the type is told from the
// bytes (PNG, GIF, WebP only), the size is bounded before decoding, and the result is a WebP
// that fits a square (animation kept). libvips does the work.
//
// Threading: safe from any thread (libvips is initialised once, on first use).
#pragma once

#include <string>
#include <string_view>

#include "util/result.hpp"

namespace parley::media {

struct Image {
  std::string bytes;
  std::string mime;  // "image/webp"
  int width = 0;
  int height = 0;  // of one frame
  int frames = 1;
};

struct ImageError {
  std::string message;  // for the person who uploaded it
};

// Initialises libvips once; false when it cannot be (then every image is refused). Called by
// fit_square; tests that make images with libvips call it first.
bool images_ready();

// The MIME type of a PNG, GIF or WebP by its first bytes; empty for anything else.
std::string_view sniff_image(std::string_view bytes);

// `bytes` (PNG, GIF or WebP, at most `max_side` pixels a side before scaling and 200 frames)
// scaled down to fit `size` x `size`, as WebP.
util::Result<Image, ImageError> fit_square(std::string_view bytes, int size, int max_side = 4096);

}  // namespace parley::media
