#include "mail/mail_format.hpp"

#include "util/base64.hpp"

#include <array>
#include <ctime>

namespace parley::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";

// At most `max` bytes of UTF-8 `text`, not cutting a character.
std::string_view prefix_bytes(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

bool printable_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// Base64 in lines of 76 characters.
std::string base64_lines(std::string_view bytes) {
  const std::string encoded = util::base64_encode(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 38 + 2);
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out.append(encoded, i, 76);
    out += kCrlf;
  }
  return out;
}

// RFC 5322 date-time in UTC: "Mon, 07 Dec 2026 01:02:03 +0000".
std::string date_of(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::array<char, 64> out{};
  const auto n = std::strftime(out.data(), out.size(), "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return std::string(out.data(), n);
}

void part(std::string& out, std::string_view boundary, std::string_view type, std::string_view body) {
  out += "--";
  out += boundary;
  out += kCrlf;
  out += "Content-Type: ";
  out += type;
  out += "; charset=UTF-8";
  out += kCrlf;
  out += "Content-Transfer-Encoding: base64";
  out += kCrlf;
  out += kCrlf;
  out += base64_lines(body);
}

void header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += kCrlf;
}

}  // namespace

std::string address_of(std::string_view mailbox) {
  for (unsigned char c : mailbox) {
    if (c < 0x20 || c == 0x7f) return {};  // a header's line breaks, and other controls
  }
  std::string_view a = mailbox;
  if (const auto open = mailbox.rfind('<'); open != std::string_view::npos) {
    const auto close = mailbox.find('>', open);
    if (close == std::string_view::npos) return {};
    a = mailbox.substr(open + 1, close - open - 1);
  }
  while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
  while (!a.empty() && a.back() == ' ') a.remove_suffix(1);
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return {};
  for (unsigned char c : a) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == ';') return {};
  }
  return std::string(a);
}

std::string header_value(std::string_view value) {
  std::string out(value);
  for (auto& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string encoded_words(std::string_view text) {
  const std::string clean = header_value(text);
  if (printable_ascii(clean)) return clean;
  // 45 bytes of UTF-8 encode to 60 characters: with "=?UTF-8?B?" and "?=" a word stays within 75.
  constexpr std::size_t kChunk = 45;
  std::string out;
  std::string_view rest = clean;
  while (!rest.empty()) {
    auto chunk = prefix_bytes(rest, kChunk);
    if (chunk.empty()) chunk = rest.substr(0, 1);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    out += util::base64_encode(chunk);
    out += "?=";
    rest.remove_prefix(chunk.size());
  }
  return out;
}

std::string render(const MailMessage& message, std::string_view from, std::int64_t date_ms, std::string_view id,
                   std::string_view boundary) {
  const auto sender = address_of(from);
  const auto domain = sender.substr(sender.find('@') + 1);
  std::string out;
  header(out, "From", header_value(from));
  header(out, "To", header_value(message.to));
  header(out, "Subject", encoded_words(message.subject));
  header(out, "Date", date_of(date_ms));
  header(out, "Message-ID", "<" + header_value(id) + "@" + domain + ">");
  header(out, "MIME-Version", "1.0");
  for (const auto& [name, value] : message.headers) header(out, header_value(name), header_value(value));
  if (message.html.empty()) {
    header(out, "Content-Type", "text/plain; charset=UTF-8");
    header(out, "Content-Transfer-Encoding", "base64");
    out += kCrlf;
    out += base64_lines(message.text);
    return out;
  }
  header(out, "Content-Type", "multipart/alternative; boundary=\"" + std::string(boundary) + "\"");
  out += kCrlf;
  part(out, boundary, "text/plain", message.text);
  part(out, boundary, "text/html", message.html);
  out += "--";
  out += boundary;
  out += "--";
  out += kCrlf;
  return out;
}

}  // namespace parley::mail
