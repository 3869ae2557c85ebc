#include "util/emoji.hpp"

#include "util/utf8.hpp"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace parley::util {
namespace {

constexpr std::size_t kMaxEmojiBytes = 64;  // the longest RGI sequences are well under this
constexpr UChar32 kEmojiPresentation = 0xFE0F;

bool is_rgi(const icu::UnicodeString& s) {
  return s.length() > 0 && u_stringHasBinaryProperty(s.getBuffer(), s.length(), UCHAR_RGI_EMOJI) != 0;
}

}  // namespace

std::optional<std::string> normalize_emoji(std::string_view text) {
  if (text.empty() || text.size() > kMaxEmojiBytes || !is_valid_utf8(text)) return std::nullopt;
  const auto s = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (is_rgi(s)) return std::string(text);
  // One code point that is an emoji shown as text by default: with its presentation selector.
  if (s.countChar32() == 1 && u_hasBinaryProperty(s.char32At(0), UCHAR_EMOJI) != 0) {
    icu::UnicodeString with = s;
    with.append(kEmojiPresentation);
    if (is_rgi(with)) {
      std::string out;
      with.toUTF8String(out);
      return out;
    }
  }
  return std::nullopt;
}

bool is_emoji_shortcode(std::string_view text) {
  if (text.size() < 4 || text.size() > 34 || text.front() != ':' || text.back() != ':') return false;
  for (const char c : text.substr(1, text.size() - 2)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace parley::util
