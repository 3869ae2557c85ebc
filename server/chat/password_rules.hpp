// The rules for a new password: 8 to 256 characters, not only white space, and not one of the
// most common passwords (common_passwords.txt, built into the binary; compared after NFKC with
// case folding, so "PassWord1" and its full-width spelling count as "password1"). AuthService
// applies them at registration; the web client mirrors them with the same list and wording.
//
// Threading: pure functions, safe from any thread at once (the list is read once, on first
// use, and never changes).
#pragma once

#include "chat/errors.hpp"

#include <string_view>

namespace parley::chat {

// The message of a refused common password; the web client shows the same words.
inline constexpr std::string_view kCommonPasswordMessage =
    "This password is too common. Choose one that is harder to guess.";

// Nothing when `password` (valid UTF-8) may be used for a new account, else kInvalidInput.
Result<void> check_new_password(std::string_view password);

// True when `password` is on the built-in list of common passwords, in any letter case.
bool is_common_password(std::string_view password);

// The text of common_passwords.txt, generated into the build (cmake/embed_text.cmake).
extern const std::string_view kCommonPasswordsText;

}  // namespace parley::chat
