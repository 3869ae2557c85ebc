// How templates are ranked for a person: by how often and how lately they used them. Each use
// is counted with a weight that doubles every kHalfLife, w(t) = 2^((t - kEpoch) / kHalfLife),
// and a template's rank is the sum of its uses' weights (the store adds them up). Comparing
// sums of such weights is comparing the uses' decayed counts at any moment (each term scaled
// by the same 2^(-now / kHalfLife)), so nothing needs updating as time passes: a use two weeks
// old counts half as much as one now, ten uses a month old as much as 2.5 now. A double holds
// the weights until about 2065 (1024 half-lives), when kEpoch would move forward (all weights
// scaled down by one factor, the order unchanged). Pure functions.
#pragma once

#include "store/templates.hpp"

#include <cstddef>
#include <vector>

namespace parley::chat {

inline constexpr store::TimeMs kTemplateRankEpoch = 1'767'225'600'000;       // 2026-01-01T00:00:00Z
inline constexpr store::TimeMs kTemplateHalfLife = 14LL * 24 * 3600 * 1000;  // two weeks

// The weight of a use at `at`.
double use_weight(store::TimeMs at);

// The order of a person's picker: used in the chat read (chat_use) first, then used anywhere
// (use), each by weight; then their own before the group's, then by title, then by id.
void rank_templates(std::vector<store::MessageTemplate>& list);

// The first `limit` of `list` (ranked) that the person has used at all.
std::vector<store::MessageTemplate> most_used(std::vector<store::MessageTemplate> list, std::size_t limit);

// A group's set as its info panel lists it: by category, then title (case-insensitive).
void sort_for_listing(std::vector<store::MessageTemplate>& list);

}  // namespace parley::chat
