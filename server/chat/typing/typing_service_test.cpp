// TypingService: who may type, repeats, the timeout, coalescing, connections that close, and
// two instances that tell each other of their typists.
#include "chat/services_fixture.hpp"

#include <boost/json/serialize.hpp>

namespace parley::chat {
namespace {

using Typists = std::vector<std::string>;

struct RecordedTyping final : TypingSink {
  std::vector<std::pair<std::string, Typists>> updates;  // chat id, typists
  void typing_changed(const TypingAudience& chat, const Typists& user_ids) override {
    updates.emplace_back(chat.chat_id, user_ids);
  }
};

// Hands the notices of one instance to another, through their wire form.
struct Link final : TypingPeers {
  TypingService* to = nullptr;
  bool up = true;
  std::vector<TypingNotice> sent;
  void typing_notice(const TypingNotice& n) override {
    sent.push_back(n);
    if (!up) return;
    auto heard = parse_typing_notice(boost::json::serialize(typing_notice_json(n)));
    ASSERT_TRUE(heard);
    to->heard(*heard);
  }
};

class TypingTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    chat_ = *chat;
    typing().set_sink(&seen_);
  }
  TypingService& typing() { return service_->typing; }
  // The clock moves on and the service's timer ticks.
  void pass(std::int64_t ms) {
    clock_.advance(ms);
    typing().tick();
  }
  Typists last() const { return seen_.updates.empty() ? Typists{"(none)"} : seen_.updates.back().second; }

  store::Chat chat_;
  RecordedTyping seen_;
};

TEST_F(TypingTest, AStartReachesTheChatOnceAndRepeatsOnlyMoveTheDeadline) {
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  ASSERT_EQ(seen_.updates.size(), 1U);
  EXPECT_EQ(seen_.updates[0].first, chat_.id);
  EXPECT_EQ(last(), Typists{alice_});
  pass(3000);
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));  // a repeat: nothing sent
  pass(5000);                                           // 8 s after the first, 5 s after the repeat
  EXPECT_EQ(seen_.updates.size(), 1U);
  EXPECT_EQ(typing().typists(chat_.id), Typists{alice_});
  pass(1000);  // 6 s after the repeat: stopped for everyone
  ASSERT_EQ(seen_.updates.size(), 2U);
  EXPECT_EQ(last(), Typists{});
  EXPECT_TRUE(typing().typists(chat_.id).empty());
}

TEST_F(TypingTest, OnlyParticipantsTypeAndBadIdsAreRefused) {
  EXPECT_EQ(code_of(typing().start(eve_, chat_.id, "e1").error()), Errc::kForbidden);
  EXPECT_EQ(code_of(typing().stop(eve_, chat_.id, "e1").error()), Errc::kForbidden);
  EXPECT_EQ(code_of(typing().start(alice_, util::uuid_v7(), "a1").error()), Errc::kNotFound);
  EXPECT_EQ(code_of(typing().start(alice_, "not-an-id", "a1").error()), Errc::kInvalidInput);
  EXPECT_TRUE(seen_.updates.empty());
  EXPECT_TRUE(typing().stop(alice_, chat_.id, "a1"));  // not typing: nothing to stop, no error
  EXPECT_TRUE(seen_.updates.empty());
}

TEST_F(TypingTest, UpdatesOfOneChatAreAtMostTwoPerSecondWithTheStateAtTheWindowsEnd) {
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  pass(100);
  ASSERT_TRUE(typing().start(bob_, chat_.id, "b1"));
  EXPECT_EQ(seen_.updates.size(), 1U);  // held back
  pass(300);
  EXPECT_EQ(seen_.updates.size(), 1U);
  pass(100);  // 500 ms after the first update
  ASSERT_EQ(seen_.updates.size(), 2U);
  EXPECT_EQ(last(), (Typists{alice_, bob_}));

  // A stop and a start again within one window: the state at its end is the one sent, so nothing.
  pass(100);
  ASSERT_TRUE(typing().stop(bob_, chat_.id, "b1"));
  ASSERT_TRUE(typing().start(bob_, chat_.id, "b1"));
  pass(500);
  EXPECT_EQ(seen_.updates.size(), 2U);

  // A stop long after the last update goes out at once.
  ASSERT_TRUE(typing().stop(alice_, chat_.id, "a1"));
  ASSERT_EQ(seen_.updates.size(), 3U);
  EXPECT_EQ(last(), Typists{bob_});
}

