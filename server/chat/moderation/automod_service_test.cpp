// Auto-moderation on the send and edit path, and moderators' rules, hits, mutes and warnings:
// what each rule kind matches, what each action does, who may change what.
#include "chat/services_fixture.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

class AutoModTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    ChatOptions o;
    o.messages_burst = 1000;
    o.server_admins = {"alice@example.com"};
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_);
    service_->auto_moderation().on_notice([this](const store::ModerationNotice& n) { told_.push_back(n); });
    auto group = service_->groups.create(bob_, NewGroupRequest{"Hikers", "", {eve_}});
    ASSERT_TRUE(group) << group.error().message;
    group_ = *group;
    auto chat = service_->conversations.open_private_chat(bob_, eve_);
    ASSERT_TRUE(chat);
    private_ = *chat;
  }

  AutoRule add(const std::string& by, const std::string& scope, const std::string& body) {
    auto rule = service_->automod.put_rule(by, scope, std::nullopt, json::parse(body).as_object());
    EXPECT_TRUE(rule) << (rule ? "" : rule.error().message);
    return rule ? *rule : AutoRule{};
  }
  Result<store::Appended> send(const std::string& user, const std::string& chat_id, const std::string& text,
                               std::optional<std::string> client_id = std::nullopt) {
    return service_->messages.send_message(user, chat_id, text, std::move(client_id));
  }
  std::vector<std::string> texts_of(const std::string& chat_id) {
    store::HistoryQuery q;
    q.limit = 100;
    q.timeline = false;
    auto page = store_->history(chat_id, q);
    std::vector<std::string> out;
    for (const auto& m : *page) out.push_back(m.content);
    return out;
  }
  std::vector<store::AutoModHit> hits(const std::optional<std::string>& status = std::nullopt) {
    store::HitQuery q;
    q.status = status;
    auto all = service_->automod.hits(alice_, q);
    EXPECT_TRUE(all);
    return all ? *all : std::vector<store::AutoModHit>{};
  }

  store::Chat group_, private_;
  std::vector<store::ModerationNotice> told_;
};

TEST_F(AutoModTest, WhoMayReadAndChangeWhichRulesAndBadRulesAreRefusedByName) {
  const auto body = json::parse(R"({"name": "no spam", "kind": "words", "action": "reject", "words": ["spam"]})");
  EXPECT_EQ(service_->automod.rules(bob_, "").error().code, Errc::kForbidden) << "the server's: staff only";
  EXPECT_EQ(service_->automod.put_rule(bob_, "", std::nullopt, body.as_object()).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->automod.put_rule(eve_, group_.id, std::nullopt, body.as_object()).error().code, Errc::kForbidden)
      << "a member is not an admin";
  EXPECT_EQ(service_->automod.put_rule(bob_, private_.id, std::nullopt, body.as_object()).error().code,
            Errc::kInvalidInput)
      << "a private chat has no rules";
  const auto mine =
      add(bob_, group_.id, R"({"name": "no spam", "kind": "words", "action": "reject", "words": ["spam"]})");
  EXPECT_EQ(mine.scope, group_.id);
  EXPECT_EQ(service_->automod.rules(bob_, group_.id)->size(), 1U);
  EXPECT_EQ(service_->automod.rules(alice_, group_.id)->size(), 1U) << "staff see a group's rules";
  EXPECT_TRUE(service_->automod.rules(alice_, "")->empty());

  const auto refused = [&](const std::string& text) {
    auto r = service_->automod.put_rule(alice_, "", std::nullopt, json::parse(text).as_object());
    EXPECT_FALSE(r) << text;
    return r ? std::string() : r.error().message;
  };
  EXPECT_NE(refused(R"({"name": "x", "kind": "regex", "action": "reject", "pattern": "(unclosed"})").find("pattern"),
            std::string::npos);
  EXPECT_NE(refused(R"({"name": "x", "kind": "words", "action": "reject", "words": []})").find("words"),
            std::string::npos);
  EXPECT_NE(refused(R"({"name": "x", "kind": "sounds", "action": "reject"})").find("kind"), std::string::npos);
  EXPECT_NE(
      refused(R"({"name": "x", "kind": "flood", "action": "ban", "maxMessages": 3, "perSeconds": 5})").find("action"),
      std::string::npos);
  EXPECT_NE(refused(R"({"name": "x", "kind": "flood", "action": "mute"})").find("maxMessages"), std::string::npos);
  EXPECT_NE(refused(R"({"name": "", "kind": "new_account", "action": "hold", "newAccountHours": 5})").find("name"),
            std::string::npos);
  EXPECT_NE(refused(R"({"name": "x", "kind": "new_account", "action": "hold"})").find("newAccountHours"),
            std::string::npos);

  EXPECT_EQ(service_->automod.delete_rule(eve_, mine.id).error().code, Errc::kForbidden);
  ASSERT_TRUE(service_->automod.delete_rule(bob_, mine.id));
  EXPECT_EQ(service_->automod.delete_rule(bob_, mine.id).error().code, Errc::kNotFound);
  store::AuditQuery q;
  q.chat_id = group_.id;
  const auto log = service_->moderation.audit_log(bob_, q);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 2U);
  EXPECT_EQ(log->front().action, "rule_deleted");
  EXPECT_EQ(log->back().action, "rule_added");
}

