// What concerns a person breaks through: mentions (checked as sent: participants only, @all by a
// group's admins), keywords, replies in followed threads; reactions to their messages; and Do
// not disturb, which holds everything but the mentions of the people it lets through and then
// says in one summary what arrived.
#include "chat/messages/mentions.hpp"
#include "chat/notifications/notifications_fixture.hpp"

namespace parley::chat {
namespace {

class MentionsNotifyTest : public NotificationsTest {
 protected:
  void SetUp() override {
    NotificationsTest::SetUp();
    NewGroupRequest design;
    design.title = "Design";
    design.member_ids = {bob_, eve_};
    auto g = service_->groups.create(alice_, design);
    ASSERT_TRUE(g);
    group_ = *g;
    ASSERT_TRUE(service_->notifications.subscribe(bob_, device(bob_phone_)));
  }

  Result<store::Appended> send_mentioning(const std::string& from, const std::string& chat_id, const std::string& text,
                                          store::Mentions mentions) {
    SendRequest request;
    request.chat_id = chat_id;
    request.content = text;
    request.mentions = std::move(mentions);
    return std::move(service_->messages.send_messages(from, {request}).at(0));
  }

  NotificationChange change_dnd(const char* json_text) {
    NotificationChange c;
    c.dnd = json::parse(json_text).as_object();
    return c;
  }

  store::Chat group_;
};

TEST_F(MentionsNotifyTest, MentionsAreKeptToTheChatsPeopleAndAllIsForAdmins) {
  auto sent = send_mentioning(alice_, group_.id, "@bob @eve @alice", {{bob_, eve_, alice_, bob_, "nobody"}, false});
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->message.mentions, (store::Mentions{{bob_, eve_}, false})) << "not the sender, once each, members";
  EXPECT_TRUE(mentions(sent->message, bob_));
  EXPECT_FALSE(mentions(sent->message, alice_));

  auto by_member = send_mentioning(bob_, group_.id, "@all look", {{}, true});
  ASSERT_FALSE(by_member);
  EXPECT_EQ(code_of(by_member.error()), Errc::kForbidden);
  EXPECT_EQ(by_member.error().message, "Only admins can mention everyone");
  auto by_owner = send_mentioning(alice_, group_.id, "@all look", {{}, true});
  ASSERT_TRUE(by_owner);
  EXPECT_TRUE(by_owner->message.mentions.all);
  EXPECT_TRUE(mentions(by_owner->message, eve_));

  // A private chat: Eve is not in it; "all" means nothing there.
  auto direct = send_mentioning(alice_, chat_.id, "@eve @all", {{eve_, bob_}, true});
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->message.mentions, (store::Mentions{{bob_}, false}));

  // An edit's text brings its own mentions.
  auto edited = service_->lifecycle.edit(alice_, sent->message.id, "@eve only", store::Mentions{{eve_}, false});
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->mentions, (store::Mentions{{eve_}, false}));
  const auto bobs = send(bob_, group_.id, "look");
  auto refused = service_->lifecycle.edit(bob_, bobs.id, "@all look", store::Mentions{{}, true});
  ASSERT_FALSE(refused);
  EXPECT_EQ(code_of(refused.error()), Errc::kForbidden);
}

TEST_F(MentionsNotifyTest, AMentionBreaksThroughMentionsOnlyAndAMuteButNotNothing) {
  ASSERT_TRUE(service_->notifications.set_chat(bob_, group_.id, level("mentions")));
  run_jobs();
  (void)pushed();
  ASSERT_TRUE(send_mentioning(alice_, group_.id, "lunch?", {}));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "mentions only";
  ASSERT_TRUE(send_mentioning(alice_, group_.id, "@bob lunch?", {{bob_}, false}));
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].second.at("mention"), true);
  EXPECT_EQ(p[0].second.at("body"), "alice: @bob lunch?");

  ASSERT_TRUE(service_->notifications.set_chat(bob_, group_.id, mute(kForeverJson)));
  ASSERT_TRUE(send_mentioning(alice_, group_.id, "@all standup", {{}, true}));
  run_jobs();
  EXPECT_EQ(pushed().size(), 1U) << "muted, but @all mentions Bob";
  ASSERT_TRUE(service_->notifications.set_chat(bob_, group_.id, level("nothing")));
  ASSERT_TRUE(send_mentioning(alice_, group_.id, "@bob?", {{bob_}, false}));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "nothing is nothing";
}

