#include "util/search_text.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <memory>

namespace parley::util {
namespace {

// Builds the search form a grapheme at a time, keeping where each byte came from when asked.
class Builder {
 public:
  explicit Builder(bool mapped) : mapped_(mapped) { separate(); }

  // One folded grapheme that came from [from, to) of the original.
  void word_part(std::string_view folded, std::uint32_t from, std::uint32_t to) { append(folded, from, to); }
  void standalone(std::string_view folded, std::uint32_t from, std::uint32_t to) {
    separate();
    append(folded, from, to);
    separate();
  }
  void separate() {
    if (out_.text.empty() || out_.text.back() != ' ') append(" ", 0, 0);
  }
  SearchTextMap finish() && {
    separate();
    return std::move(out_);
  }

 private:
  void append(std::string_view bytes, std::uint32_t from, std::uint32_t to) {
    out_.text.append(bytes);
    if (!mapped_) return;
    out_.from.insert(out_.from.end(), bytes.size(), from);
    out_.to.insert(out_.to.end(), bytes.size(), to);
  }

  bool mapped_;
  SearchTextMap out_;
};

bool ascii_word_char(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

void ascii_char(Builder& b, char c, std::uint32_t at) {
  if (!ascii_word_char(static_cast<unsigned char>(c))) {
    b.separate();
    return;
  }
  const char lower = ascii_lower(c);
  b.word_part(std::string_view(&lower, 1), at, at + 1);
}

// Scripts written without spaces between words: each character is a word of its own.
bool unspaced_script(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
    case USCRIPT_BOPOMOFO:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_TIBETAN:
    case USCRIPT_YI:
      return true;
    default:
      return false;
  }
}

bool emoji(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) != 0 ||
         u_hasBinaryProperty(c, UCHAR_REGIONAL_INDICATOR) != 0;
}

bool word_char(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) != 0 || (U_GET_GC_MASK(c) & U_GC_N_MASK) != 0;
}

// Accents of Latin, Greek and Cyrillic letters, and emoji skin tones: left out of the search form.
bool dropped(UChar32 c) { return (c >= 0x300 && c <= 0x36F) || (c >= 0x1F3FB && c <= 0x1F3FF); }

struct Normalizers {
  const icu::Normalizer2* casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  bool ok() const { return casefold != nullptr && nfd != nullptr && nfc != nullptr; }
};

// ICU's singletons, created once and thread-safe to use.
const Normalizers& normalizers() {
  static const Normalizers n = [] {
    UErrorCode status = U_ZERO_ERROR;
    Normalizers made;
    made.casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    made.nfd = icu::Normalizer2::getNFDInstance(status);
    made.nfc = icu::Normalizer2::getNFCInstance(status);
    return U_FAILURE(status) ? Normalizers{} : made;
  }();
  return n;
}

// Whether a grapheme of the one code point `c` is its own folded form (no case folding or
// compatibility mapping, no decomposition): most characters of scripts without case or
// accents (CJK, Thai, ...), which then skip the normalizers.
bool folds_to_itself(UChar32 c) {
  const auto& n = normalizers();
  icu::UnicodeString mapping;
  return n.ok() && !dropped(c) && !n.casefold->getDecomposition(c, mapping) && !n.nfd->getDecomposition(c, mapping);
}

// The folded form of one grapheme.
icu::UnicodeString fold(const icu::UnicodeString& grapheme) {
  const auto& n = normalizers();
  if (!n.ok()) return grapheme;
  const icu::Normalizer2* casefold = n.casefold;
  const icu::Normalizer2* nfd = n.nfd;
  const icu::Normalizer2* nfc = n.nfc;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = casefold->normalize(grapheme, status);
  if (U_FAILURE(status)) return grapheme;
  bool plain = true;
  for (int32_t i = 0; i < folded.length(); ++i)
    plain = plain && folded.charAt(i) < 0xC0;  // below the first letter NFD decomposes
  if (plain) return folded;
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) return folded;
  icu::UnicodeString kept;
  bool any_dropped = false;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (dropped(c)) {
      any_dropped = true;
    } else {
      kept.append(c);
    }
    i += U16_LENGTH(c);
  }
  if (!any_dropped) return folded;
  icu::UnicodeString composed = nfc->normalize(kept, status);
  return U_FAILURE(status) ? kept : composed;
}

icu::BreakIterator* graphemes() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) made.reset();
    return made;
  }();
  return it.get();
}

SearchTextMap build(std::string_view text, bool mapped) {
  Builder b(mapped);
  bool ascii = true;
  for (const char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    for (std::size_t i = 0; i < text.size(); ++i) ascii_char(b, text[i], static_cast<std::uint32_t>(i));
    return std::move(b).finish();
  }
  const auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::BreakIterator* it = graphemes();
  if (it == nullptr) return std::move(b).finish();
  it->setText(source);
  std::string piece;
  for (int32_t start = it->first(), end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    const auto from = static_cast<std::uint32_t>(start);
    const auto to = static_cast<std::uint32_t>(end);
    if (end - start == 1 && source.charAt(start) < 0x80) {
      ascii_char(b, static_cast<char>(source.charAt(start)), from);
      continue;
    }
    const UChar32 single = source.char32At(start);
    const bool one_code_point = end - start == U16_LENGTH(single);
    const icu::UnicodeString folded = one_code_point && folds_to_itself(single)
                                          ? icu::UnicodeString(single)
                                          : fold(source.tempSubString(start, end - start));
    if (folded.isEmpty()) continue;  // default ignorables (soft hyphen, joiners alone)
    const UChar32 first = folded.char32At(0);
    piece.clear();
    folded.toUTF8String(piece);
    if (emoji(first) || (word_char(first) && unspaced_script(first))) {
      b.standalone(piece, from, to);
    } else if (word_char(first)) {
      b.word_part(piece, from, to);
    } else {
      b.separate();
    }
  }
  return std::move(b).finish();
}

}  // namespace

std::string search_text(std::string_view text) { return build(text, false).text; }

SearchTextMap search_text_map(std::string_view text) { return build(text, true); }

std::vector<std::string> search_words(std::string_view text) {
  const std::string form = search_text(text);
  std::vector<std::string> words;
  std::size_t start = 1;
  while (start < form.size()) {
    const auto end = form.find(' ', start);
    if (end == std::string::npos || end == start) break;
    std::string word = form.substr(start, end - start);
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
    start = end + 1;
  }
  return words;
}

bool has_link(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto starts = [&](std::string_view prefix) {
      if (text.size() - i < prefix.size()) return false;
      for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (ascii_lower(text[i + k]) != prefix[k]) return false;
      }
      return true;
    };
    const bool at_word_start = i == 0 || !ascii_word_char(static_cast<unsigned char>(text[i - 1]));
    if (at_word_start && (starts("http://") || starts("https://") || starts("www."))) return true;
  }
  return false;
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::size_t utf16_length(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u & 0xC0) != 0x80) n += u >= 0xF0 ? 2 : 1;
  }
  return n;
}

}  // namespace parley::util