TEST_F(AutoModTest, AWordsRuleRejectsWithItsMessageThroughSpellingTricksAndRecordsTheHit) {
  add(alice_, "", R"({"name": "no spam", "kind": "words", "action": "reject", "words": ["spam"],
                      "message": "No spam here"})");
  for (const std::string text : {"cheap SPAM today", "ſpam", "s p a m", "s.p.a.m!"}) {
    auto r = send(eve_, private_.id, text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().code, Errc::kRejected) << text;
    EXPECT_EQ(r.error().message, "No spam here");
  }
  ASSERT_TRUE(send(eve_, private_.id, "spamalot is a musical")) << "whole words only";
  ASSERT_TRUE(send(eve_, group_.id, "hello")) << "the server's rules apply in groups too";
  EXPECT_EQ(send(eve_, group_.id, "spam").error().code, Errc::kRejected);
  EXPECT_EQ(texts_of(private_.id), (std::vector<std::string>{"spamalot is a musical"}));
  const auto all = hits();
  ASSERT_EQ(all.size(), 5U);
  EXPECT_EQ(all.front().action, "reject");
  EXPECT_EQ(all.front().status, "done");
  EXPECT_EQ(all.front().content, "spam");
  EXPECT_EQ(all.front().user_id, eve_);
  EXPECT_NE(all.front().rules.find("no spam"), std::string::npos);
}

TEST_F(AutoModTest, AHeldMessageWaitsUnseenAndIsSentOnceAsItsSenderWhenApproved) {
  add(bob_, group_.id, R"({"name": "links wait", "kind": "links", "action": "hold"})");
  auto r = send(eve_, group_.id, "look at https://shop.example/deal", "c-1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kHeld);
  auto again = send(eve_, group_.id, "look at https://shop.example/deal", "c-1");
  EXPECT_EQ(again.error().code, Errc::kHeld) << "sent again (a lost acknowledgement): held once";
  EXPECT_EQ(texts_of(group_.id).size(), 1U) << "only the group's created line";
  ASSERT_TRUE(send(eve_, private_.id, "https://shop.example in private")) << "a group's rules stay in the group";

  store::HitQuery q;
  q.chat_id = group_.id;
  q.status = "held";
  auto held = service_->automod.hits(bob_, q);
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1U);
  EXPECT_EQ(service_->automod.hits(eve_, q).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->automod.decide(eve_, held->front().id, "approve", "").error().code, Errc::kForbidden);
  EXPECT_EQ(service_->automod.decide(bob_, held->front().id, "dismiss", "").error().code, Errc::kInvalidInput);

  auto approved = service_->automod.decide(bob_, held->front().id, "approve", "fine");
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->status, "approved");
  const auto texts = texts_of(group_.id);
  ASSERT_EQ(texts.size(), 2U);
  EXPECT_EQ(texts.back(), "look at https://shop.example/deal");
  auto sent = store_->message_by_id(approved->message_id);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->sender_id, eve_);
  EXPECT_EQ(sent->client_message_id, "c-1") << "the sender's client finds its message";
  EXPECT_EQ(service_->automod.decide(alice_, held->front().id, "approve", "").error().code, Errc::kConflict);
  EXPECT_EQ(texts_of(group_.id).size(), 2U) << "sent once";
  ASSERT_FALSE(told_.empty());
  EXPECT_EQ(told_.back().kind, "held_approved");
  EXPECT_EQ(told_.back().user_id, eve_);
}

