#include "chat/password_rules.hpp"

#include "util/utf8.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdlib>
#include <string>
#include <unordered_set>

namespace parley::chat {
namespace {

using icu::UnicodeString;

// The list's lines as a set, built on first use; comment lines start with '#'.
const std::unordered_set<std::string_view>& common_passwords() {
  static const auto set = [] {
    std::unordered_set<std::string_view> s;
    std::string_view rest = kCommonPasswordsText;
    while (!rest.empty()) {
      const auto eol = rest.find('\n');
      const auto line = rest.substr(0, eol);
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
      if (!line.empty() && line.front() != '#') s.insert(line);
    }
    return s;
  }();
  return set;
}

bool only_white_space(const UnicodeString& s) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    if (!u_isUWhiteSpace(s.char32At(i))) return false;
  }
  return true;
}

}  // namespace

bool is_common_password(std::string_view password) {
  UErrorCode status = U_ZERO_ERROR;
  const auto* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) std::abort();  // ICU's data is part of the library: a broken installation
  const auto in = UnicodeString::fromUTF8(icu::StringPiece(password.data(), static_cast<int32_t>(password.size())));
  UnicodeString folded = fold->normalize(in, status);
  if (U_FAILURE(status)) std::abort();
  folded.trim();  // "password " is as easy to guess as "password"
  std::string key;
  folded.toUTF8String(key);
  return common_passwords().contains(key);
}

Result<void> check_new_password(std::string_view password) {
  if (!util::is_valid_utf8(password)) return fail(Errc::kInvalidInput, "Text must be valid UTF-8");
  const auto length = util::utf8_length(password);
  if (length < 8 || length > 256) return fail(Errc::kInvalidInput, "password must be 8 to 256 characters");
  if (only_white_space(
          UnicodeString::fromUTF8(icu::StringPiece(password.data(), static_cast<int32_t>(password.size()))))) {
    return fail(Errc::kInvalidInput, "The password cannot be only spaces. Use letters, digits or symbols too.");
  }
  if (is_common_password(password)) return fail(Errc::kInvalidInput, std::string(kCommonPasswordMessage));
  return {};
}

}  // namespace parley::chat
