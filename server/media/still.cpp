#include "media/still.hpp"

#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <span>

#include "media/image.hpp"
#include "media/thumbhash.hpp"
#include "util/base64.hpp"

namespace parley::media::still {
namespace {

struct Unref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, Unref>;

// libvips's error buffer, emptied.
std::string vips_message() {
  std::string message = vips_error_buffer();
  vips_error_clear();
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return message.substr(0, std::min(message.find('\n'), std::size_t{200}));
}

bool has_loader(const char* nickname) { return vips_type_find("VipsOperation", nickname) != 0; }

bool is_heif(std::string_view mime) { return mime == "image/heic" || mime == "image/heif" || mime == "image/avif"; }

// The image's header through the loader for its type only: the rest decodes when it is used.
ImagePtr open_image(const std::string& path, std::string_view mime) {
  VipsImage* raw = nullptr;
  const char* file = path.c_str();
  const auto access = VIPS_ACCESS_SEQUENTIAL;
  int rc = -1;
  if (mime == "image/jpeg") rc = vips_jpegload(file, &raw, "access", access, nullptr);
  if (mime == "image/png") rc = vips_pngload(file, &raw, "access", access, nullptr);
  if (mime == "image/gif") rc = vips_gifload(file, &raw, "access", access, nullptr);
  if (mime == "image/webp") rc = vips_webpload(file, &raw, "access", access, nullptr);
  if (is_heif(mime)) rc = vips_heifload(file, &raw, "access", access, nullptr);
  if (rc != 0) return nullptr;
  return ImagePtr(raw);
}

// `image` as 8-bit sRGB (with its alpha, if any), what WebP and ThumbHash take.
ImagePtr to_srgb8(VipsImage* image) {
  VipsImage* raw = nullptr;
  if (vips_colourspace(image, &raw, VIPS_INTERPRETATION_sRGB, nullptr) != 0) return nullptr;
  ImagePtr srgb(raw);
  if (vips_image_get_format(srgb.get()) == VIPS_FORMAT_UCHAR) return srgb;
  if (vips_cast(srgb.get(), &raw, VIPS_FORMAT_UCHAR, nullptr) != 0) return nullptr;
  return ImagePtr(raw);
}

std::uint32_t le32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    value |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + i])) << (8 * i);
  }
  return value;
}

void put_le32(std::string& bytes, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((value >> (8 * i)) & 255);
}

// A WebP without its EXIF and XMP chunks: this libvips writes an EXIF block even when told to
// strip. Empty when the bytes are not the RIFF container expected.
std::string without_webp_metadata(std::string_view webp_bytes) {
  if (webp_bytes.size() < 12 || webp_bytes.substr(0, 4) != "RIFF" || webp_bytes.substr(8, 4) != "WEBP") return {};
  std::string out(webp_bytes.substr(0, 12));
  for (std::size_t at = 12; at < webp_bytes.size();) {
    if (webp_bytes.size() - at < 8) return {};
    const std::string_view fourcc = webp_bytes.substr(at, 4);
    const std::size_t size = le32(webp_bytes, at + 4);
    const std::size_t padded = 8 + size + (size & 1);
    if (padded > webp_bytes.size() - at) return {};
    if (fourcc != "EXIF" && fourcc != "XMP ") {
      const std::size_t start = out.size();
      out.append(webp_bytes.substr(at, padded));
      if (fourcc == "VP8X" && size >= 1) out[start + 8] = static_cast<char>(out[start + 8] & ~0x0C);
    }
    at += padded;
  }
  put_le32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
  return out;
}

// `image` as WebP with no metadata; empty when it cannot be.
std::string save_webp(VipsImage* image, int quality) {
  // The metadata goes before saving, not only by "strip": libvips 8.14 updates the EXIF block
  // of an image it saves and, for one made from a HEIF, reads that block after freeing it.
  VipsImage* copied = nullptr;
  if (vips_copy(image, &copied, nullptr) != 0) return {};
  ImagePtr bare(copied);
  for (const char* field : {"exif-data", "xmp-data", "iptc-data"}) vips_image_remove(bare.get(), field);
  void* buffer = nullptr;
  std::size_t size = 0;
  if (vips_webpsave_buffer(bare.get(), &buffer, &size, "Q", quality, "strip", TRUE, nullptr) != 0) return {};
  std::string bytes = without_webp_metadata(std::string_view(static_cast<const char*>(buffer), size));
  g_free(buffer);
  return bytes;
}