TEST_F(AutoModTest, ARejectedHeldMessageIsNeverSentAndItsSenderIsTold) {
  add(bob_, group_.id, R"({"name": "links wait", "kind": "links", "action": "hold"})");
  ASSERT_EQ(send(eve_, group_.id, "www.casino.example").error().code, Errc::kHeld);
  const auto held = hits("held");
  ASSERT_EQ(held.size(), 1U);
  auto rejected = service_->automod.decide(bob_, held.front().id, "reject", "no ads");
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, "rejected");
  EXPECT_EQ(texts_of(group_.id).size(), 1U);
  ASSERT_EQ(told_.size(), 1U);
  EXPECT_EQ(told_.back().kind, "held_rejected");
  EXPECT_NE(told_.back().text.find("no ads"), std::string::npos);
  EXPECT_EQ(service_->moderation.notices(eve_)->size(), 1U) << "kept for the devices that were away";
}

TEST_F(AutoModTest, AFloodRuleMutesTheSenderForItsTimeAndTheMuteEnds) {
  add(alice_, "", R"({"name": "flood", "kind": "flood", "action": "mute", "maxMessages": 3, "perSeconds": 10,
                      "muteSeconds": 60, "message": "Slow down"})");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(eve_, group_.id, "m" + std::to_string(i)));
  auto fourth = send(eve_, group_.id, "m3");
  ASSERT_FALSE(fourth);
  EXPECT_EQ(fourth.error().code, Errc::kMuted);
  EXPECT_EQ(fourth.error().message, "Slow down");
  auto muted = send(eve_, private_.id, "anyone?");
  ASSERT_FALSE(muted) << "the server's rule mutes everywhere";
  EXPECT_EQ(muted.error().code, Errc::kMuted);
  EXPECT_NE(muted.error().message.find("1 more minute"), std::string::npos) << muted.error().message;
  ASSERT_TRUE(send(bob_, group_.id, "others still talk"));
  ASSERT_FALSE(told_.empty());
  EXPECT_EQ(told_.back().kind, "muted");
  clock_.advance(61'000);
  EXPECT_TRUE(send(eve_, group_.id, "back"));
}

TEST_F(AutoModTest, RepeatsNewAccountsAndMentionsRules) {
  add(bob_, group_.id, R"({"name": "repeats", "kind": "repeats", "action": "reject", "maxRepeats": 3,
                          "perSeconds": 60})");
  ASSERT_TRUE(send(eve_, group_.id, "buy"));
  ASSERT_TRUE(send(eve_, group_.id, "buy"));
  EXPECT_EQ(send(eve_, group_.id, "buy").error().code, Errc::kRejected);
  ASSERT_TRUE(send(eve_, group_.id, "something else"));
  clock_.advance(61'000);
  EXPECT_TRUE(send(eve_, group_.id, "buy")) << "the window passed";

  // Accounts younger than a day have their links held.
  clock_.set(util::now_ms());
  add(alice_, "", R"({"name": "new links", "kind": "links", "action": "hold", "newAccountHours": 24})");
  EXPECT_EQ(send(eve_, private_.id, "https://a.example").error().code, Errc::kHeld);
  clock_.advance(25LL * 3600 * 1000);
  EXPECT_TRUE(send(eve_, private_.id, "https://a.example"));

  add(bob_, group_.id, R"({"name": "pings", "kind": "mentions", "action": "reject", "maxMentions": 1})");
  SendRequest ping{group_.id, "hey you two", std::nullopt, {}, {}, store::Mentions{{bob_}, false}};
  EXPECT_TRUE(service_->messages.send_messages(eve_, {ping}).front());
  SendRequest everyone{group_.id, "hey all", std::nullopt, {}, {}, store::Mentions{{}, true}};
  EXPECT_EQ(service_->messages.send_messages(bob_, {everyone}).front().error().code, Errc::kRejected);
}

