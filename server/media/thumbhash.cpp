#include "media/thumbhash.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace parley::media {
namespace {

// Math.round of the reference: every value rounded here is at least 0.
int round_up(double value) { return static_cast<int>(std::floor(value + 0.5)); }

struct Channel {
  double dc = 0;
  std::vector<double> ac;  // normalised to 0..1
  double scale = 0;
};

// The DCT of one channel, keeping the terms of a triangle of nx x ny frequencies.
Channel encode_channel(const std::vector<double>& channel, int w, int h, int nx, int ny) {
  Channel out;
  std::vector<double> fx(static_cast<std::size_t>(w));
  for (int cy = 0; cy < ny; ++cy) {
    for (int cx = 0; cx * ny < nx * (ny - cy); ++cx) {
      for (int x = 0; x < w; ++x) fx[x] = std::cos(std::numbers::pi / w * cx * (x + 0.5));
      double f = 0;
      for (int y = 0; y < h; ++y) {
        const double fy = std::cos(std::numbers::pi / h * cy * (y + 0.5));
        for (int x = 0; x < w; ++x) f += channel[static_cast<std::size_t>(y) * w + x] * fx[x] * fy;
      }
      f /= w * h;
      if (cx > 0 || cy > 0) {
        out.ac.push_back(f);
        out.scale = std::max(out.scale, std::abs(f));
      } else {
        out.dc = f;
      }
    }
  }
  if (out.scale > 0) {
    for (double& ac : out.ac) ac = 0.5 + 0.5 / out.scale * ac;
  }
  return out;
}

}  // namespace

std::string thumbhash_encode(int w, int h, std::span<const std::uint8_t> rgba) {
  if (w < 1 || h < 1 || w > 100 || h > 100 || rgba.size() != static_cast<std::size_t>(w) * h * 4) return {};
  const auto pixels = static_cast<std::size_t>(w) * h;

  // The average colour, weighted by alpha.
  double avg_r = 0, avg_g = 0, avg_b = 0, avg_a = 0;
  for (std::size_t i = 0; i < pixels; ++i) {
    const double alpha = rgba[i * 4 + 3] / 255.0;
    avg_r += alpha / 255.0 * rgba[i * 4];
    avg_g += alpha / 255.0 * rgba[i * 4 + 1];
    avg_b += alpha / 255.0 * rgba[i * 4 + 2];
    avg_a += alpha;
  }
  if (avg_a > 0) {
    avg_r /= avg_a;
    avg_g /= avg_a;
    avg_b /= avg_a;
  }

  const bool has_alpha = avg_a < static_cast<double>(pixels);
  const int l_limit = has_alpha ? 5 : 7;  // fewer luminance terms when alpha needs room
  const int longest = std::max(w, h);
  const int lx = std::max(1, round_up(static_cast<double>(l_limit * w) / longest));
  const int ly = std::max(1, round_up(static_cast<double>(l_limit * h) / longest));

  // RGBA to LPQA (luminance, yellow-blue, red-green, alpha), composited over the average.
  std::vector<double> l(pixels), p(pixels), q(pixels), a(pixels);
  for (std::size_t i = 0; i < pixels; ++i) {
    const double alpha = rgba[i * 4 + 3] / 255.0;
    const double r = avg_r * (1 - alpha) + alpha / 255.0 * rgba[i * 4];
    const double g = avg_g * (1 - alpha) + alpha / 255.0 * rgba[i * 4 + 1];
    const double b = avg_b * (1 - alpha) + alpha / 255.0 * rgba[i * 4 + 2];
    l[i] = (r + g + b) / 3;
    p[i] = (r + g) / 2 - b;
    q[i] = r - g;
    a[i] = alpha;
  }

  const Channel lc = encode_channel(l, w, h, std::max(3, lx), std::max(3, ly));
  const Channel pc = encode_channel(p, w, h, 3, 3);
  const Channel qc = encode_channel(q, w, h, 3, 3);
  const Channel ac = has_alpha ? encode_channel(a, w, h, 5, 5) : Channel{1, {}, 1};

  const bool landscape = w > h;
  const auto header24 = static_cast<std::uint32_t>(round_up(63 * lc.dc) | (round_up(31.5 + 31.5 * pc.dc) << 6) |
                                                   (round_up(31.5 + 31.5 * qc.dc) << 12) |
                                                   (round_up(31 * lc.scale) << 18) | (has_alpha ? 1 << 23 : 0));
  const auto header16 = static_cast<std::uint32_t>((landscape ? ly : lx) | (round_up(63 * pc.scale) << 3) |
                                                   (round_up(63 * qc.scale) << 9) | (landscape ? 1 << 15 : 0));
  std::string hash;
  hash.reserve(32);
  hash.push_back(static_cast<char>(header24 & 255));
  hash.push_back(static_cast<char>((header24 >> 8) & 255));
  hash.push_back(static_cast<char>(header24 >> 16));
  hash.push_back(static_cast<char>(header16 & 255));
  hash.push_back(static_cast<char>(header16 >> 8));
  if (has_alpha) hash.push_back(static_cast<char>(round_up(15 * ac.dc) | (round_up(15 * ac.scale) << 4)));

  // The AC terms, four bits each, low nibble first.
  bool odd = false;
  auto put = [&](const std::vector<double>& terms) {
    for (const double f : terms) {
      const int nibble = round_up(15 * f);
      if (odd) {
        hash.back() = static_cast<char>(static_cast<unsigned char>(hash.back()) | (nibble << 4));
      } else {
        hash.push_back(static_cast<char>(nibble));
      }
      odd = !odd;
    }
  };
  put(lc.ac);
  put(pc.ac);
  put(qc.ac);
  if (has_alpha) put(ac.ac);
  return hash;
}

}  // namespace parley::media