TEST_F(MentionsNotifyTest, KeywordsAndFollowedThreadsConcernThePerson) {
  ASSERT_TRUE(service_->notifications.set_chat(bob_, group_.id, level("mentions")));
  NotificationChange words;
  words.keywords = std::vector<std::string>{"deploy"};
  ASSERT_TRUE(service_->notifications.change(bob_, words));
  send(alice_, group_.id, "we redeployed");
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "not the whole word";
  send(alice_, group_.id, "The DEPLOY is done");
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].second.at("mention"), true);

  // A thread Bob follows (without having written in it): its replies reach him.
  const auto root = send(eve_, group_.id, "Font ideas");
  ASSERT_TRUE(service_->threads.follow(bob_, root.id, true));
  send(alice_, group_.id, "Inter", in_thread(root.id));
  run_jobs();
  EXPECT_EQ(pushed().size(), 1U);
  ASSERT_TRUE(service_->threads.follow(bob_, root.id, false));
  send(alice_, group_.id, "Or Roboto", in_thread(root.id));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "no longer followed";
}

TEST_F(MentionsNotifyTest, DoNotDisturbHoldsAllButAllowedMentionsThenSummarisesOnce) {
  const auto start = clock_.now_ms();
  const auto end = start + 3'600'000;
  auto view = service_->notifications.change(
      bob_, change_dnd(("{\"until\": " + std::to_string(end) + ", \"allow\": [\"" + alice_ + "\"]}").c_str()));
  ASSERT_TRUE(view);
  EXPECT_EQ(view->dnd_until, end);
  send(alice_, chat_.id, "one");
  send(eve_, group_.id, "two");
  clock_.advance(1000);
  send(eve_, group_.id, "three");
  ASSERT_TRUE(send_mentioning(eve_, group_.id, "@bob four", {{bob_}, false}));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "held, Eve is not let through";
  ASSERT_TRUE(send_mentioning(alice_, group_.id, "@bob urgent", {{bob_}, false}));
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U) << "Alice's mention breaks through";
  EXPECT_EQ(p[0].second.at("body"), "alice: @bob urgent");

  clock_.set(end - 1);
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "not before its end";
  clock_.set(end);
  run_jobs();
  p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].first, bob_phone_);
  EXPECT_EQ(p[0].second.at("kind"), "summary");
  EXPECT_EQ(p[0].second.at("body"), "4 new messages in Design and alice") << "the latest chat first";
  clock_.advance(3'600'000);
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "one summary";

  // Switched off early: the summary comes at once.
  ASSERT_TRUE(service_->notifications.change(bob_, change_dnd("{\"until\": 9007199254740991}")));
  send(alice_, chat_.id, "five");
  run_jobs();
  EXPECT_TRUE(pushed().empty());
  view = service_->notifications.change(bob_, change_dnd("{\"until\": null}"));
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->dnd_until);
  run_jobs();
  p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].second.at("body"), "1 new message in alice");
}

TEST_F(MentionsNotifyTest, AReactionToOnesMessageTellsItsSenderOnce) {
  const auto mine = send(bob_, chat_.id, "Lunch at noon?");
  run_jobs();
  (void)pushed();
  ASSERT_TRUE(service_->reactions.react(alice_, mine.id, "👍", true));
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].second.at("kind"), "reaction");
  EXPECT_EQ(p[0].second.at("title"), "alice");
  EXPECT_EQ(p[0].second.at("body"), "alice reacted 👍 to “Lunch at noon?”");
  ASSERT_TRUE(service_->reactions.react(alice_, mine.id, "👍", false));
  ASSERT_TRUE(service_->reactions.react(alice_, mine.id, "👍", true));
  ASSERT_TRUE(service_->reactions.react(bob_, mine.id, "🎉", true));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "once per reactor and emoji; never one's own";

  ASSERT_TRUE(service_->notifications.change(bob_, previews(false)));
  ASSERT_TRUE(service_->reactions.react(alice_, mine.id, "🎉", true));
  run_jobs();
  p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].second.at("body"), "alice reacted 🎉 to your message");

  ASSERT_TRUE(service_->notifications.set_chat(bob_, chat_.id, mute(kForeverJson)));
  ASSERT_TRUE(service_->reactions.react(alice_, mine.id, "😂", true));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "muted";
}

}  // namespace
}  // namespace parley::chat
