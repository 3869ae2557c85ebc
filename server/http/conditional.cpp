#include "http/conditional.hpp"

#include <boost/beast/http/field.hpp>

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <ctime>

namespace parley::http {

namespace bhttp = boost::beast::http;

namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads an unsigned decimal number of at most 19 digits at the front of `s`.
std::optional<std::uint64_t> take_number(std::string_view& s) {
  std::size_t n = 0;
  while (n < s.size() && n < 19 && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0 || (n < s.size() && s[n] >= '0' && s[n] <= '9')) return std::nullopt;
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + n, v);
  s.remove_prefix(n);
  return v;
}

bool take(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

std::optional<int> take_month(std::string_view& s) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (take(s, kMonths[i])) return static_cast<int>(i);
  }
  return std::nullopt;
}

// "HH:MM:SS"
bool take_time(std::string_view& s, std::tm& tm) {
  auto h = take_number(s);
  if (!h || !take(s, ":")) return false;
  auto m = take_number(s);
  if (!m || !take(s, ":")) return false;
  auto sec = take_number(s);
  if (!sec || *h > 23 || *m > 59 || *sec > 60) return false;
  tm.tm_hour = static_cast<int>(*h);
  tm.tm_min = static_cast<int>(*m);
  tm.tm_sec = static_cast<int>(*sec);
  return true;
}

std::optional<std::int64_t> to_epoch(std::tm& tm, std::uint64_t day, std::uint64_t year) {
  if (day < 1 || day > 31 || year < 1900 || year > 9999) return std::nullopt;
  tm.tm_mday = static_cast<int>(day);
  tm.tm_year = static_cast<int>(year) - 1900;
  return static_cast<std::int64_t>(timegm(&tm));
}

// The entity-tags of a list, one at a time: `W/"x"` or `"x"`.
bool next_tag(std::string_view& list, std::string_view& tag) {
  list = trim(list);
  while (list.starts_with(',')) list = trim(list.substr(1));
  if (list.empty()) return false;
  std::size_t start = list.starts_with("W/") ? 2 : 0;
  if (start >= list.size() || list[start] != '"') {
    tag = list.substr(0, list.find(','));
    list.remove_prefix(tag.size());
    return true;
  }
  const auto close = list.find('"', start + 1);
  const std::size_t end = close == std::string_view::npos ? list.size() : close + 1;
  tag = list.substr(0, end);
  list.remove_prefix(end);
  return true;
}

bool is_weak(std::string_view tag) { return tag.starts_with("W/"); }
std::string_view opaque(std::string_view tag) { return is_weak(tag) ? tag.substr(2) : tag; }

}  // namespace

bool etag_list_matches(std::string_view list, std::string_view etag, bool weak) {
  list = trim(list);
  if (etag.empty()) return false;
  if (list == "*") return true;
  std::string_view tag;
  while (next_tag(list, tag)) {
    if (weak) {
      if (opaque(tag) == opaque(etag)) return true;
    } else if (!is_weak(tag) && !is_weak(etag) && tag == etag) {
      return true;
    }
  }
  return false;
}

