#include "chat/account_rules.hpp"

#include "util/utf8.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace parley::chat {
namespace {

using icu::UnicodeString;

// ICU's data ships with the library; failing to load it is a broken installation, not input.
[[noreturn]] void icu_broken(const char* what, UErrorCode status) {
  spdlog::critical("ICU: {} failed: {}", what, u_errorName(status));
  std::abort();
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const auto* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || n == nullptr) icu_broken("NFKC_Casefold", status);
    return n;
  }();
  return *instance;
}

// Refuses mixtures of scripts that a reader takes for one (Latin with Cyrillic or Greek:
// "moderately restrictive" in Unicode TS #39 terms; Latin with Han, Kana or Hangul stays
// allowed), digits of several numbering systems, and marks stacked or hidden on a letter.
struct SpoofCheckerDeleter {
  void operator()(USpoofChecker* sc) const { uspoof_close(sc); }
};
const USpoofChecker& spoof_checker() {
  static const std::unique_ptr<USpoofChecker, SpoofCheckerDeleter> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, SpoofCheckerDeleter> sc(uspoof_open(&status));
    uspoof_setChecks(
        sc.get(), USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE | USPOOF_HIDDEN_OVERLAY, &status);
    uspoof_setRestrictionLevel(sc.get(), USPOOF_MODERATELY_RESTRICTIVE);
    if (U_FAILURE(status)) icu_broken("uspoof_open", status);
    return sc;
  }();
  return *instance;
}

std::string code_point_name(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// Characters that are not seen, or that change how the text around them is shown: controls
// (C0, DEL, C1), format characters (zero-width spaces and joiners, word joiner, BOM, soft
// hyphen, tags), text-direction controls and marks, line and paragraph separators, and
// everything else Unicode calls default-ignorable. Names may keep variation selectors, which
// pick how the emoji before them is drawn.
bool hides_or_reorders(UChar32 c, bool allow_variation_selectors) {
  const auto type = u_charType(c);
  if (type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR) {
    return true;
  }
  if (u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)) return true;
  if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    return !(allow_variation_selectors && u_hasBinaryProperty(c, UCHAR_VARIATION_SELECTOR));
  }
  return false;
}

// The first character of `text` that hides_or_reorders(), if any.
std::optional<UChar32> first_hidden(const UnicodeString& text, bool allow_variation_selectors) {
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    if (hides_or_reorders(c, allow_variation_selectors)) return c;
  }
  return std::nullopt;
}

UnicodeString trim_white_space(const UnicodeString& s) {
  int32_t begin = 0;
  int32_t end = s.length();
  while (begin < end && u_isUWhiteSpace(s.char32At(begin))) begin = s.moveIndex32(begin, 1);
  while (end > begin) {
    const int32_t prev = s.moveIndex32(end, -1);
    if (!u_isUWhiteSpace(s.char32At(prev))) break;
    end = prev;
  }
  return UnicodeString(s, begin, end - begin);
}

bool has_white_space(const UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    if (u_isUWhiteSpace(s.char32At(i))) return true;
  }
  return false;
}

// NFKC_Casefold, then white space trimmed. The domain's trailing dots stay for the caller.
UnicodeString fold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const UnicodeString in = UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UnicodeString out = nfkc_casefold().normalize(in, status);
  if (U_FAILURE(status)) icu_broken("normalize", status);
  // Trimming can uncover nothing NFKC_Casefold would change: white space is stable under it.
  return trim_white_space(out);
}

std::string to_utf8(const UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool is_ascii(const UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); ++i) {
    if (s.charAt(i) > 0x7F) return false;
  }
  return true;
}