TEST_F(AutoModTest, FlaggedMessagesAreDeliveredListedAndDismissedOrDeleted) {
  add(alice_, "", R"({"name": "watch", "kind": "regex", "action": "flag", "pattern": "(?i)\\bfree\\s+money\\b"})");
  auto sent = send(eve_, group_.id, "FREE   money inside");
  ASSERT_TRUE(sent) << "a flag delivers";
  auto flagged = hits("open");
  ASSERT_EQ(flagged.size(), 1U);
  EXPECT_EQ(flagged.front().message_id, sent->message.id);
  EXPECT_EQ(service_->automod.decide(alice_, flagged.front().id, "approve", "").error().code, Errc::kInvalidInput);
  auto deleted = service_->automod.decide(bob_, flagged.front().id, "delete", "scam");
  ASSERT_TRUE(deleted) << "the group's owner moderates what was flagged in it";
  EXPECT_EQ(deleted->status, "deleted");
  EXPECT_TRUE(store_->message_by_id(sent->message.id)->deleted_at.has_value());

  ASSERT_TRUE(send(eve_, group_.id, "more free money"));
  flagged = hits("open");
  ASSERT_EQ(flagged.size(), 1U);
  EXPECT_EQ(service_->automod.decide(alice_, flagged.front().id, "dismiss", "")->status, "dismissed");
}

TEST_F(AutoModTest, EditsPassTheRulesAndARuleSwitchedOffOrChangedBindsAtOnce) {
  auto sent = send(eve_, group_.id, "hello");
  ASSERT_TRUE(sent);
  auto rule = add(bob_, group_.id, R"({"name": "words", "kind": "words", "action": "hold", "words": ["darn"]})");
  auto edit = service_->lifecycle.edit(eve_, sent->message.id, "darn it", {});
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, Errc::kRejected) << "an edit is not held: refused";
  EXPECT_EQ(store_->message_by_id(sent->message.id)->content, "hello");

  auto off =
      service_->automod.put_rule(bob_, "", rule.id,
                                 json::parse(R"({"name": "words", "kind": "words", "action": "hold", "words": ["darn"],
                                         "enabled": false})")
                                     .as_object());
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_EQ(off->scope, group_.id) << "a rule keeps its scope";
  EXPECT_TRUE(service_->lifecycle.edit(eve_, sent->message.id, "darn it", {}));
  ASSERT_TRUE(service_->automod.put_rule(
      bob_, "", rule.id,
      json::parse(R"({"name": "w", "kind": "words", "action": "reject", "words": ["heck"]})").as_object()));
  EXPECT_EQ(send(eve_, group_.id, "heck").error().code, Errc::kRejected);
  EXPECT_TRUE(send(eve_, group_.id, "darn"));
}

TEST_F(AutoModTest, AForwardPassesTheRulesOfWhereItGoes) {
  auto spam = send(bob_, private_.id, "cheap pills here");
  ASSERT_TRUE(spam);
  add(bob_, group_.id, R"({"name": "pills", "kind": "words", "action": "hold", "words": ["cheap pills"]})");
  auto forwarded = service_->forwards.forward(eve_, {spam->message.id}, group_.id, std::nullopt);
  ASSERT_FALSE(forwarded);
  EXPECT_EQ(forwarded.error().code, Errc::kRejected) << "a forward is not held: refused";
  EXPECT_EQ(service_->forwards.forward(eve_, {spam->message.id}, group_.id, "cheap pills!").error().code,
            Errc::kRejected)
      << "the comment too";
  EXPECT_EQ(texts_of(group_.id).size(), 1U);
  ASSERT_TRUE(service_->moderation.mute(bob_, eve_, group_.id, 600, ""));
  auto hello = send(bob_, private_.id, "hello");
  EXPECT_EQ(service_->forwards.forward(eve_, {hello->message.id}, group_.id, std::nullopt).error().code, Errc::kMuted);
}

