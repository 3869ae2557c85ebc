#include "chat/templates/template_rank.hpp"

#include "util/text_fold.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace parley::chat {

double use_weight(store::TimeMs at) {
  return std::exp2(static_cast<double>(at - kTemplateRankEpoch) / static_cast<double>(kTemplateHalfLife));
}

namespace {

// The keys of a list's titles and categories, folded once.
struct Folded {
  std::string title;
  std::string category;
};

template <class Less>
void sort_folded(std::vector<store::MessageTemplate>& list, Less less) {
  std::vector<std::pair<Folded, store::MessageTemplate>> keyed;
  keyed.reserve(list.size());
  for (auto& t : list) {
    Folded f{util::search_fold(t.title), util::search_fold(t.category)};
    keyed.emplace_back(std::move(f), std::move(t));
  }
  std::sort(keyed.begin(), keyed.end(), less);
  list.clear();
  for (auto& [f, t] : keyed) list.push_back(std::move(t));
}

}  // namespace

void rank_templates(std::vector<store::MessageTemplate>& list) {
  sort_folded(list, [](const auto& a, const auto& b) {
    const auto& [fa, ta] = a;
    const auto& [fb, tb] = b;
    // Higher weights first: compare b's to a's.
    return std::tie(tb.chat_use.weight, tb.use.weight, ta.chat_id, fa.title, ta.id) <
           std::tie(ta.chat_use.weight, ta.use.weight, tb.chat_id, fb.title, tb.id);
  });
}

std::vector<store::MessageTemplate> most_used(std::vector<store::MessageTemplate> list, std::size_t limit) {
  std::erase_if(list, [](const store::MessageTemplate& t) { return t.use.uses == 0; });
  if (list.size() > limit) list.resize(limit);
  return list;
}

void sort_for_listing(std::vector<store::MessageTemplate>& list) {
  sort_folded(list, [](const auto& a, const auto& b) {
    return std::tie(a.first.category, a.first.title, a.second.id) <
           std::tie(b.first.category, b.first.title, b.second.id);
  });
}

}  // namespace parley::chat