std::optional<Variant> webp(VipsImage* image, int quality) {
  ImagePtr srgb = to_srgb8(image);
  if (!srgb) return std::nullopt;
  Variant variant;
  variant.bytes = save_webp(srgb.get(), quality);
  if (variant.bytes.empty()) return std::nullopt;
  variant.mime = "image/webp";
  variant.width = vips_image_get_width(srgb.get());
  variant.height = vips_image_get_height(srgb.get());
  return variant;
}

// The ThumbHash of `image` (already small), base64; empty when it cannot be made.
std::string placeholder(VipsImage* image) {
  VipsImage* raw = nullptr;
  if (vips_thumbnail_image(image, &raw, 100, "height", 100, "size", VIPS_SIZE_DOWN, nullptr) != 0) return {};
  ImagePtr small(raw);
  ImagePtr rgba = to_srgb8(small.get());
  if (!rgba) return {};
  if (vips_image_get_bands(rgba.get()) == 3) {
    if (vips_bandjoin_const1(rgba.get(), &raw, 255, nullptr) != 0) return {};
    rgba.reset(raw);
  }
  if (vips_image_get_bands(rgba.get()) != 4) return {};
  std::size_t size = 0;
  void* pixels = vips_image_write_to_memory(rgba.get(), &size);
  if (pixels == nullptr) return {};
  const std::string hash = thumbhash_encode(vips_image_get_width(rgba.get()), vips_image_get_height(rgba.get()),
                                            std::span(static_cast<const std::uint8_t*>(pixels), size));
  g_free(pixels);
  return hash.empty() ? std::string() : util::base64_encode(hash);
}

// `image` computed once into memory: the loaders read their file from top to bottom once only,
// and a small image is used more than once (saved, then summed up as a ThumbHash).
ImagePtr in_memory(VipsImage* raw) {
  if (raw == nullptr) return nullptr;
  ImagePtr lazy(raw);
  return ImagePtr(vips_image_copy_memory(lazy.get()));
}

// The file scaled down (never up) to fit `size` x `size`, upright, its first frame or page.
ImagePtr fit(const std::string& path, int size) {
  VipsImage* raw = nullptr;
  if (vips_thumbnail(path.c_str(), &raw, size, "height", size, "size", VIPS_SIZE_DOWN, nullptr) != 0) return nullptr;
  return in_memory(raw);
}

// Metadata that may say where or by what a picture was taken, or that turns it.
bool needs_sanitizing(VipsImage* image) {
  if (vips_image_get_orientation(image) > 1) return true;
  gchar** fields = vips_image_get_fields(image);
  bool found = false;
  for (gchar** field = fields; *field != nullptr && !found; ++field) {
    const std::string_view name(*field);
    found = name == VIPS_META_EXIF_NAME || name == VIPS_META_XMP_NAME || name == VIPS_META_IPTC_NAME ||
            name.starts_with("exif-") || name.starts_with("png-comment-");
  }
  g_strfreev(fields);
  return found;
}

// The original upright, in sRGB when it had a colour profile, saved again in its own format
// with no metadata at all.
std::optional<std::string> sanitize(VipsImage* header, std::string_view mime) {
  // Turning needs the whole image at hand; the loader reads it once, from top to bottom.
  ImagePtr image(vips_image_copy_memory(header));
  if (!image) return std::nullopt;
  VipsImage* raw = nullptr;
  if (vips_image_get_orientation(image.get()) > 1) {
    if (vips_autorot(image.get(), &raw, nullptr) != 0) return std::nullopt;
    image.reset(raw);
  }
  // Stripping drops the colour profile too: convert to sRGB first so that colours stay.
  if (vips_image_get_typeof(image.get(), VIPS_META_ICC_NAME) != 0) {
    const int depth = vips_image_get_format(image.get()) == VIPS_FORMAT_USHORT ? 16 : 8;
    if (vips_icc_transform(image.get(), &raw, "srgb", "embedded", TRUE, "depth", depth, nullptr) == 0) {
      image.reset(raw);
    } else {
      vips_error_clear();  // the profile is unusable: the pixels are kept as they are
    }
  }
  void* buffer = nullptr;
  std::size_t size = 0;
  int rc = -1;
  if (mime == "image/jpeg") {
    rc = vips_jpegsave_buffer(image.get(), &buffer, &size, "Q", 90, "strip", TRUE, nullptr);
  } else if (mime == "image/png") {
    rc = vips_pngsave_buffer(image.get(), &buffer, &size, "compression", 6, "strip", TRUE, nullptr);
  } else if (mime == "image/webp") {
    std::string bytes = save_webp(image.get(), 90);
    if (bytes.empty()) return std::nullopt;
    return bytes;
  }
  if (rc != 0) return std::nullopt;
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

}  // namespace

