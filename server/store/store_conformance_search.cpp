// The conformance suite, part 5: message search (SearchStore). A shared corpus in several
// scripts and a fixed query set, which both stores must answer alike; who may find what; the
// index following edits and deletions; pages; and the indexing of messages stored before the
// index existed (index_pending_messages).
#include "store/store_conformance.hpp"
#include "util/search_text.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

// The search form of a word or phrase as the domain makes patterns: one word of three
// characters or more alone, anything else as whole words with its spaces.
std::string pattern(std::string_view typed, bool exact = false) {
  const std::string form = util::search_text(typed);
  const std::string inner = form.substr(1, form.size() - 2);
  if (!exact && inner.find(' ') == std::string::npos && util::code_points(inner) >= 3) return inner;
  return form;
}

MessageSearch search_of(const User& viewer, std::vector<std::string> all, std::vector<std::string> none = {}) {
  MessageSearch s;
  s.viewer = viewer.id;
  s.all = std::move(all);
  s.none = std::move(none);
  s.limit = 100;
  return s;
}

std::vector<std::string> contents(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.message.content);
  return out;
}

using Texts = std::vector<std::string>;

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> texts = {
      "We redeployed the API to production",               // 0
      "deploy failed: see https://ci.example.com/run/42",  // 1
      "Die Größenänderungen wurden übernommen",            // 2
      "Перезапустили сервер, всё работает",                // 3
      "明日の会議は東京で行います",                        // 4
      "我们明天在北京开会",                                // 5
      "สวัสดีครับ ประชุมพรุ่งนี้",                                 // 6
      "Party tonight 🎉🎉 bring snacks",                     // 7
      "CAFÉ CRÈME for everyone",                           // 8
      "go go go",                                          // 9
  };
  return texts;
}

}  // namespace

TEST_P(StoreConformance, SearchFindsTheCorpusByWordsPartsPhrasesAndScripts) {
  add_cast();
  for (std::size_t i = 0; i < corpus().size(); ++i)
    send(chat_, i % 2 == 0 ? alice_ : bob_, corpus()[i], kT0 + static_cast<TimeMs>(i));
  const std::map<std::string, Texts> expected = {
      {pattern("deploy"), {corpus()[1], corpus()[0]}},  // newest first
      {pattern("DEPLOY", true), {corpus()[1]}},
      {pattern("größen"), {corpus()[2]}},
      {pattern("GROSSEN"), {corpus()[2]}},
      {pattern("übernommen"), {corpus()[2]}},
      {pattern("сервер"), {corpus()[3]}},
      {pattern("перезапуст"), {corpus()[3]}},
      {pattern("東京"), {corpus()[4]}},
      {pattern("会"), {corpus()[5], corpus()[4]}},
      {pattern("北京"), {corpus()[5]}},
      {pattern("ประชุม"), {corpus()[6]}},
      {pattern("🎉"), {corpus()[7]}},
      {pattern("cafe creme", true), {corpus()[8]}},
      {pattern("go"), {corpus()[9]}},
      {pattern("to production", true), {corpus()[0]}},
      {pattern("to prod", true), {}},
      {pattern("nothing"), {}},
  };
  for (const auto& [p, texts] : expected) {
    EXPECT_EQ(contents(must(store().search_messages(search_of(alice_, {p})), "search")), texts) << "[" << p << "]";
  }
  EXPECT_EQ(contents(must(store().search_messages(search_of(alice_, {pattern("deploy"), pattern("api")})), "search")),
            Texts{corpus()[0]});
  EXPECT_EQ(contents(must(store().search_messages(search_of(alice_, {pattern("deploy")}, {pattern("api")})), "search")),
            Texts{corpus()[1]});
  // Filters alone: bob's messages with a link; by time; by flags.
  MessageSearch from_bob = search_of(alice_, {});
  from_bob.sender_ids = {bob_.id};
  from_bob.flags = kSearchHasLink;
  EXPECT_EQ(contents(must(store().search_messages(from_bob), "search")), Texts{corpus()[1]});
  MessageSearch window = search_of(alice_, {});
  window.sent_from = kT0 + 3;
  window.sent_before = kT0 + 5;
  EXPECT_EQ(contents(must(store().search_messages(window), "search")), (Texts{corpus()[4], corpus()[3]}));
  MessageSearch in_chat = search_of(alice_, {pattern("deploy")});
  in_chat.chat_ids = {chat_.id};
  EXPECT_EQ(must(store().search_messages(in_chat), "search").size(), 2U);
  in_chat.chat_ids = {"another chat"};
  EXPECT_TRUE(must(store().search_messages(in_chat), "search").empty());
}

