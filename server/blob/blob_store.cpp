#include "blob/blob_store.hpp"

#include "util/random.hpp"

#include <array>

namespace parley::blob {

const char* errc_name(Errc e) {
  switch (e) {
    case Errc::kNotFound:
      return "kNotFound";
    case Errc::kInvalid:
      return "kInvalid";
    case Errc::kTooLarge:
      return "kTooLarge";
    case Errc::kRange:
      return "kRange";
    case Errc::kUnavailable:
      return "kUnavailable";
  }
  return "Errc(?)";
}

bool valid_blob_id(std::string_view id) {
  if (id.size() != 32) return false;
  for (const char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string new_blob_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    auto bits = util::random_u64();
    for (int i = 0; i < 16; ++i, bits >>= 4) id += kHex[bits & 0xf];
  }
  return id;
}

Result<StoredBlob> put(BlobStore& store, std::string_view bytes, std::uint64_t max_size) {
  auto upload = store.begin_upload(max_size);
  if (!upload) return util::fail(upload.error());
  if (auto r = (*upload)->write(bytes); !r) return util::fail(r.error());
  return (*upload)->commit();
}

Result<StoredBlob> put(BlobStore& store, std::istream& in, std::uint64_t max_size) {
  auto upload = store.begin_upload(max_size);
  if (!upload) return util::fail(upload.error());
  std::array<char, 64 * 1024> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    if (auto r = (*upload)->write(std::string_view(buffer.data(), got)); !r) return util::fail(r.error());
  }
  if (in.bad()) return util::fail(Errc::kUnavailable);
  return (*upload)->commit();
}

Result<std::string> read_all(BlobStore& store, std::string_view id, const ByteRange& range) {
  std::string bytes;
  auto r = store.read(id, range, [&](std::string_view chunk) {
    bytes.append(chunk);
    return true;
  });
  if (!r) return util::fail(r.error());
  return bytes;
}

}  // namespace parley::blob
