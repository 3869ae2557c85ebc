// For tests: images made with libvips. Header-only, for test executables.
#pragma once

#include "media/image.hpp"

#include <vips/vips.h>

#include <stdexcept>
#include <string>

namespace parley::media::testing {

// A `width` x `height` PNG, a grey gradient (so that it is not all one colour).
inline std::string png(int width, int height) {
  if (!images_ready()) throw std::runtime_error("libvips did not start");
  VipsImage* grey = nullptr;
  VipsImage* bytes = nullptr;
  void* out = nullptr;
  std::size_t size = 0;
  const bool made = vips_grey(&grey, width, height, nullptr) == 0 &&
                    vips_cast(grey, &bytes, VIPS_FORMAT_UCHAR, nullptr) == 0 &&
                    vips_pngsave_buffer(bytes, &out, &size, nullptr) == 0;
  std::string result = made ? std::string(static_cast<const char*>(out), size) : std::string();
  g_free(out);
  if (bytes) g_object_unref(bytes);
  if (grey) g_object_unref(grey);
  if (!made) throw std::runtime_error("libvips could not make a PNG");
  return result;
}

}  // namespace parley::media::testing
