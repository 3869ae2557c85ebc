// Pictures for process(): uploaded images and PDFs through libvips, and the images made from a
// video's frame. Internal to the media library.
//
// Threading: safe from any thread (libvips is).
#pragma once

#include <string>
#include <string_view>

#include "media/process.hpp"

namespace parley::media::still {

// Whether `mime` is an image type process() takes and this libvips reads.
bool is_image(std::string_view mime);

// Fills in an image's size, thumbnail, display, placeholder and sanitized original and sets
// kind kImage; on failure leaves kind alone and says why in out.note. `mime` passed is_image.
void process_image(const std::string& path, std::string_view mime, const Limits& limits, Processed& out);

// A PDF's first page as its thumbnail when this libvips reads PDFs; the kind stays kFile.
void process_pdf(const std::string& path, Processed& out);

// From a video frame (PNG bytes): poster, thumbnail and placeholder. False when it cannot be read.
bool process_frame(std::string_view png, Processed& out);

}  // namespace parley::media::still