TEST_F(TypingTest, ATypistStopsWhenTheLastConnectionThatTypedCloses) {
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a2"));
  pass(1000);
  typing().disconnected("a1");
  typing().disconnected("b-never-typed");
  EXPECT_EQ(seen_.updates.size(), 1U);
  typing().disconnected("a2");
  ASSERT_EQ(seen_.updates.size(), 2U);
  EXPECT_EQ(last(), Typists{});
  // typing:stop of one device leaves the other's typing.
  pass(1000);
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a3"));
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a4"));
  ASSERT_TRUE(typing().stop(alice_, chat_.id, "a3"));
  EXPECT_EQ(typing().typists(chat_.id), Typists{alice_});
}

TEST_F(TypingTest, SendingAMessageStopsTheSendersTyping) {
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  pass(1000);
  typing().stopped(chat_, bob_);  // not typing: nothing
  EXPECT_EQ(seen_.updates.size(), 1U);
  typing().stopped(chat_, alice_);
  ASSERT_EQ(seen_.updates.size(), 2U);
  EXPECT_EQ(last(), Typists{});
}

TEST_F(TypingTest, AUserWhoDoesNotShareTheirTypingIsAcknowledgedAndNeverForwarded) {
  PrivacyChange off;
  off.typing = false;
  ASSERT_TRUE(service_->privacy.change(alice_, off));
  EXPECT_TRUE(typing().start(alice_, chat_.id, "a1"));
  EXPECT_TRUE(seen_.updates.empty());
  EXPECT_TRUE(typing().start(bob_, chat_.id, "b1"));
  EXPECT_EQ(last(), Typists{bob_});
}

TEST_F(TypingTest, NoticesRoundTripAndBadOnesAreRejected) {
  TypingNotice n{.origin = "i1",
                 .chat = {.chat_id = "c", .group = false, .participants = {"u1", "u2"}},
                 .user_id = "u1",
                 .typing = true,
                 .everywhere = false,
                 .ttl_ms = 7000};
  auto back = parse_typing_notice(boost::json::serialize(typing_notice_json(n)));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->origin, "i1");
  EXPECT_EQ(back->chat.participants, (Typists{"u1", "u2"}));
  EXPECT_EQ(back->ttl_ms, 7000);
  EXPECT_FALSE(parse_typing_notice("{}"));
  EXPECT_FALSE(parse_typing_notice("not json"));
  EXPECT_FALSE(parse_typing_notice(R"({"origin":"i","chatId":"c","group":false,"participants":[1],"userId":"u",)"
                                   R"("typing":true,"everywhere":false,"ttlMs":1})"));
}

// Two instances over one store: each tells its sockets of both instances' typists.
TEST_F(TypingTest, InstancesMergeTheirTypistsAndADeadInstancesTypistsExpire) {
  Services other(*store_, presence_, limiter_, events_, service_->options(), clock_);
  RecordedTyping seen_there;
  other.typing.set_sink(&seen_there);
  Link here_to_there, there_to_here;
  here_to_there.to = &other.typing;
  there_to_here.to = &typing();
  typing().set_peers(&here_to_there, "here");
  other.typing.set_peers(&there_to_here, "there");
  const auto tick_both = [&](std::int64_t ms) {
    clock_.advance(ms);
    typing().tick();
    other.typing.tick();
  };

  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  ASSERT_EQ(seen_there.updates.size(), 1U);
  EXPECT_EQ(seen_there.updates.back().second, Typists{alice_});
  tick_both(600);
  ASSERT_TRUE(other.typing.start(bob_, chat_.id, "b1"));
  EXPECT_EQ(last(), (Typists{alice_, bob_}));
  EXPECT_EQ(seen_there.updates.back().second, (Typists{alice_, bob_}));

  // Repeats reach the other instance at most once a second, and keep the typist there.
  const auto notices = here_to_there.sent.size();
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  EXPECT_EQ(here_to_there.sent.size(), notices);
  tick_both(1000);
  ASSERT_TRUE(typing().start(alice_, chat_.id, "a1"));
  EXPECT_EQ(here_to_there.sent.size(), notices + 1);

  // Bob sends a message through this instance: he stops on both.
  typing().stopped(chat_, bob_);
  EXPECT_EQ(last(), Typists{alice_});
  EXPECT_TRUE(other.typing.stop(bob_, chat_.id, "b1"));  // nothing left to stop there
  tick_both(500);
  EXPECT_EQ(seen_there.updates.back().second, Typists{alice_});

  // This instance dies: the other one forgets its typist once the notice's time to live ends.
  here_to_there.up = false;
  typing().set_sink(nullptr);
  tick_both(6000);
  EXPECT_EQ(seen_there.updates.back().second, Typists{alice_});
  tick_both(1000);
  EXPECT_EQ(seen_there.updates.back().second, Typists{});
}

}  // namespace
}  // namespace parley::chat
