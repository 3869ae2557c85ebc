// The change feed's page as every backend builds it (store/lifecycle.hpp): the messages changed
// and the viewer's hidden messages after `since`, each list read by change_seq (at most
// limit + 1 of each), merged into one page of `limit` changes. Each change has a change_seq of
// its own, so a page never splits one. Header-only; pure.
#pragma once

#include "store/store.hpp"

#include <string>
#include <utility>
#include <vector>

namespace parley::store {

// `current`: the chat's change_seq when the lists were read (the page's `until` when no more
// changes follow).
inline ChangePage merge_changes(std::vector<Message> messages, std::vector<std::pair<std::string, std::int64_t>> hidden,
                                std::size_t limit, std::int64_t current) {
  ChangePage page;
  page.until = current;
  std::size_t mi = 0;
  std::size_t hi = 0;
  while (mi < messages.size() || hi < hidden.size()) {
    if (page.messages.size() + page.hidden.size() == limit) {
      page.more = true;
      return page;
    }
    const bool take_message =
        hi == hidden.size() || (mi < messages.size() && messages[mi].change_seq < hidden[hi].second);
    if (take_message) {
      page.until = messages[mi].change_seq;
      page.messages.push_back(std::move(messages[mi++]));
    } else {
      page.until = hidden[hi].second;
      page.hidden.push_back(std::move(hidden[hi++].first));
    }
  }
  page.until = current;
  return page;
}

}  // namespace parley::store
