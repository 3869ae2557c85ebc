// Templates: what a template must be, whose set is whose (a person's own, a group's canned
// responses managed by its admins), and the ranking by use behind the picker and quick replies.
#include "chat/services_fixture.hpp"
#include "chat/templates/template_rank.hpp"

#include <algorithm>
#include <cmath>

namespace parley::chat {
namespace {

constexpr store::TimeMs kDay = 24LL * 3600 * 1000;

TemplateInput input(std::string title, std::string content, std::optional<std::string> shortcut = std::nullopt,
                    std::string category = "") {
  TemplateInput in;
  in.title = std::move(title);
  in.content = std::move(content);
  in.category = std::move(category);
  if (shortcut) in.shortcut = std::optional<std::string>(*shortcut);
  return in;
}

std::vector<std::string> titles(const std::vector<store::MessageTemplate>& list) {
  std::vector<std::string> out;
  for (const auto& t : list) out.push_back(t.title);
  return out;
}

class TemplateTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    ChatOptions o = service_->options();
    o.max_templates = 3;
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_);
    auto group = service_->groups.create(bob_, {"Support", "", {alice_, eve_}});
    ASSERT_TRUE(group) << group.error().message;
    group_ = group->id;
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    private_ = chat->id;
  }
  TemplateService& templates() { return service_->templates; }
  store::MessageTemplate made(const std::string& who, std::optional<std::string_view> chat, const TemplateInput& in) {
    auto t = templates().create(who, chat, in);
    EXPECT_TRUE(t) << (t ? "" : t.error().message);
    return t ? *t : store::MessageTemplate{};
  }
  std::string group_;
  std::string private_;
};

TEST_F(TemplateTest, APersonKeepsTemplatesOnlyTheySee) {
  auto t = made(alice_, std::nullopt, input("  Thanks ", "Thank you, {name}!", "/Thanks", "Polite"));
  EXPECT_EQ(t.title, "Thanks");     // trimmed
  EXPECT_EQ(t.shortcut, "thanks");  // without its slash, case-folded
  EXPECT_EQ(t.category, "Polite");
  EXPECT_EQ(t.user_id, alice_);
  EXPECT_FALSE(t.chat_id);
  EXPECT_EQ(t.version, 1);
  ASSERT_EQ(events_.templates.size(), 1U);
  EXPECT_EQ(events_.templates[0], std::make_pair(alice_, std::string()));

  EXPECT_EQ(titles(*templates().mine(alice_, std::nullopt)), std::vector<std::string>{"Thanks"});
  EXPECT_TRUE(templates().mine(bob_, std::nullopt)->empty());
  // Another person's template is not found in their own set, nor usable.
  EXPECT_EQ(templates().change(bob_, std::nullopt, t.id, input("Mine", "now")).error().code, Errc::kNotFound);
  EXPECT_EQ(templates().remove(bob_, std::nullopt, t.id).error().code, Errc::kNotFound);
  EXPECT_EQ(templates().count_use(bob_, t.id, private_).error().code, Errc::kNotFound);
  EXPECT_EQ(templates().count_use(alice_, "not-an-id", private_).error().code, Errc::kNotFound);
  // Used only in a chat of theirs.
  EXPECT_EQ(templates().count_use(eve_, t.id, private_).error().code, Errc::kForbidden);
}

TEST_F(TemplateTest, WhatATemplateMustBe) {
  auto code = [&](const TemplateInput& in) { return templates().create(alice_, std::nullopt, in).error().code; };
  EXPECT_EQ(code(input("", "text")), Errc::kInvalidInput);
  EXPECT_EQ(code(input(std::string(101, 'a'), "text")), Errc::kInvalidInput);
  EXPECT_EQ(code(input("two\nlines", "text")), Errc::kInvalidInput);
  EXPECT_EQ(code(input("Hi", "text", std::nullopt, std::string(41, 'c'))), Errc::kInvalidInput);
  EXPECT_EQ(code(input("Hi", "   ")), Errc::kInvalidInput);
  EXPECT_EQ(code(input("Hi", std::string(21, 'x'))), Errc::kPayloadTooLarge);  // max_message_chars 20
  EXPECT_EQ(code(input("Hi", "text", "two words")), Errc::kInvalidInput);
  EXPECT_EQ(code(input("Hi", "text", "hi!")), Errc::kInvalidInput);
  EXPECT_EQ(code(input("Hi", "text", std::string(33, 'k'))), Errc::kInvalidInput);
  EXPECT_EQ(code(input("Hi", std::string("bad \xff", 5))), Errc::kInvalidInput);
  TemplateInput no_content;
  no_content.title = "Hi";
  EXPECT_EQ(code(no_content), Errc::kInvalidInput);
  // Letters of any script; "" is none.
  EXPECT_EQ(made(alice_, std::nullopt, input("Спасибо", "Спасибо!", "/Спасибо")).shortcut, "спасибо");
  EXPECT_FALSE(made(alice_, std::nullopt, input("Plain", "text", "")).shortcut);
}

