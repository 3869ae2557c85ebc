// How both stores keep a message's mentions in one text column: the user ids separated by
// spaces, with "@all" for everyone; NULL (nullopt) when it mentions nobody.
#pragma once

#include "store/store.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace parley::store {

inline constexpr std::string_view kMentionAllToken = "@all";

inline std::optional<std::string> mentions_text(const Mentions& mentions) {
  if (mentions.empty()) return std::nullopt;
  std::string out(mentions.all ? kMentionAllToken : std::string_view());
  for (const auto& id : mentions.users) {
    if (!out.empty()) out += ' ';
    out += id;
  }
  return out;
}

inline Mentions mentions_from(std::string_view text) {
  Mentions out;
  while (!text.empty()) {
    const auto space = text.find(' ');
    const auto word = text.substr(0, space);
    if (word == kMentionAllToken) {
      out.all = true;
    } else if (!word.empty()) {
      out.users.emplace_back(word);
    }
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace parley::store