TEST_P(StoreConformance, SearchFindsOnlyWhatTheViewerMayReadAsItIsNow) {
  add_cast();
  const Message m = send(chat_, alice_, "the secret plan", kT0);
  send(chat_, bob_, "another plan", kT0 + 1);
  EXPECT_TRUE(must(store().search_messages(search_of(carol_, {pattern("plan")})), "search").empty());
  EXPECT_EQ(must(store().search_messages(search_of(bob_, {pattern("plan")})), "search").size(), 2U);
  must(store().edit_message(m.id, "the public plan", kT0 + 2), "edit");
  EXPECT_TRUE(must(store().search_messages(search_of(bob_, {pattern("secret")})), "search").empty());
  const auto edited = must(store().search_messages(search_of(bob_, {pattern("public")})), "search");
  ASSERT_EQ(edited.size(), 1U);
  EXPECT_EQ(edited[0].message.content, "the public plan");
  must(store().hide_messages(chat_.id, bob_.id, {m.id}, kT0 + 3), "hide");
  EXPECT_TRUE(must(store().search_messages(search_of(bob_, {pattern("public")})), "search").empty());
  EXPECT_EQ(must(store().search_messages(search_of(alice_, {pattern("public")})), "search").size(), 1U);
  must(store().pin(m.id, alice_.id, kT0 + 4, 10), "pin");
  MessageSearch pinned = search_of(alice_, {});
  pinned.pinned = true;
  EXPECT_EQ(contents(must(store().search_messages(pinned), "search")), Texts{"the public plan"});
  must(store().delete_messages(chat_.id, {m.id}, alice_.id, kT0 + 5), "delete");
  EXPECT_TRUE(must(store().search_messages(search_of(alice_, {pattern("public")})), "search").empty());
  EXPECT_TRUE(must(store().search_messages(pinned), "search").empty());
}

TEST_P(StoreConformance, SearchInAGroupThatHidesHistoryStartsAtTheMembersJoining) {
  add_cast();
  GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  NewMessage before = new_message(g.chat, alice_, "launch before carol");
  before.recipients.clear();
  append_one(before);
  g = add_hiding_history(g, alice_, carol_, kT0 + 10);
  NewMessage after = new_message(g.chat, alice_, "launch after carol");
  after.recipients.clear();
  append_one(after);
  EXPECT_EQ(contents(must(store().search_messages(search_of(carol_, {pattern("launch")})), "search")),
            Texts{"launch after carol"});
  EXPECT_EQ(must(store().search_messages(search_of(bob_, {pattern("launch")})), "search").size(), 2U);
  // System lines are not indexed.
  EXPECT_TRUE(must(store().search_messages(search_of(alice_, {pattern("added")})), "search").empty());
}

TEST_P(StoreConformance, SearchPagesNewestFirstBelowAPosition) {
  add_cast();
  for (int i = 0; i < 25; ++i) send(chat_, alice_, "item " + std::to_string(i), kT0 + i);
  MessageSearch s = search_of(bob_, {pattern("item")});
  s.limit = 10;
  Texts all;
  for (int page = 0; page < 5; ++page) {
    const auto hits = must(store().search_messages(s), "search");
    for (const auto& h : hits) all.push_back(h.message.content);
    if (hits.size() < s.limit) break;
    s.below_position = hits.back().position;
  }
  ASSERT_EQ(all.size(), 25U);
  EXPECT_EQ(all.front(), "item 24");
  EXPECT_EQ(all.back(), "item 0");
  EXPECT_EQ(must(store().index_pending_messages(100), "index").pending, 0U) << "sent messages are indexed at once";
}

}  // namespace parley::store::conformance