TEST_F(AutoModTest, ADryRunShowsWhatARuleWouldHaveMatched) {
  for (const std::string text : {"one spam", "two", "three spam", "four", "five"})
    ASSERT_TRUE(send(eve_, group_.id, text));
  const auto words = json::parse(R"({"name": "w", "kind": "words", "action": "reject", "words": ["spam"]})");
  auto run = service_->automod.dry_run(bob_, group_.id, words.as_object(), 1000);
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->checked, 5U) << "the created line is not text";
  EXPECT_EQ(run->matched_count, 2U);
  ASSERT_EQ(run->matched.size(), 2U);
  EXPECT_EQ(run->matched.front().content, "three spam") << "the latest first";
  EXPECT_EQ(service_->automod.dry_run(eve_, group_.id, words.as_object(), 1000).error().code, Errc::kForbidden);
  EXPECT_TRUE(service_->automod.rules(bob_, group_.id)->empty()) << "nothing saved";

  const auto flood = json::parse(R"({"name": "f", "kind": "flood", "action": "mute", "maxMessages": 3,
                                     "perSeconds": 60})");
  run = service_->automod.dry_run(alice_, "", flood.as_object(), 1000);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->matched_count, 2U) << "the fourth and fifth within a minute";
}

TEST_F(AutoModTest, ModeratorsMuteWarnAndUnmuteWithinTheirScope) {
  EXPECT_EQ(service_->moderation.mute(eve_, bob_, group_.id, 600, "").error().code, Errc::kForbidden);
  EXPECT_EQ(service_->moderation.mute(bob_, eve_, "", 600, "").error().code, Errc::kForbidden)
      << "everywhere: staff only";
  EXPECT_EQ(service_->moderation.mute(bob_, alice_, group_.id, 600, "").error().code, Errc::kInvalidInput)
      << "not the server's administrator";
  EXPECT_EQ(service_->moderation.mute(bob_, eve_, group_.id, 10, "").error().code, Errc::kInvalidInput);
  auto m = service_->moderation.mute(bob_, eve_, group_.id, 600, "cool off");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->until, clock_.now_ms() + 600'000);
  auto refused = send(eve_, group_.id, "hi");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kMuted);
  EXPECT_NE(refused.error().message.find("cool off"), std::string::npos);
  EXPECT_TRUE(send(eve_, private_.id, "still here")) << "muted in the group only";
  EXPECT_EQ(service_->moderation.mutes(bob_, group_.id)->size(), 1U);
  ASSERT_TRUE(service_->moderation.unmute(bob_, eve_, group_.id, "ok"));
  EXPECT_TRUE(send(eve_, group_.id, "hi"));
  EXPECT_EQ(service_->moderation.unmute(bob_, eve_, group_.id, "").error().code, Errc::kNotFound);

  EXPECT_EQ(service_->moderation.warn(bob_, eve_, group_.id, " ").error().code, Errc::kInvalidInput);
  ASSERT_TRUE(service_->moderation.warn(bob_, eve_, group_.id, "Be kind"));
  const auto notices = service_->moderation.notices(eve_);
  ASSERT_TRUE(notices);
  ASSERT_EQ(notices->size(), 2U);
  EXPECT_EQ(notices->front().kind, "warning");
  EXPECT_EQ(notices->front().text, "Be kind");
  EXPECT_EQ(notices->back().kind, "muted");
}

TEST_F(AutoModTest, AReportCanEndInAWarningOrAMuteInItsGroup) {
  auto sent = send(eve_, group_.id, "rude words");
  ASSERT_TRUE(sent);
  auto report = service_->moderation.report(bob_, ReportRequest{"message", sent->message.id, "harassment", "", false});
  ASSERT_TRUE(report) << report.error().message;
  auto muted = service_->moderation.act(alice_, report->id, "mute", "repeat offender", 120);
  ASSERT_TRUE(muted) << muted.error().message;
  EXPECT_EQ(muted->resolution, "muted");
  EXPECT_EQ(send(eve_, group_.id, "again").error().code, Errc::kMuted);
  EXPECT_TRUE(send(eve_, private_.id, "private is fine")) << "muted in the report's group";

  auto other = send(eve_, private_.id, "more");
  auto report2 = service_->moderation.report(bob_, ReportRequest{"message", other->message.id, "spam", "", false});
  ASSERT_TRUE(report2);
  auto warned = service_->moderation.act(alice_, report2->id, "warn", "", std::nullopt);
  ASSERT_TRUE(warned) << warned.error().message;
  EXPECT_EQ(warned->resolution, "warned");
  ASSERT_FALSE(told_.empty());
  EXPECT_EQ(told_.back().kind, "warning");
  EXPECT_EQ(told_.back().user_id, eve_);
}

}  // namespace
}  // namespace parley::chat