TEST_F(TemplateTest, ShortcutsAreUniquePerSetAndSetsAreLimited) {
  const auto hi = made(alice_, std::nullopt, input("Hi", "Hello!", "hi"));
  EXPECT_EQ(templates().create(alice_, std::nullopt, input("Hi again", "Hey", "HI")).error().code, Errc::kConflict);
  made(bob_, std::nullopt, input("Hi", "Hello!", "hi"));        // another person's set
  made(bob_, group_, input("Hi", "Hello from support", "hi"));  // a group's
  const auto bye = made(alice_, std::nullopt, input("Bye", "Bye!", "bye"));
  // Changing to a taken shortcut, or on a stale version.
  TemplateInput to_hi;
  to_hi.shortcut = std::optional<std::string>("hi");
  auto taken = templates().change(alice_, std::nullopt, bye.id, to_hi);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, Errc::kConflict);
  EXPECT_NE(taken.error().message.find("/hi"), std::string::npos);
  TemplateInput stale;
  stale.content = "Later!";
  stale.version = 7;
  EXPECT_EQ(templates().change(alice_, std::nullopt, bye.id, stale).error().code, Errc::kConflict);
  stale.version = 1;
  auto changed = templates().change(alice_, std::nullopt, bye.id, stale);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->content, "Later!");
  EXPECT_EQ(changed->title, "Bye");  // left as it was
  EXPECT_EQ(changed->version, 2);
  // A null shortcut takes it away.
  TemplateInput none;
  none.shortcut = std::optional<std::string>();
  EXPECT_FALSE(templates().change(alice_, std::nullopt, hi.id, none)->shortcut);

  made(alice_, std::nullopt, input("Third", "3"));
  EXPECT_EQ(templates().create(alice_, std::nullopt, input("Fourth", "4")).error().code, Errc::kTemplateLimit);
  ASSERT_TRUE(templates().remove(alice_, std::nullopt, hi.id));
  EXPECT_EQ(templates().remove(alice_, std::nullopt, hi.id).error().code, Errc::kNotFound);
  made(alice_, std::nullopt, input("Fourth", "4"));
}

TEST_F(TemplateTest, GroupAdminsKeepCannedResponsesForItsMembers) {
  const auto faq = made(bob_, group_, input("Hours", "We open at 9", "hours", "FAQ"));  // the owner
  EXPECT_EQ(faq.chat_id, group_);
  EXPECT_FALSE(faq.user_id);
  EXPECT_EQ(events_.templates.back(), std::make_pair(std::string(), group_));
  // Members read them, and may not write.
  EXPECT_EQ(templates().create(eve_, group_, input("Mine", "x")).error().code, Errc::kForbidden);
  EXPECT_EQ(templates().change(eve_, group_, faq.id, input("Mine", "x")).error().code, Errc::kForbidden);
  EXPECT_EQ(templates().remove(eve_, group_, faq.id).error().code, Errc::kForbidden);
  auto set = templates().of_group(eve_, group_);
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->can_manage);
  EXPECT_EQ(titles(set->templates), std::vector<std::string>{"Hours"});
  EXPECT_TRUE(templates().of_group(bob_, group_)->can_manage);
  // An admin the owner made manages them too.
  ASSERT_TRUE(service_->groups.set_role(bob_, group_, eve_, store::Role::kAdmin));
  made(eve_, group_, input("Prices", "See the list", std::nullopt, "FAQ"));
  // A member sees them beside their own when writing in the group, and may use them there only.
  made(alice_, std::nullopt, input("Own", "mine"));
  auto mine = templates().mine(alice_, group_);
  ASSERT_TRUE(mine);
  EXPECT_EQ(titles(*mine), (std::vector<std::string>{"Own", "Hours", "Prices"}));  // own first while unused
  EXPECT_EQ(titles(*templates().mine(alice_, private_)), std::vector<std::string>{"Own"});
  ASSERT_TRUE(templates().count_use(alice_, faq.id, group_));
  EXPECT_EQ(templates().count_use(alice_, faq.id, private_).error().code, Errc::kNotFound);
  // Strangers, private chats, people removed.
  const std::string sam = user("sam");
  EXPECT_EQ(templates().of_group(sam, group_).error().code, Errc::kForbidden);
  EXPECT_EQ(templates().mine(sam, group_).error().code, Errc::kForbidden);
  EXPECT_EQ(templates().create(alice_, private_, input("X", "x")).error().code, Errc::kInvalidInput);
  EXPECT_EQ(templates().of_group(alice_, private_).error().code, Errc::kInvalidInput);
  ASSERT_TRUE(service_->groups.remove_member(bob_, group_, alice_));
  EXPECT_NE(templates().count_use(alice_, faq.id, group_).error().code, Errc::kInternal);
  EXPECT_FALSE(templates().count_use(alice_, faq.id, group_));
  // A canned response is not found through the person's own set, nor another group's.
  EXPECT_EQ(templates().remove(bob_, std::nullopt, faq.id).error().code, Errc::kNotFound);
}

