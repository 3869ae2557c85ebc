#include "chat/search/search_match.hpp"

#include "util/search_text.hpp"

#include <algorithm>
#include <optional>

namespace parley::chat {
namespace {

// The byte offset of every code point of UTF-8 `text` by its UTF-16 offset, and the end.
struct Utf16Index {
  std::vector<std::uint32_t> unit;  // UTF-16 offset of each code point, then the length
  std::vector<std::size_t> byte;    // its byte offset, then text.size()

  explicit Utf16Index(std::string_view text) {
    std::uint32_t u = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) == 0x80) continue;
      unit.push_back(u);
      byte.push_back(i);
      u += c >= 0xF0 ? 2 : 1;
    }
    unit.push_back(u);
    byte.push_back(text.size());
  }
  std::uint32_t length() const { return unit.back(); }
  // The byte offset of the code point at or before UTF-16 offset `u` (never inside a pair).
  std::size_t byte_at(std::uint32_t u) const {
    const auto it = std::upper_bound(unit.begin(), unit.end(), u);
    return byte[static_cast<std::size_t>(it - unit.begin()) - 1];
  }
  std::uint32_t unit_at_or_before(std::uint32_t u) const {
    const auto it = std::upper_bound(unit.begin(), unit.end(), u);
    return *(it - 1);
  }
};

std::vector<TextRange> merged(std::vector<TextRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const TextRange& a, const TextRange& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
  std::vector<TextRange> out;
  for (const auto& r : ranges) {
    if (r.end <= r.start) continue;
    if (!out.empty() && r.start <= out.back().end) {
      out.back().end = std::max(out.back().end, r.end);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

void snippet_of(std::string_view content, SearchMatch& m) {
  const Utf16Index index(content);
  const std::uint32_t length = index.length();
  std::uint32_t start = 0;
  std::uint32_t end = length;
  if (length > kSnippetUnits) {
    const std::uint32_t first = m.highlights.empty() ? 0 : m.highlights.front().start;
    start = first > kSnippetUnits / 3 ? first - kSnippetUnits / 3 : 0;
    end = std::min(length, start + kSnippetUnits);
    if (end - start < kSnippetUnits) start = end - kSnippetUnits;
    // Cut at spaces near the edges when there are some, never inside a surrogate pair.
    const auto near_space = [&](std::uint32_t from, std::uint32_t to) -> std::optional<std::uint32_t> {
      for (std::uint32_t u = from; u < to && u < length; ++u) {
        const auto b = index.byte_at(u);
        if (content[b] == ' ' && index.unit_at_or_before(u) == u) return u;
      }
      return std::nullopt;
    };
    if (start > 0) {
      if (auto s = near_space(start, std::min(start + 20, first))) start = *s + 1;
    }
    if (end < length && end > 20) {
      std::optional<std::uint32_t> last;
      for (std::uint32_t u = end - 20; u < end; ++u) {
        if (auto s = near_space(u, u + 1)) last = s;
      }
      if (last && *last > start) end = *last;
    }
    start = index.unit_at_or_before(start);
    end = index.unit_at_or_before(end);
  }
  const bool cut_before = start > 0;
  const bool cut_after = end < length;
  const std::size_t from_byte = index.byte_at(start);
  const std::size_t to_byte = index.byte_at(end);
  std::string text;
  if (cut_before) text += "\u2026";
  text.append(content.substr(from_byte, to_byte - from_byte));
  if (cut_after) text += "\u2026";
  std::replace(text.begin(), text.end(), '\n', ' ');
  m.snippet = std::move(text);
  const std::uint32_t shift = cut_before ? 1 : 0;
  for (const auto& h : m.highlights) {
    const std::uint32_t s = std::max(h.start, start);
    const std::uint32_t e = std::min(h.end, end);
    if (s < e) m.snippet_highlights.push_back(TextRange{s - start + shift, e - start + shift});
  }
}

}  // namespace

SearchMatch match_text(std::string_view content, const std::vector<SearchTerm>& terms) {
  const auto map = util::search_text_map(content);
  const std::string& form = map.text;
  SearchMatch m;
  std::vector<TextRange> ranges;
  for (const auto& term : terms) {
    const std::string& p = term.pattern;
    if (p.empty()) continue;
    const std::size_t lead = p.front() == ' ' ? 1 : 0;
    const std::size_t trail = p.size() > 1 && p.back() == ' ' ? 1 : 0;
    const std::size_t step = std::max<std::size_t>(1, p.size() - trail);
    bool found = false;
    bool whole = lead == 1;
    for (auto at = form.find(p); at != std::string::npos; at = form.find(p, at + step)) {
      const std::size_t first = at + lead;
      const std::size_t last = at + p.size() - 1 - trail;
      if (first > last) continue;
      ranges.push_back(TextRange{map.from[first], map.to[last]});
      found = true;
      if (lead == 0 && at > 0 && form[at - 1] == ' ' && at + p.size() < form.size() && form[at + p.size()] == ' ') {
        whole = true;
      }
    }
    if (found) m.score += whole ? 3 : 1;
  }
  const auto words = static_cast<double>(std::count(form.begin(), form.end(), ' '));
  m.score += 1.0 / (1.0 + words / 50.0);
  m.highlights = merged(std::move(ranges));
  snippet_of(content, m);
  return m;
}

}  // namespace parley::chat