bool is_image(std::string_view mime) {
  if (mime == "image/jpeg" || mime == "image/png" || mime == "image/gif" || mime == "image/webp") return true;
  return is_heif(mime) && images_ready() && has_loader("heifload");
}

void process_image(const std::string& path, std::string_view mime, const Limits& limits, Processed& out) {
  if (!images_ready()) {
    out.note = "images cannot be processed on this server";
    return;
  }
  ImagePtr header = open_image(path, mime);
  if (!header) {
    out.note = "the image cannot be read: " + vips_message();
    return;
  }
  const int width = vips_image_get_width(header.get());
  const int height = vips_image_get_page_height(header.get());
  if (width > limits.max_side || height > limits.max_side ||
      static_cast<std::int64_t>(width) * height > limits.max_pixels) {
    out.note = "the image is too large: " + std::to_string(width) + "x" + std::to_string(height);
    return;
  }
  const int pages = std::max(1, vips_image_get_n_pages(header.get()));
  const bool animated = pages > 1 && (mime == "image/gif" || mime == "image/webp");
  if (animated && pages > limits.max_frames) {
    out.note = "the image has too many frames: " + std::to_string(pages);
    return;
  }
  const bool turned = vips_image_get_orientation_swap(header.get()) != 0;

  // Browsers show JPEG, PNG, GIF and WebP as they are, not HEIC. The thumbnail comes from the
  // display size when there is one: a PNG or WebP is not decoded in full twice.
  std::optional<Variant> display;
  ImagePtr thumb;
  if (std::max(width, height) > kDisplaySize || is_heif(mime)) {
    ImagePtr fitted = fit(path, kDisplaySize);
    if (fitted) display = webp(fitted.get(), 82);
    if (!display) {
      out.note = "the image cannot be decoded: " + vips_message();
      return;
    }
    VipsImage* raw = nullptr;
    if (vips_thumbnail_image(fitted.get(), &raw, kThumbnailSize, "height", kThumbnailSize, "size", VIPS_SIZE_DOWN,
                             nullptr) == 0) {
      thumb = in_memory(raw);
    }
  } else {
    thumb = fit(path, kThumbnailSize);
  }
  std::optional<Variant> thumbnail = thumb ? webp(thumb.get(), 80) : std::nullopt;
  if (!thumbnail) {
    out.note = "the image cannot be decoded: " + vips_message();
    return;
  }
  std::optional<std::string> sanitized;
  if (!animated && !is_heif(mime) && mime != "image/gif" && needs_sanitizing(header.get())) {
    sanitized = sanitize(header.get(), mime);
    if (!sanitized) {
      out.note = "the image cannot be re-encoded without its metadata: " + vips_message();
      return;  // its original, with that metadata, is not shown as an image
    }
  }

  out.kind = Kind::kImage;
  out.width = turned ? height : width;
  out.height = turned ? width : height;
  out.placeholder = placeholder(thumb.get());
  out.thumbnail = std::move(thumbnail);
  out.display = std::move(display);
  out.sanitized = std::move(sanitized);
  vips_error_clear();
}

void process_pdf(const std::string& path, Processed& out) {
  if (!images_ready() || !has_loader("pdfload")) return;
  VipsImage* raw = nullptr;
  // A page is vector art: it is drawn at the thumbnail's size, not scaled from a larger one.
  if (vips_thumbnail(path.c_str(), &raw, kThumbnailSize, "height", kThumbnailSize, nullptr) != 0) {
    out.note = "the PDF's first page cannot be drawn: " + vips_message();
    return;
  }
  ImagePtr page(raw);
  out.thumbnail = webp(page.get(), 80);
  if (!out.thumbnail) out.note = "the PDF's first page cannot be encoded: " + vips_message();
}

bool process_frame(std::string_view png, Processed& out) {
  if (!images_ready()) return false;
  VipsImage* raw = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(png.data()), png.size(), &raw, kDisplaySize, "height", kDisplaySize,
                            "size", VIPS_SIZE_DOWN, nullptr) != 0) {
    vips_error_clear();
    return false;
  }
  ImagePtr frame = in_memory(raw);
  if (!frame || vips_thumbnail_image(frame.get(), &raw, kThumbnailSize, "height", kThumbnailSize, "size",
                                     VIPS_SIZE_DOWN, nullptr) != 0) {
    vips_error_clear();
    return false;
  }
  ImagePtr thumb = in_memory(raw);
  if (!thumb) return false;
  out.poster = webp(frame.get(), 80);
  out.thumbnail = webp(thumb.get(), 80);
  out.placeholder = placeholder(thumb.get());
  vips_error_clear();
  return out.poster && out.thumbnail;
}

}  // namespace parley::media::still
