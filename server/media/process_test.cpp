// process() on images, PDFs and plain files, made here with libvips or by hand.
#include "media/process.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "media/image.hpp"
#include "media/test_files.hpp"
#include "media/test_images.hpp"
#include "util/base64.hpp"

namespace parley::media {
namespace {

using testing::TempDir;

struct Unref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, Unref>;

// An EXIF block as a phone writes it: orientation 6 (turn 90° clockwise to show) and where it
// was taken (GPSLatitudeRef "N", GPSLatitude 48° 51' 30"). Little-endian TIFF layout.
std::string exif_with_gps() {
  std::string tiff;
  auto u16 = [&](unsigned v) { tiff.append({static_cast<char>(v & 255), static_cast<char>(v >> 8)}); };
  auto u32 = [&](unsigned v) { u16(v & 0xffff), u16(v >> 16); };
  tiff.append("II");
  u16(42);
  u32(8);  // IFD0 at 8
  u16(2);
  u16(0x0112), u16(3), u32(1), u16(6), u16(0);  // Orientation, SHORT: 6
  u16(0x8825), u16(4), u32(1), u32(38);         // GPS IFD at 38
  u32(0);
  u16(2);
  u16(0x0001), u16(2), u32(2), tiff.append("N\0\0\0", 4);  // GPSLatitudeRef, ASCII
  u16(0x0002), u16(5), u32(3), u32(68);                    // GPSLatitude, 3 RATIONALs at 68
  u32(0);
  for (unsigned v : {48U, 51U, 30U}) u32(v), u32(1);
  return std::string("Exif\0\0", 6) + tiff;
}

// A `width` x `height` colour gradient, 8-bit sRGB.
ImagePtr gradient(int width, int height) {
  VipsImage* grey = nullptr;
  VipsImage* scaled = nullptr;
  VipsImage* rgb = nullptr;
  VipsImage* bytes = nullptr;
  const double extra[] = {90, 200};
  vips_grey(&grey, width, height, nullptr);
  vips_linear1(grey, &scaled, 255, 0, nullptr);
  vips_bandjoin_const(scaled, &rgb, const_cast<double*>(extra), 2, nullptr);
  vips_cast(rgb, &bytes, VIPS_FORMAT_UCHAR, nullptr);
  vips_image_set_int(bytes, "interpretation", VIPS_INTERPRETATION_sRGB);
  g_object_unref(grey);
  g_object_unref(scaled);
  g_object_unref(rgb);
  return ImagePtr(bytes);
}

std::string saved(VipsImage* image, const char* suffix) {
  void* buffer = nullptr;
  std::size_t size = 0;
  if (vips_image_write_to_buffer(image, suffix, &buffer, &size, nullptr) != 0) return {};
  std::string out(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return out;
}

ImagePtr load(std::string_view bytes) {
  return ImagePtr(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr));
}

// A photo as a phone takes it: 1600x1200 pixels shown turned (1200x1600), with GPS tags.
std::string phone_jpeg() {
  ImagePtr image = gradient(1600, 1200);
  const std::string exif = exif_with_gps();
  vips_image_set_blob_copy(image.get(), VIPS_META_EXIF_NAME, exif.data(), exif.size());
  vips_image_set_int(image.get(), VIPS_META_ORIENTATION, 6);
  return saved(image.get(), ".jpg[Q=85]");
}

// One page of 200 x 100 points with a blue box, its xref offsets counted.
std::string one_page_pdf() {
  const std::string content = "0 0 1 rg 20 20 160 60 re f\n";
  const std::string objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
  };
  std::string pdf = "%PDF-1.4\n";
  std::string xref = "xref\n0 5\n0000000000 65535 f \n";
  for (std::size_t i = 0; i < std::size(objects); ++i) {
    char line[21];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", pdf.size());
    xref += line;
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t start = pdf.size();
  return pdf + xref + "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + std::to_string(start) + "\n%%EOF\n";
}

// A ZIP holding one stored file, "a.txt" with "hello".
std::string small_zip() {
  std::string zip;
  auto u16 = [&](unsigned v) { zip.append({static_cast<char>(v & 255), static_cast<char>(v >> 8)}); };
  auto u32 = [&](unsigned v) { u16(v & 0xffff), u16(v >> 16); };
  const unsigned crc = 0x3610a686;  // CRC-32 of "hello"
  zip += "PK\3\4";
  u16(10), u16(0), u16(0), u16(0), u16(0), u32(crc), u32(5), u32(5), u16(5), u16(0);
  zip += "a.txthello";
  const auto central = static_cast<unsigned>(zip.size());
  zip += "PK\1\2";
  u16(20), u16(10), u16(0), u16(0), u16(0), u16(0), u32(crc), u32(5), u32(5), u16(5), u16(0), u16(0), u16(0), u16(0);
  u32(0), u32(0);
  zip += "a.txt";
  const auto central_size = static_cast<unsigned>(zip.size()) - central;
  zip += "PK\5\6";
  u16(0), u16(0), u16(1), u16(1), u32(central_size), u32(central), u16(0);
  return zip;
}

TEST(Process, TurnsAPhoneJpegUprightAndStripsWhereItWasTaken) {
  ASSERT_TRUE(images_ready());
  TempDir dir;
  const std::string jpeg = phone_jpeg();
  {  // The sample is what it should be.
    ImagePtr sample = load(jpeg);
    ASSERT_TRUE(sample);
    EXPECT_EQ(vips_image_get_orientation(sample.get()), 6);
    EXPECT_NE(vips_image_get_typeof(sample.get(), "exif-ifd3-GPSLatitude"), 0U);
  }
  const auto out = process(dir.write("upload", jpeg), "IMG_0001.JPG", "image/jpeg", false);
  EXPECT_EQ(out.kind, Kind::kImage) << out.note;
  EXPECT_EQ(out.mime, "image/jpeg");
  EXPECT_EQ(out.width, 1200);
  EXPECT_EQ(out.height, 1600);
  ASSERT_TRUE(out.thumbnail);
  EXPECT_EQ(out.thumbnail->mime, "image/webp");
  EXPECT_EQ(out.thumbnail->width, 240);
  EXPECT_EQ(out.thumbnail->height, 320);
  EXPECT_EQ(sniff_image(out.thumbnail->bytes), "image/webp");
  ASSERT_TRUE(out.display);
  EXPECT_EQ(out.display->width, 960);
  EXPECT_EQ(out.display->height, 1280);
  EXPECT_FALSE(out.poster);
  EXPECT_TRUE(out.waveform.empty());

  ASSERT_TRUE(out.sanitized);
  ImagePtr clean = load(*out.sanitized);
  ASSERT_TRUE(clean);
  EXPECT_EQ(vips_image_get_width(clean.get()), 1200);
  EXPECT_EQ(vips_image_get_height(clean.get()), 1600);
  EXPECT_EQ(vips_image_get_orientation(clean.get()), 1);
  EXPECT_EQ(vips_image_get_typeof(clean.get(), VIPS_META_EXIF_NAME), 0U);
  EXPECT_EQ(vips_image_get_typeof(clean.get(), "exif-ifd3-GPSLatitude"), 0U);
  EXPECT_EQ(out.sanitized->substr(0, 3), "\xff\xd8\xff");
  EXPECT_EQ(out.sanitized->find("Exif"), std::string::npos);

  // The placeholder is a portrait ThumbHash.
  const auto hash = util::base64_decode(out.placeholder);
  ASSERT_TRUE(hash);
  EXPECT_GE(hash->size(), 5U);
  EXPECT_LE(hash->size(), 40U);
  EXPECT_EQ(static_cast<std::uint8_t>((*hash)[4]) >> 7, 0);  // not landscape
}

TEST(Process, LeavesASmallPlainImageAsItIs) {
  TempDir dir;
  const auto out = process(dir.write("upload", testing::png(200, 100)), "chart.png", "image/png", false);
  EXPECT_EQ(out.kind, Kind::kImage) << out.note;
  EXPECT_EQ(out.mime, "image/png");
  EXPECT_EQ(out.width, 200);
  EXPECT_EQ(out.height, 100);
  ASSERT_TRUE(out.thumbnail);
  EXPECT_EQ(out.thumbnail->width, 200);  // not scaled up
  EXPECT_FALSE(out.display);
  EXPECT_FALSE(out.sanitized);  // nothing to strip
  EXPECT_FALSE(out.placeholder.empty());
}

TEST(Process, KeepsAnAnimationAndShowsItsFirstFrame) {
  TempDir dir;
  ImagePtr frames = gradient(60, 120);  // two frames of 60x60
  vips_image_set_int(frames.get(), VIPS_META_PAGE_HEIGHT, 60);
  const auto gif = saved(frames.get(), ".gif");
  ASSERT_FALSE(gif.empty());
  const auto out = process(dir.write("upload", gif), "", "", false);
  EXPECT_EQ(out.kind, Kind::kImage) << out.note;
  EXPECT_EQ(out.mime, "image/gif");
  EXPECT_EQ(out.width, 60);
  EXPECT_EQ(out.height, 60);
  ASSERT_TRUE(out.thumbnail);
  EXPECT_EQ(out.thumbnail->height, 60);
  EXPECT_FALSE(out.sanitized);
}

TEST(Process, StripsAWebPAndDrawsAHeif) {
  TempDir dir;
  ImagePtr image = gradient(300, 200);
  const std::string exif = exif_with_gps();
  vips_image_set_blob_copy(image.get(), VIPS_META_EXIF_NAME, exif.data(), exif.size());
  vips_image_set_int(image.get(), VIPS_META_ORIENTATION, 6);
  const auto out = process(dir.write("upload", saved(image.get(), ".webp")), "a.webp", "image/webp", false);
  EXPECT_EQ(out.kind, Kind::kImage) << out.note;
  ASSERT_TRUE(out.sanitized);
  EXPECT_EQ(sniff_image(*out.sanitized), "image/webp");
  ImagePtr clean = load(*out.sanitized);
  ASSERT_TRUE(clean);
  EXPECT_EQ(vips_image_get_typeof(clean.get(), VIPS_META_EXIF_NAME), 0U);
  EXPECT_EQ(out.sanitized->find("EXIF"), std::string::npos);
  EXPECT_EQ(vips_image_get_width(clean.get()), 200);  // turned
  EXPECT_EQ(out.thumbnail->bytes.find("EXIF"), std::string::npos);

  if (vips_type_find("VipsOperation", "heifsave") == 0) GTEST_SKIP() << "no HEIF encoder";
  ImagePtr plain = gradient(300, 200);
  const auto heic = saved(plain.get(), ".heic");
  const auto photo = process(dir.write("photo", heic), "IMG.HEIC", "image/heic", false);
  EXPECT_EQ(photo.kind, Kind::kImage) << photo.note;
  EXPECT_EQ(photo.mime, "image/heic");
  ASSERT_TRUE(photo.display);  // browsers do not show HEIC
  EXPECT_EQ(photo.display->width, 300);
}

TEST(Process, RefusesAnImageTooLargeBeforeDecodingIt) {
  TempDir dir;
  const auto path = dir.write("upload", testing::png(300, 200));
  const auto out = process(path, "big.png", "image/png", false, {.max_pixels = 50'000});
  EXPECT_EQ(out.kind, Kind::kFile);
  EXPECT_EQ(out.mime, "image/png");
  EXPECT_NE(out.note.find("too large"), std::string::npos) << out.note;
  EXPECT_FALSE(out.thumbnail);
  EXPECT_EQ(process(path, "big.png", "image/png", false, {.max_side = 250}).kind, Kind::kFile);

  const auto broken = process(dir.write("broken", std::string("\xff\xd8\xff\xe0", 4) + std::string(500, 'x')), "b.jpg",
                              "image/jpeg", false);
  EXPECT_EQ(broken.kind, Kind::kFile);
  EXPECT_EQ(broken.mime, "image/jpeg");
  EXPECT_FALSE(broken.note.empty());
}

TEST(Process, DrawsAPdfsFirstPageButKeepsItAFile) {
  TempDir dir;
  const auto out = process(dir.write("upload", one_page_pdf()), "report.pdf", "application/pdf", false);
  EXPECT_EQ(out.kind, Kind::kFile);
  EXPECT_EQ(out.mime, "application/pdf");
  if (vips_type_find("VipsOperation", "pdfload") == 0) GTEST_SKIP() << "libvips reads no PDF here";
  ASSERT_TRUE(out.thumbnail) << out.note;
  EXPECT_EQ(out.thumbnail->width, 320);
  EXPECT_EQ(out.thumbnail->height, 160);
}

TEST(Process, TellsTheTypeByTheContentNotTheName) {
  TempDir dir;
  const auto zip = process(dir.write("upload", small_zip()), "photo.jpg", "image/jpeg", false);
  EXPECT_EQ(zip.kind, Kind::kFile);
  EXPECT_EQ(zip.mime, "application/zip");
  EXPECT_FALSE(zip.note.empty());

  const std::string html = "<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n";
  const auto page = process(dir.write("page", html), "x.png", "image/png", false);
  EXPECT_EQ(page.kind, Kind::kFile);
  EXPECT_EQ(page.mime, "text/html");
  EXPECT_FALSE(page.thumbnail);

  const std::string svg =
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
      "height=\"10\"><script>alert(1)</script><rect width=\"10\" height=\"10\"/></svg>\n";
  for (const char* name : {"logo.svg", "logo.png", "logo"}) {
    const auto logo = process(dir.write("svg", svg), name, "image/svg+xml", false);
    EXPECT_EQ(logo.kind, Kind::kFile) << name;
    EXPECT_EQ(logo.mime, "image/svg+xml") << name;
    EXPECT_FALSE(logo.thumbnail) << name;
  }

  // A PNG under another image's name is refused too; one without a name is taken.
  const auto png_path = dir.write("png", testing::png(20, 20));
  EXPECT_EQ(process(png_path, "photo.jpg", "image/jpeg", false).kind, Kind::kFile);
  EXPECT_EQ(process(png_path, "PHOTO.PNG", "", false).kind, Kind::kImage);
  EXPECT_EQ(process(png_path, "", "", false).kind, Kind::kImage);

  const auto text = process(dir.write("notes", "just some words\n"), "notes.txt", "text/plain", true);
  EXPECT_EQ(text.kind, Kind::kFile);
  EXPECT_EQ(text.mime, "text/plain");
  EXPECT_EQ(process(dir.path("missing"), "a.jpg", "image/jpeg", false).mime, "application/octet-stream");
}

TEST(Sniff, ExtensionsFitTheirContent) {
  EXPECT_TRUE(consistent_extension("photo.jpg", "image/jpeg"));
  EXPECT_TRUE(consistent_extension("Photo.JPEG", "image/jpeg"));
  EXPECT_TRUE(consistent_extension("dir/clip.mov", "video/quicktime"));
  EXPECT_TRUE(consistent_extension("voice.webm", "video/webm"));
  EXPECT_TRUE(consistent_extension("song.m4a", "audio/x-m4a"));
  EXPECT_TRUE(consistent_extension("a.tar.gz", "application/gzip"));
  EXPECT_TRUE(consistent_extension("README", "text/plain"));
  EXPECT_TRUE(consistent_extension(".bashrc", "text/plain"));
  EXPECT_TRUE(consistent_extension("data.xyz", "application/octet-stream"));  // unknown: no say
  EXPECT_FALSE(consistent_extension("photo.jpg", "application/zip"));
  EXPECT_FALSE(consistent_extension("x.png", "text/html"));
  EXPECT_FALSE(consistent_extension("x.PNG", "image/jpeg"));
  EXPECT_FALSE(consistent_extension("song.mp3", "video/mp4"));
  EXPECT_FALSE(consistent_extension("report.pdf", "text/html"));
  EXPECT_FALSE(consistent_extension("page.html", "application/pdf"));
  EXPECT_EQ(kind_name(Kind::kVoice), "voice");
  EXPECT_EQ(kind_name(Kind::kFile), "file");
}

}  // namespace
}  // namespace parley::media
