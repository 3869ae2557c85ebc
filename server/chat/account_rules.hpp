// The rules for the email address and display name of an account, so that no two accounts
// look alike: emails are compared in one canonical form (Unicode NFKC with full case folding,
// the domain's trailing dot removed), and text that could pass for something else is refused
// (control, invisible and text-direction characters; local parts or domain labels that mix
// scripts, or imitate a Latin address in another script). AuthService applies them at
// registration and login; the start-up account check (account_check.hpp) applies them to the
// accounts stored before these rules. ICU does the Unicode work.
//
// Threading: pure functions, safe from any thread at once (ICU's normalizer and spoof checker
// are shared, immutable after their first use).
#pragma once

#include "chat/errors.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace parley::chat {

// The form in which an email is stored and looked up: Unicode white space trimmed, NFKC with
// full case folding (ICU's NFKC_Casefold, which also drops default-ignorable characters such
// as zero-width spaces), the domain's trailing dots removed. Idempotent. Never refuses
// anything but text that is not UTF-8 (nullopt): login looks up what it gets.
std::optional<std::string> canonical_email(std::string_view email);

// Registration: the canonical form of `email` when it passes every rule, else kInvalidInput
// with a sentence the person can act on.
Result<std::string> check_email(std::string_view email);

// Registration: `name` without the white space around it when it passes every rule (1 to 64
// characters, none of them control, invisible or text-direction characters), else
// kInvalidInput. Names keep the characters that were typed: they are shown, never compared.
Result<std::string> check_name(std::string_view name);

}  // namespace parley::chat
