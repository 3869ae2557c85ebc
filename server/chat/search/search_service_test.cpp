// SearchService over the SQLite store: what a person finds (only what they may read, as it is
// now), the operators, ranking and pages. The stores' own agreement is the conformance suite's.
#include "chat/search/search_service.hpp"

#include "chat/services_fixture.hpp"

namespace parley::chat {
namespace {

class SearchTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    ChatOptions o;  // the fixture's short messages are too short for these texts
    o.messages_burst = 1000;
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_);
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    chat_ = *chat;
  }
  store::Message send(const std::string& from, const std::string& text, const std::string& chat_id = {}) {
    auto sent = service_->messages.send_message(from, chat_id.empty() ? chat_.id : chat_id, text, std::nullopt);
    EXPECT_TRUE(sent) << (sent ? "" : sent.error().message);
    return sent ? sent->message : store::Message{};
  }
  Result<MessageSearchPage> search(const std::string& who, std::string q, bool by_date = false) {
    MessageSearchRequest r;
    r.q = std::move(q);
    r.by_date = by_date;
    return service_->search.messages(who, r);
  }
  std::vector<std::string> found(const std::string& who, std::string q, bool by_date = true) {
    auto page = search(who, std::move(q), by_date);
    EXPECT_TRUE(page) << (page ? "" : page.error().message);
    std::vector<std::string> texts;
    if (page) {
      for (const auto& f : page->results) texts.push_back(f.message.content);
    }
    return texts;
  }
  using Texts = std::vector<std::string>;

  store::Chat chat_;
};

TEST_F(SearchTest, FindsWordsPartsPhrasesAndUnspacedScripts) {
  send(alice_, "We redeployed the API");
  send(bob_, "Deploy to prod now");
  send(alice_, "明日の会議は東京で行います");
  send(bob_, "Straße gesperrt, café geschlossen");
  EXPECT_EQ(found(alice_, "deploy"), (Texts{"Deploy to prod now", "We redeployed the API"}));
  EXPECT_EQ(found(alice_, "\"deploy\""), (Texts{"Deploy to prod now"}));
  EXPECT_EQ(found(alice_, "\"to prod\""), (Texts{"Deploy to prod now"}));
  EXPECT_EQ(found(alice_, "東京"), (Texts{"明日の会議は東京で行います"}));
  EXPECT_EQ(found(alice_, "STRASSE CAFE"), (Texts{"Straße gesperrt, café geschlossen"}));
  EXPECT_EQ(found(alice_, "deploy -prod"), (Texts{"We redeployed the API"}));
  EXPECT_EQ(found(alice_, "nothing-like-this"), Texts{});
}

TEST_F(SearchTest, FindsOnlyWhatThePersonMayReadAsItIsNow) {
  const auto m = send(alice_, "the secret plan");
  EXPECT_EQ(found(eve_, "secret"), Texts{}) << "eve is in no chat with them";
  ASSERT_TRUE(service_->lifecycle.edit(alice_, m.id, "the public plan"));
  EXPECT_EQ(found(bob_, "secret"), Texts{}) << "the old text is no longer found";
  EXPECT_EQ(found(bob_, "public"), (Texts{"the public plan"}));
  ASSERT_TRUE(service_->lifecycle.remove(bob_, chat_.id, {m.id}, DeleteScope::kMe));
  EXPECT_EQ(found(bob_, "public"), Texts{}) << "hidden for bob";
  EXPECT_EQ(found(alice_, "public"), (Texts{"the public plan"}));
  ASSERT_TRUE(service_->lifecycle.remove(alice_, chat_.id, {m.id}, DeleteScope::kEveryone));
  EXPECT_EQ(found(alice_, "public"), Texts{}) << "deleted for everyone";
}

TEST_F(SearchTest, AMemberOfAGroupThatHidesHistoryFindsOnlyFromTheirJoining) {
  NewGroupRequest g;
  g.title = "Launch team";
  g.member_ids = {bob_};
  auto group = service_->groups.create(alice_, g);
  ASSERT_TRUE(group);
  GroupSettingsPatch hide;
  hide.history_visible = false;
  ASSERT_TRUE(service_->groups.update_settings(alice_, group->id, hide));
  send(alice_, "launch before eve", group->id);
  ASSERT_TRUE(service_->groups.add_members(alice_, group->id, {eve_}));
  send(alice_, "launch after eve", group->id);
  EXPECT_EQ(found(eve_, "launch"), (Texts{"launch after eve"}));
  EXPECT_EQ(found(bob_, "launch"), (Texts{"launch after eve", "launch before eve"}));
  ASSERT_TRUE(service_->groups.remove_member(alice_, group->id, bob_));
  EXPECT_EQ(found(bob_, "launch"), Texts{}) << "removed members find nothing of the group";
  EXPECT_EQ(found(alice_, "launch in:launch"), (Texts{"launch after eve", "launch before eve"}));
  EXPECT_EQ(found(alice_, "in:\"launch team\""), (Texts{"launch after eve", "launch before eve"}));
}