TEST_F(TemplateTest, RankedByHowOftenAndHowLatelyTheyWereUsedInTheChatFirst) {
  const auto a = made(alice_, std::nullopt, input("Alpha", "a"));
  const auto b = made(alice_, std::nullopt, input("Beta", "b"));
  const auto c = made(alice_, std::nullopt, input("Gamma", "c"));
  EXPECT_EQ(titles(*templates().mine(alice_, std::nullopt)), (std::vector<std::string>{"Alpha", "Beta", "Gamma"}));
  EXPECT_TRUE(templates().quick_replies(alice_, private_)->empty());  // nothing used yet

  // Alpha: three uses four weeks ago (worth 0.75 now); Beta one use today (1): Beta first.
  clock_.advance(-28 * kDay);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(templates().count_use(alice_, a.id, private_));
  clock_.advance(28 * kDay);
  ASSERT_TRUE(templates().count_use(alice_, b.id, group_));
  EXPECT_EQ(titles(*templates().mine(alice_, std::nullopt)), (std::vector<std::string>{"Beta", "Alpha", "Gamma"}));
  // In the private chat, what was used there comes first.
  EXPECT_EQ(titles(*templates().mine(alice_, private_)), (std::vector<std::string>{"Alpha", "Beta", "Gamma"}));
  auto quick = templates().quick_replies(alice_, private_);
  ASSERT_TRUE(quick);
  EXPECT_EQ(titles(*quick), (std::vector<std::string>{"Alpha", "Beta"}));  // Gamma never used
  EXPECT_EQ((*quick)[0].use.uses, 3);
  EXPECT_EQ((*quick)[0].chat_use.uses, 3);
  EXPECT_EQ((*quick)[1].chat_use.uses, 0);
  ASSERT_TRUE((*quick)[1].use.last_used_at);
  EXPECT_EQ(*(*quick)[1].use.last_used_at, clock_.now_ms());

  // Used often enough today, Gamma passes both; quick replies stop at three.
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(templates().count_use(alice_, c.id, private_));
  const auto d = made(bob_, group_, input("Delta", "d"));
  ASSERT_TRUE(templates().count_use(alice_, d.id, group_));
  EXPECT_EQ(titles(*templates().quick_replies(alice_, private_)), (std::vector<std::string>{"Gamma", "Alpha", "Beta"}));
  EXPECT_EQ(templates().quick_replies(alice_, group_)->size(), TemplateService::kQuickReplies);
  // A template removed takes its counts with it.
  ASSERT_TRUE(templates().remove(alice_, std::nullopt, c.id));
  EXPECT_EQ(titles(*templates().quick_replies(alice_, private_)), (std::vector<std::string>{"Alpha", "Beta"}));
}

TEST(TemplateRank, AUseTwoWeeksOldWeighsHalf) {
  const store::TimeMs now = kTemplateRankEpoch + 400 * kDay;
  EXPECT_DOUBLE_EQ(use_weight(now - kTemplateHalfLife) * 2, use_weight(now));
  EXPECT_DOUBLE_EQ(use_weight(kTemplateRankEpoch), 1.0);
  // Finite for decades to come.
  EXPECT_TRUE(std::isfinite(use_weight(kTemplateRankEpoch + 35LL * 365 * kDay)));
}

}  // namespace
}  // namespace parley::chat