// A part of an address (the local part, or one label of the domain) that could pass for
// another: mixed scripts (uspoof), or written wholly in a script other than Latin with
// letters that each look like a Latin one, so that the whole reads as a Latin address
// ("аррlе" in Cyrillic). Parts wholly in another script that do not read as Latin pass.
bool looks_like_another(const UnicodeString& part) {
  if (is_ascii(part)) return false;
  const USpoofChecker& sc = spoof_checker();
  UErrorCode status = U_ZERO_ERROR;
  const int32_t failed = uspoof_check2UnicodeString(&sc, part, nullptr, &status);
  if (U_FAILURE(status)) icu_broken("uspoof_check2", status);
  if (failed != 0) return true;
  for (int32_t i = 0; i < part.length(); i = part.moveIndex32(i, 1)) {
    if (uscript_getScript(part.char32At(i), &status) == USCRIPT_LATIN) return false;  // Latin wins
  }
  UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(&sc, 0, part, skeleton, &status);
  if (U_FAILURE(status)) icu_broken("uspoof_getSkeleton", status);
  return is_ascii(skeleton);
}

std::vector<UnicodeString> split(const UnicodeString& s, char16_t separator) {
  std::vector<UnicodeString> parts;
  int32_t start = 0;
  for (int32_t i = 0; i <= s.length(); ++i) {
    if (i == s.length() || s.charAt(i) == separator) {
      parts.emplace_back(s, start, i - start);
      start = i + 1;
    }
  }
  return parts;
}

constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321's limit on a path, less its brackets

}  // namespace

std::optional<std::string> canonical_email(std::string_view email) {
  if (!util::is_valid_utf8(email)) return std::nullopt;
  UnicodeString folded = fold(email);
  while (folded.endsWith(UnicodeString(u'.')) && folded.indexOf(u'@') >= 0) folded.truncate(folded.length() - 1);
  return to_utf8(folded);
}

Result<std::string> check_email(std::string_view email) {
  static constexpr std::string_view kNotAnEmail = "email must be a valid email address";
  if (!util::is_valid_utf8(email)) return fail(Errc::kInvalidInput, "Text must be valid UTF-8");
  const auto raw = UnicodeString::fromUTF8(icu::StringPiece(email.data(), static_cast<int32_t>(email.size())));
  if (const auto c = first_hidden(trim_white_space(raw), false)) {
    return fail(Errc::kInvalidInput,
                "Remove the invisible or control character (" + code_point_name(*c) + ") from the email.");
  }
  UnicodeString folded = fold(email);
  if (folded.endsWith(UnicodeString(u'.'))) folded.truncate(folded.length() - 1);  // "a@example.com."
  const auto at = folded.indexOf(u'@');
  if (at <= 0 || folded.indexOf(u'@', at + 1) >= 0 || has_white_space(folded)) {
    return fail(Errc::kInvalidInput, std::string(kNotAnEmail));
  }
  const UnicodeString local(folded, 0, at);
  const UnicodeString domain(folded, at + 1);
  const auto labels = split(domain, u'.');
  if (labels.size() < 2) return fail(Errc::kInvalidInput, std::string(kNotAnEmail));
  for (const auto& label : labels) {
    if (label.isEmpty()) return fail(Errc::kInvalidInput, std::string(kNotAnEmail));
  }
  std::string canonical = to_utf8(folded);
  if (canonical.size() > kMaxEmailBytes) return fail(Errc::kInvalidInput, std::string(kNotAnEmail));
  if (looks_like_another(local)) {
    return fail(Errc::kInvalidInput,
                "The part of the email before @ mixes letters of different scripts or imitates Latin letters "
                "(such as a Cyrillic \"а\" for a Latin \"a\"). Type it in one script.");
  }
  for (const auto& label : labels) {
    if (looks_like_another(label)) {
      return fail(Errc::kInvalidInput,
                  "The email's domain mixes letters of different scripts or imitates Latin letters "
                  "(such as a Cyrillic \"а\" for a Latin \"a\"). Type it in one script.");
    }
  }
  return canonical;
}

Result<std::string> check_name(std::string_view name) {
  if (!util::is_valid_utf8(name)) return fail(Errc::kInvalidInput, "Text must be valid UTF-8");
  const auto trimmed =
      trim_white_space(UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))));
  const auto length = trimmed.countChar32();
  if (length < 1 || length > 64) return fail(Errc::kInvalidInput, "name must be 1 to 64 characters");
  if (const auto c = first_hidden(trimmed, true)) {
    return fail(Errc::kInvalidInput,
                "Remove the invisible or control character (" + code_point_name(*c) + ") from the name.");
  }
  return to_utf8(trimmed);
}

}  // namespace parley::chat
