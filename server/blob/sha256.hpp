// SHA-256 of bytes given in pieces (OpenSSL's implementation, which uses the CPU's SHA
// instructions where there are some). One object per digest, used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace parley::blob {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest of everything given, as 64 lower-case hex digits; once.
  std::string hex_digest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// The digest of `bytes` in one call.
std::string sha256_hex(std::string_view bytes);

}  // namespace parley::blob
