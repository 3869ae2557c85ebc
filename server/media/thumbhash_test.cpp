#include "media/thumbhash.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "util/base64.hpp"

namespace parley::media {
namespace {

// A gradient: red across, green down, a blue ripple; alpha across too when asked.
std::vector<std::uint8_t> gradient(int w, int h, bool alpha) {
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(w) * h * 4);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      auto* px = &rgba[static_cast<std::size_t>(y * w + x) * 4];
      px[0] = static_cast<std::uint8_t>(x * 255 / (w - 1));
      px[1] = static_cast<std::uint8_t>(y * 255 / (h - 1));
      px[2] = static_cast<std::uint8_t>((x + y) * 7 % 256);
      px[3] = alpha ? px[0] : 255;
    }
  }
  return rgba;
}

std::string hash_base64(int w, int h, bool alpha) {
  return util::base64_encode(thumbhash_encode(w, h, gradient(w, h, alpha)));
}

// The expected hashes are what the reference encoder (evanw/thumbhash js/thumbhash.js,
// rgbaToThumbHash) gives for the same pixels.
TEST(ThumbHash, MatchesTheReferenceEncoder) {
  EXPECT_EQ(hash_base64(8, 6, false), "mPoNLZ6Ah4dwiHiHiHiHh4FwB/iH");
  EXPECT_EQ(hash_base64(6, 8, false), "mAoOLR5wd3B4iIh4iIh4h3BxCPd4");
  EXPECT_EQ(hash_base64(32, 20, true), "ZFiGK443oZlwi4fU4Dj7dICHeIiHiHg=");
  EXPECT_EQ(hash_base64(100, 75, false), "3wcKPZpwd4dweHh3h3eHd4CACPh3");
}

TEST(ThumbHash, StartsWithTheAverageColour) {
  // One colour, (200, 100, 50): luminance (200+100+50)/3/255 * 63 = 28.8 -> 29 in the low six
  // bits; yellow-blue (150-50)/255 and red-green 100/255 scaled to 0..63 follow.
  std::vector<std::uint8_t> rgba;
  for (int i = 0; i < 16; ++i) rgba.insert(rgba.end(), {200, 100, 50, 255});
  const std::string hash = thumbhash_encode(4, 4, rgba);
  ASSERT_GE(hash.size(), 5U);
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<std::uint8_t>(hash[i])); };
  const std::uint32_t header24 = byte(0) | byte(1) << 8 | byte(2) << 16;
  EXPECT_EQ(header24 & 63, 29U);
  EXPECT_EQ((header24 >> 6) & 63, 44U);   // round(31.5 + 31.5 * 100/255)
  EXPECT_EQ((header24 >> 12) & 63, 44U);  // round(31.5 + 31.5 * 100/255)
  EXPECT_EQ((header24 >> 18) & 31, 0U);   // no luminance variation
  EXPECT_EQ(header24 >> 23, 0U);          // opaque
  EXPECT_EQ(byte(0), 29U);
  EXPECT_EQ(byte(1), 203U);
  EXPECT_EQ(byte(2), 2U);
  // Square and opaque: 5 header bytes, then a nibble for each of 27 L, 5 P and 5 Q terms.
  EXPECT_EQ(hash.size(), 5U + (27 + 5 + 5 + 1) / 2);
}

TEST(ThumbHash, StaysSmall) {
  for (const auto& [w, h, alpha] : {std::tuple{100, 100, false}, {100, 100, true}, {100, 10, false}, {3, 100, true}}) {
    const std::string hash = thumbhash_encode(w, h, gradient(w, h, alpha));
    EXPECT_GE(hash.size(), 5U);
    EXPECT_LE(hash.size(), 40U) << w << "x" << h;
    EXPECT_EQ((static_cast<std::uint8_t>(hash[2]) >> 7) != 0, alpha);
    EXPECT_EQ((static_cast<std::uint8_t>(hash[4]) >> 7) != 0, w > h);  // landscape flag
  }
}

TEST(ThumbHash, RefusesWhatIsNotASmallRgbaImage) {
  EXPECT_EQ(thumbhash_encode(0, 5, {}), "");
  EXPECT_EQ(thumbhash_encode(101, 1, std::vector<std::uint8_t>(404)), "");
  EXPECT_EQ(thumbhash_encode(2, 2, std::vector<std::uint8_t>(15)), "");
}

}  // namespace
}  // namespace parley::media
