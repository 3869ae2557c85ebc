#include "util/random.hpp"

#include <sys/random.h>

#include <array>
#include <cstring>
#include <stdexcept>

namespace parley::util {
namespace {

// Bytes from the kernel's CSPRNG, fetched in blocks so an id costs no system call.
class RandomPool {
 public:
  void fill(void* out, std::size_t n) {
    auto* dst = static_cast<unsigned char*>(out);
    while (n > 0) {
      if (used_ == buf_.size()) refill();
      const std::size_t take = std::min(n, buf_.size() - used_);
      std::memcpy(dst, buf_.data() + used_, take);
      used_ += take;
      dst += take;
      n -= take;
    }
  }

 private:
  void refill() {
    std::size_t got = 0;
    while (got < buf_.size()) {
      const ssize_t r = getrandom(buf_.data() + got, buf_.size() - got, 0);
      if (r < 0) throw std::runtime_error("getrandom failed");
      got += static_cast<std::size_t>(r);
    }
    used_ = 0;
  }

  std::array<unsigned char, 4096> buf_{};
  std::size_t used_ = buf_.size();
};

RandomPool& pool() {
  thread_local RandomPool p;
  return p;
}

constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::uint64_t random_u64() {
  std::uint64_t v;
  pool().fill(&v, sizeof v);
  return v;
}

std::string random_id(std::size_t bytes) {
  std::string out;
  const std::size_t chars = (bytes * 8 + 5) / 6;
  out.reserve(chars);
  std::array<unsigned char, 64> raw{};
  const std::size_t n = std::min(chars, raw.size());
  pool().fill(raw.data(), n);
  for (std::size_t i = 0; i < n; ++i) out += kUrlAlphabet[raw[i] & 63];
  return out;
}

}  // namespace parley::util
