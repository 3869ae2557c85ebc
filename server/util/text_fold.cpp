#include "util/text_fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

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

}  // namespace parley::util
