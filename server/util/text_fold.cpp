#include "util/text_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <cstdint>

namespace parley::util {

std::string search_fold(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  // A singleton owned by ICU, created once and thread-safe to use.
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || fold == nullptr) return std::string(text);  // ICU's data is part of the library
  // fromUTF8 replaces ill-formed sequences with U+FFFD.
  const auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = fold->normalize(source, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  folded.toUTF8String(out);
  return out;
}

bool is_word(std::string_view text) {
  if (text.empty() || text.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;  // ill-formed
    if (c != '_' && c != '-' && !u_isalnum(c)) return false;
  }
  return true;
}

}  // namespace parley::util
