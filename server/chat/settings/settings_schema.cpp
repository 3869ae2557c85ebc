// Settings documents' rules: a table of the members each object may have, checked recursively,
// then the rules that tie members together (a background's kind and what it needs, bubble
// colours readable on each other).
#include "chat/settings/settings_schema.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <span>

namespace parley::chat::settings {

namespace json = boost::json;

namespace {

enum class Kind { kObject, kChoice, kName, kColour, kBoolean, kInteger, kLocale, kId };

struct Member {
  std::string_view key;
  Kind kind;
  std::span<const std::string_view> choices = {};  // kChoice
  std::int64_t min = 0, max = 0;                   // kInteger
  std::span<const Member> members = {};            // kObject
};

constexpr std::array<std::string_view, 5> kThemes{"system", "light", "dark", "high-contrast", "custom"};
constexpr std::array<std::string_view, 3> kBases{"light", "dark", "system"};
constexpr std::array<std::string_view, 5> kFontSizes{"xs", "s", "m", "l", "xl"};
constexpr std::array<std::string_view, 2> kDensities{"comfortable", "compact"};
constexpr std::array<std::string_view, 3> kTimeFormats{"auto", "12h", "24h"};
constexpr std::array<std::string_view, 3> kBackgroundKinds{"none", "preset", "image"};

constexpr std::array<Member, 5> kBackground{{
    {"kind", Kind::kChoice, kBackgroundKinds},
    {"preset", Kind::kName},
    {"fileId", Kind::kId},
    {"blur", Kind::kInteger, {}, 0, 20},
    {"dim", Kind::kInteger, {}, 0, 80},
}};

constexpr std::array<Member, 4> kBubbles{{
    {"own", Kind::kColour},
    {"ownText", Kind::kColour},
    {"other", Kind::kColour},
    {"otherText", Kind::kColour},
}};

constexpr std::array<Member, 8> kAppearance{{
    {"theme", Kind::kChoice, kThemes},
    {"accent", Kind::kColour},
    {"customBase", Kind::kChoice, kBases},
    {"scheme", Kind::kName},
    {"bubbles", Kind::kObject, {}, 0, 0, kBubbles},
    {"fontSize", Kind::kChoice, kFontSizes},
    {"density", Kind::kChoice, kDensities},
    {"background", Kind::kObject, {}, 0, 0, kBackground},
}};

constexpr std::array<Member, 2> kChats{{
    {"enterToSend", Kind::kBoolean},
    {"timeFormat", Kind::kChoice, kTimeFormats},
}};

constexpr std::array<Member, 5> kSounds{{
    {"muted", Kind::kBoolean},
    {"volume", Kind::kInteger, {}, 0, 100},
    {"message", Kind::kName},
    {"mention", Kind::kName},
    {"call", Kind::kName},
}};

constexpr std::array<Member, 1> kLanguage{{{"locale", Kind::kLocale}}};

constexpr std::array<Member, 4> kGlobal{{
    {"appearance", Kind::kObject, {}, 0, 0, kAppearance},
    {"chats", Kind::kObject, {}, 0, 0, kChats},
    {"sounds", Kind::kObject, {}, 0, 0, kSounds},
    {"language", Kind::kObject, {}, 0, 0, kLanguage},
}};

constexpr std::array<Member, 2> kChatSounds{{
    {"message", Kind::kName},
    {"muted", Kind::kBoolean},
}};

constexpr std::array<Member, 2> kChat{{
    {"background", Kind::kObject, {}, 0, 0, kBackground},
    {"sounds", Kind::kObject, {}, 0, 0, kChatSounds},
}};

util::Failure<Error> wrong(const std::string& path, std::string_view rule) {
  return fail(Errc::kInvalidInput, path + ": " + std::string(rule));
}

bool is_name(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_colour(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (char c : s.substr(1)) {
    if (!is_hex(c)) return false;
  }
  return true;
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// "auto", or a BCP 47 tag's shape: a language of 2 or 3 letters, then subtags of 1 to 8
// letters and digits ("es", "pt-BR", "zh-Hant-TW").
bool is_locale(std::string_view s) {
  if (s == "auto") return true;
  if (s.size() > 35) return false;
  std::size_t i = 0;
  while (i < s.size() && is_alpha(s[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    const std::size_t start = ++i;
    while (i < s.size() && is_alnum(s[i])) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

// A file's id as the uploads make them: letters, digits and dashes, at most 64.
bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

std::string join(std::span<const std::string_view> choices) {
  std::string out;
  for (auto c : choices) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

Result<void> check_object(const json::object& o, std::span<const Member> members, const std::string& path);

Result<void> check_member(const json::value& v, const Member& m, const std::string& path) {
  switch (m.kind) {
    case Kind::kObject:
      if (!v.is_object()) return wrong(path, "must be an object");
      return check_object(v.get_object(), m.members, path);
    case Kind::kBoolean:
      if (!v.is_bool()) return wrong(path, "must be true or false");
      return {};
    case Kind::kInteger: {
      if (!v.is_int64() && !v.is_uint64()) return wrong(path, "must be a whole number");
      if (v.is_uint64() && v.get_uint64() > static_cast<std::uint64_t>(m.max)) {
        return wrong(path, "must be from " + std::to_string(m.min) + " to " + std::to_string(m.max));
      }
      const std::int64_t n = v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(v.get_uint64());
      if (n < m.min || n > m.max) {
        return wrong(path, "must be from " + std::to_string(m.min) + " to " + std::to_string(m.max));
      }
      return {};
    }
    default:
      break;
  }
  if (!v.is_string()) return wrong(path, "must be a string");
  const std::string_view s = v.get_string();
  switch (m.kind) {
    case Kind::kChoice:
      for (auto c : m.choices) {
        if (s == c) return {};
      }
      return wrong(path, "must be one of " + join(m.choices));
    case Kind::kName:
      if (!is_name(s)) return wrong(path, "must be a name of 1 to 32 lowercase letters, digits and dashes");
      return {};
    case Kind::kColour:
      if (!is_colour(s)) return wrong(path, "must be a colour written #rrggbb");
      return {};
    case Kind::kLocale:
      if (!is_locale(s)) return wrong(path, "must be auto or a language tag such as es or pt-BR");
      return {};
    case Kind::kId:
      if (!is_id(s)) return wrong(path, "must be a file's id");
      return {};
    default:
      return {};
  }
}

Result<void> check_object(const json::object& o, std::span<const Member> members, const std::string& path) {
  for (const auto& [key, value] : o) {
    const std::string at = path.empty() ? std::string(key) : path + "." + std::string(key);
    const Member* found = nullptr;
    for (const auto& m : members) {
      if (m.key == std::string_view(key)) found = &m;
    }
    if (!found) return wrong(at, "is not a setting");
    if (auto r = check_member(value, *found, at); !r) return r;
  }
  return {};
}

std::string_view text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

const json::object* object_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

Result<void> check_background(const json::object& b, const std::string& path) {
  const std::string_view kind = text_of(b, "kind");
  if (kind.empty()) return wrong(path + ".kind", "is needed: none, preset or image");
  const bool preset = b.contains("preset");
  const bool image = b.contains("fileId") || b.contains("blur") || b.contains("dim");
  if (kind == "preset" && !preset) return wrong(path + ".preset", "is needed for a preset background");
  if (kind == "image" && !b.contains("fileId")) return wrong(path + ".fileId", "is needed for an image background");
  if (kind != "preset" && preset) return wrong(path + ".preset", "is only for a preset background");
  if (kind != "image" && image) return wrong(path, "fileId, blur and dim are only for an image background");
  return {};
}

// The ratio, rounded down to a tenth, as people read it ("4.4:1", never "4.5:1" for 4.47).
std::string ratio_text(double r) {
  const auto tenths = static_cast<long>(std::floor(r * 10));
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + ":1";
}

Result<void> check_bubbles(const json::object& b, const std::string& path) {
  for (auto key : {"own", "ownText", "other", "otherText"}) {
    if (!b.contains(key)) return wrong(path, "own, ownText, other and otherText are given together");
  }
  const double own = contrast_ratio(text_of(b, "own"), text_of(b, "ownText"));
  if (own < kMinTextContrast) {
    return wrong(path, "the text on your bubbles has a contrast of " + ratio_text(own) +
                           " with them; at least 4.5:1 is needed to read it");
  }
  const double other = contrast_ratio(text_of(b, "other"), text_of(b, "otherText"));
  if (other < kMinTextContrast) {
    return wrong(path, "the text on others' bubbles has a contrast of " + ratio_text(other) +
                           " with them; at least 4.5:1 is needed to read it");
  }
  return {};
}

double channel(int c) {
  const double s = c / 255.0;
  return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

double luminance(std::string_view colour) {
  const auto at = [&](std::size_t i) { return hex_value(colour[i]) * 16 + hex_value(colour[i + 1]); };
  return 0.2126 * channel(at(1)) + 0.7152 * channel(at(3)) + 0.0722 * channel(at(5));
}

}  // namespace

json::value merge_patch(json::value target, const json::value& patch) {
  if (!patch.is_object()) return patch;
  if (!target.is_object()) target = json::object();
  auto& out = target.get_object();
  for (const auto& [key, value] : patch.get_object()) {
    if (value.is_null()) {
      out.erase(key);
      continue;
    }
    json::value* existing = out.if_contains(key);
    json::value merged = merge_patch(existing ? std::move(*existing) : json::value(), value);
    if (merged.is_object() && merged.get_object().empty()) {
      out.erase(key);
    } else {
      out[key] = std::move(merged);
    }
  }
  return target;
}

Result<void> check(const json::object& document, Scope scope) {
  if (auto r = check_object(document, scope == Scope::kGlobal ? std::span<const Member>(kGlobal) : kChat, ""); !r) {
    return r;
  }
  const json::object* holder = scope == Scope::kGlobal ? object_at(document, "appearance") : &document;
  const std::string prefix = scope == Scope::kGlobal ? "appearance." : "";
  if (holder) {
    if (const auto* b = object_at(*holder, "background")) {
      if (auto r = check_background(*b, prefix + "background"); !r) return r;
    }
    if (const auto* b = object_at(*holder, "bubbles")) {
      if (auto r = check_bubbles(*b, prefix + "bubbles"); !r) return r;
    }
  }
  return {};
}

double contrast_ratio(std::string_view a, std::string_view b) {
  if (!is_colour(a) || !is_colour(b)) return 1;
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::vector<std::string> files_of(const json::object& document) {
  const json::object* holder = object_at(document, "appearance");
  if (!holder) holder = &document;
  const auto* b = object_at(*holder, "background");
  if (!b || text_of(*b, "kind") != "image") return {};
  const std::string_view id = text_of(*b, "fileId");
  if (id.empty()) return {};
  return {std::string(id)};
}

}  // namespace parley::chat::settings
