#include "media/image.hpp"

#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <string>

namespace parley::media {
namespace {

constexpr int kMaxFrames = 200;

}  // namespace

bool images_ready() {
  static const bool kReady = [] {
    if (VIPS_INIT("parley") != 0) return false;
    vips_cache_set_max(0);  // one-off images: nothing to reuse
    vips_concurrency_set(1);
    // Uploads are untrusted: no loader libvips marks as unfit for them (ImageMagick, SVG, ...),
    // except PDF, whose first page is drawn for a thumbnail.
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoadPdf", FALSE);
    return true;
  }();
  return kReady;
}

namespace {

struct Unref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, Unref>;

util::Failure<ImageError> refuse(std::string message) { return util::fail(ImageError{std::move(message)}); }

// After libvips failed: its error buffer is emptied too.
util::Failure<ImageError> vips_refused(std::string message) {
  vips_error_clear();
  return refuse(std::move(message));
}

}  // namespace

std::string_view sniff_image(std::string_view b) {
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (b.size() >= 6 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) return "image/gif";
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return "image/webp";
  return {};
}

util::Result<Image, ImageError> fit_square(std::string_view bytes, int size, int max_side) {
  const auto mime = sniff_image(bytes);
  if (mime.empty()) return refuse("The image must be a PNG, GIF or WebP");
  if (!images_ready()) return refuse("Images cannot be processed on this server");
  const bool animated = mime != "image/png";
  // The header first: the size is checked before anything is decoded.
  ImagePtr header(vips_image_new_from_buffer(bytes.data(), bytes.size(), animated ? "n=-1" : "", nullptr));
  if (!header) return vips_refused("The image cannot be read");
  const int frames = std::max(1, vips_image_get_n_pages(header.get()));
  const int width = vips_image_get_width(header.get());
  const int height = vips_image_get_page_height(header.get());
  if (width > max_side || height > max_side) {
    return refuse("The image is larger than " + std::to_string(max_side) + " pixels a side");
  }
  if (frames > kMaxFrames) return refuse("The image has more than " + std::to_string(kMaxFrames) + " frames");

  VipsImage* raw = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &raw, size, "height", size, "size",
                            VIPS_SIZE_DOWN, "option_string", animated ? "n=-1" : "", nullptr) != 0) {
    return vips_refused("The image cannot be read");
  }
  ImagePtr thumb(raw);
  void* out = nullptr;
  std::size_t out_size = 0;
  if (vips_webpsave_buffer(thumb.get(), &out, &out_size, "Q", 85, nullptr) != 0) {
    return vips_refused("The image cannot be converted");
  }
  Image image;
  image.bytes.assign(static_cast<const char*>(out), out_size);
  g_free(out);
  image.mime = "image/webp";
  image.width = vips_image_get_width(thumb.get());
  image.height = vips_image_get_page_height(thumb.get());
  image.frames = std::max(1, vips_image_get_n_pages(thumb.get()));
  return image;
}

}  // namespace parley::media