std::string http_date(std::int64_t epoch_seconds) {
  const auto t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[static_cast<std::size_t>(tm.tm_wday)],
                     tm.tm_mday, kMonths[static_cast<std::size_t>(tm.tm_mon)], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

std::optional<std::int64_t> parse_http_date(std::string_view s) {
  s = trim(s);
  std::tm tm{};
  const auto comma = s.find(',');
  if (comma != std::string_view::npos) {
    s.remove_prefix(comma + 1);
    if (!take(s, " ")) return std::nullopt;
    auto day = take_number(s);
    if (!day) return std::nullopt;
    if (take(s, " ")) {  // IMF-fixdate: 06 Nov 1994 08:49:37 GMT
      auto month = take_month(s);
      if (!month || !take(s, " ")) return std::nullopt;
      auto year = take_number(s);
      if (!year || !take(s, " ") || !take_time(s, tm) || s != " GMT") return std::nullopt;
      tm.tm_mon = *month;
      return to_epoch(tm, *day, *year);
    }
    if (!take(s, "-")) return std::nullopt;  // RFC 850: 06-Nov-94 08:49:37 GMT
    auto month = take_month(s);
    if (!month || !take(s, "-")) return std::nullopt;
    auto year = take_number(s);
    if (!year || *year > 99 || !take(s, " ") || !take_time(s, tm) || s != " GMT") return std::nullopt;
    tm.tm_mon = *month;
    // Two-digit years: the RFC reads one more than 50 years ahead as the past century.
    return to_epoch(tm, *day, *year < 70 ? 2000 + *year : 1900 + *year);
  }
  // asctime: Sun Nov  6 08:49:37 1994
  if (s.size() < 4 || s[3] != ' ') return std::nullopt;
  s.remove_prefix(4);
  auto month = take_month(s);
  if (!month || !take(s, " ")) return std::nullopt;
  take(s, " ");
  auto day = take_number(s);
  if (!day || !take(s, " ") || !take_time(s, tm) || !take(s, " ")) return std::nullopt;
  auto year = take_number(s);
  if (!year || !s.empty()) return std::nullopt;
  tm.tm_mon = *month;
  return to_epoch(tm, *day, *year);
}

std::optional<ByteRange> parse_range(std::string_view field, std::uint64_t size) {
  field = trim(field);
  if (!take(field, "bytes=")) return std::nullopt;
  field = trim(field);
  if (field.find(',') != std::string_view::npos) return std::nullopt;
  if (take(field, "-")) {  // the last N bytes
    auto n = take_number(field);
    if (!n || !trim(field).empty()) return std::nullopt;
    if (*n == 0 || size == 0) return ByteRange{size, 0, false};
    const auto len = std::min(*n, size);
    return ByteRange{size - len, len, true};
  }
  auto first = take_number(field);
  if (!first || !take(field, "-")) return std::nullopt;
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!trim(field).empty()) {
    auto l = take_number(field);
    if (!l || !trim(field).empty() || *l < *first) return std::nullopt;
    last = std::min(last, *l);
  }
  if (*first >= size) return ByteRange{size, 0, false};
  return ByteRange{*first, last - *first + 1, true};
}

Selection select_representation(const bhttp::request_header<>& req, std::string_view etag,
                                std::optional<std::int64_t> last_modified, std::uint64_t size) {
  const bool get_or_head = req.method() == bhttp::verb::get || req.method() == bhttp::verb::head;
  const Selection whole{200, 0, size};

  const auto if_match = req[bhttp::field::if_match];
  if (!if_match.empty()) {
    if (!etag_list_matches(if_match, etag, false)) return {412, 0, 0};
  } else if (auto since = parse_http_date(req[bhttp::field::if_unmodified_since]); since && last_modified) {
    if (*last_modified > *since) return {412, 0, 0};
  }

  const auto if_none_match = req[bhttp::field::if_none_match];
  if (!if_none_match.empty()) {
    if (etag_list_matches(if_none_match, etag, true)) return {get_or_head ? 304u : 412u, 0, 0};
  } else if (get_or_head && last_modified) {
    if (auto since = parse_http_date(req[bhttp::field::if_modified_since]); since && *last_modified <= *since) {
      return {304, 0, 0};
    }
  }

  if (req.method() != bhttp::verb::get) return whole;
  const auto range_field = req[bhttp::field::range];
  if (range_field.empty()) return whole;
  const auto if_range = trim(req[bhttp::field::if_range]);
  if (!if_range.empty()) {
    if (if_range.starts_with('"') || if_range.starts_with("W/")) {
      if (!etag_list_matches(if_range, etag, false)) return whole;
    } else {
      auto date = parse_http_date(if_range);
      if (!date || !last_modified || *date != *last_modified) return whole;
    }
  }
  auto range = parse_range(range_field, size);
  if (!range) return whole;
  if (!range->satisfiable) return {416, 0, 0};
  return {206, range->offset, range->length};
}

}  // namespace parley::http