TEST_F(SearchTest, FiltersBySenderChatLinksPinsAndDay) {
  send(alice_, "see https://example.com for the plan");
  const auto pinned = send(bob_, "the plan, pinned");
  send(bob_, "another plan");
  ASSERT_TRUE(service_->pins.pin(alice_, pinned.id));
  EXPECT_EQ(found(alice_, "plan from:bob"), (Texts{"another plan", "the plan, pinned"}));
  EXPECT_EQ(found(alice_, "plan has:link"), (Texts{"see https://example.com for the plan"}));
  EXPECT_EQ(found(alice_, "is:pinned"), (Texts{"the plan, pinned"}));
  EXPECT_EQ(found(alice_, "from:bob -pinned"), (Texts{"another plan"}));
  const auto today = clock_.now_ms() / 86'400'000;
  const auto day = [](std::int64_t d) {
    const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{d}}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return std::string(text);
  };
  EXPECT_EQ(found(alice_, "plan after:" + day(today)).size(), 3U);
  EXPECT_EQ(found(alice_, "plan after:" + day(today + 1)).size(), 0U);
  EXPECT_EQ(found(alice_, "plan before:" + day(today + 1)).size(), 3U);
  EXPECT_EQ(found(alice_, "plan before:" + day(today)).size(), 0U);
  EXPECT_EQ(search(alice_, "from:nobody-at-all").error().code, Errc::kInvalidQuery);
  EXPECT_EQ(search(alice_, "in:nowhere").error().code, Errc::kInvalidQuery);
}

TEST_F(SearchTest, RanksWholeWordsFirstAndPagesThroughEveryMatch) {
  send(alice_, "the deployment is done");
  send(alice_, "deploy");
  send(alice_, "redeploying later");
  auto ranked = search(alice_, "deploy");
  ASSERT_TRUE(ranked);
  ASSERT_EQ(ranked->results.size(), 3U);
  EXPECT_EQ(ranked->results[0].message.content, "deploy");
  EXPECT_EQ(ranked->results[0].match.highlights, (std::vector<TextRange>{{0, 6}}));

  for (int i = 0; i < 45; ++i) send(bob_, "item " + std::to_string(i));
  std::vector<std::string> all;
  MessageSearchRequest r;
  r.q = "item";
  r.by_date = true;
  r.limit = 20;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = service_->search.messages(alice_, r);
    ASSERT_TRUE(page);
    for (const auto& f : page->results) all.push_back(f.message.content);
    if (!page->next_cursor) break;
    r.cursor = page->next_cursor;
  }
  ASSERT_EQ(all.size(), 45U);
  EXPECT_EQ(all.front(), "item 44");
  EXPECT_EQ(all.back(), "item 0");
}

TEST_F(SearchTest, RefusesEmptyQueriesAndBadCursors) {
  EXPECT_EQ(search(alice_, "").error().code, Errc::kInvalidQuery);
  EXPECT_EQ(search(alice_, "-only -excluded").error().code, Errc::kInvalidQuery);
  EXPECT_EQ(search(alice_, "\"open").error().position, 0);
  MessageSearchRequest r;
  r.q = "plan";
  r.cursor = "nonsense";
  EXPECT_EQ(service_->search.messages(alice_, r).error().code, Errc::kInvalidInput);
  r.cursor.reset();
  r.chat_id = chat_.id;
  EXPECT_TRUE(service_->search.messages(alice_, r));
  EXPECT_FALSE(service_->search.messages(eve_, r)) << "not eve's chat";
}

TEST_F(SearchTest, TheSwitcherFindsChatsAndPeopleByTheStartOfAWord) {
  NewGroupRequest g;
  g.title = "Rocket launch";
  g.member_ids = {bob_};
  ASSERT_TRUE(service_->groups.create(alice_, g));
  auto m = service_->search.switcher(alice_, "lau", 10);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->chats.size(), 1U);
  EXPECT_EQ(m->chats[0].group->title, "Rocket launch");
  auto b = service_->search.switcher(alice_, "BO", 10);
  ASSERT_TRUE(b);
  ASSERT_FALSE(b->people.empty());
  EXPECT_EQ(b->people[0].user.name, "bob");
  ASSERT_EQ(b->chats.size(), 1U) << "the private chat with bob";
  EXPECT_EQ(b->chats[0].id, chat_.id);
  EXPECT_TRUE(service_->search.switcher(alice_, "unch", 10)->chats.empty()) << "not the start of a word";
}

}  // namespace
}  // namespace parley::chat
