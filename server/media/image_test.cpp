#include "media/image.hpp"

#include "media/test_images.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::media {
namespace {

using testing::png;

TEST(Image, TellsTheTypeByTheBytes) {
  EXPECT_EQ(sniff_image(std::string("\x89PNG\r\n\x1a\n", 8) + "rest"), "image/png");
  EXPECT_EQ(sniff_image("GIF89a......"), "image/gif");
  EXPECT_EQ(sniff_image(std::string("RIFF\0\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(sniff_image("<svg xmlns='http://www.w3.org/2000/svg'/>"), "");
  EXPECT_EQ(sniff_image(std::string("\xff\xd8\xff\xe0", 4)), "");  // JPEG: not taken
  EXPECT_EQ(sniff_image(""), "");
}

TEST(Image, ScalesDownToFitASquareAsWebP) {
  const auto out = fit_square(png(512, 256), 128);
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(out->mime, "image/webp");
  EXPECT_EQ(sniff_image(out->bytes), "image/webp");
  EXPECT_EQ(out->width, 128);
  EXPECT_EQ(out->height, 64);
  // A small one is not scaled up.
  const auto small = fit_square(png(40, 30), 128);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->width, 40);
  EXPECT_EQ(small->height, 30);
  // What it made is read back as an image.
  const auto again = fit_square(out->bytes, 64);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->width, 64);
}

TEST(Image, RefusesWhatIsNotASmallEnoughImage) {
  EXPECT_EQ(fit_square("hello", 128).error().message, "The image must be a PNG, GIF or WebP");
  const auto broken = fit_square(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'x'), 128);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message, "The image cannot be read");
  const auto huge = fit_square(png(600, 20), 128, 512);
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().message, "The image is larger than 512 pixels a side");
}

}  // namespace
}  // namespace parley::media
