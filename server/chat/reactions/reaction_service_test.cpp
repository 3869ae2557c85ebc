// ReactionService: which emoji a reaction takes, who may react, the limits and the rate, what
// is announced, the reader's own reactions on every read path, the author's unread reactions.
#include "chat/services_fixture.hpp"
#include "chat/wire.hpp"

namespace parley::chat {
namespace {

class ReactionTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    chat_ = *chat;
  }
  ReactionService& reactions() { return service_->reactions; }
  store::Message send(const std::string& from, const std::string& text) {
    auto sent = service_->messages.send_message(from, chat_.id, text, std::nullopt);
    EXPECT_TRUE(sent) << (sent ? "" : sent.error().message);
    return sent->message;
  }

  store::Chat chat_;
};

TEST_F(ReactionTest, AReactionIsExactlyOneEmoji) {
  EXPECT_EQ(*reaction_emoji("👍"), "👍");
  EXPECT_EQ(*reaction_emoji("👍🏽"), "👍🏽");
  EXPECT_EQ(*reaction_emoji("\u2764"), "\u2764\uFE0F");  // the same reaction as ❤️
  EXPECT_EQ(*reaction_emoji("👩‍💻"), "👩‍💻");
  for (const auto* bad : {"", "a", "👍👍", ":a:", ": party:", "👍 ", "\xff"}) {
    EXPECT_EQ(code_of(reaction_emoji(bad).error()), Errc::kInvalidInput) << bad;
  }
  // A custom emoji's name passes here; whether it is one where it is used is checked there.
  EXPECT_EQ(*reaction_emoji(":party_parrot:"), ":party_parrot:");
  const auto m = send(alice_, "hi");
  EXPECT_EQ(code_of(reactions().react(bob_, m.id, ":nosuch:", std::nullopt).error()), Errc::kInvalidInput);
}

TEST_F(ReactionTest, ParticipantsReactAndEveryoneHearsTheCounts) {
  const auto m = send(alice_, "hi");
  auto r = reactions().react(bob_, m.id, "👍", std::nullopt);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->added);
  EXPECT_EQ(r->message.my_reactions, std::vector<std::string>{"👍"});
  ASSERT_EQ(events_.reactions.size(), 1U);
  EXPECT_EQ(events_.reactions[0].author_unread, 1);
  EXPECT_TRUE(events_.reactions[0].message.my_reactions.empty()) << "the announcement is the same for everyone";

  // Setting what is set announces nothing.
  ASSERT_TRUE(reactions().react(bob_, m.id, "👍", true));
  EXPECT_EQ(events_.reactions.size(), 1U);

  EXPECT_EQ(code_of(reactions().react(eve_, m.id, "👍", true).error()), Errc::kForbidden);
  EXPECT_EQ(code_of(reactions().react(bob_, util::uuid_v7(), "👍", true).error()), Errc::kNotFound);
  EXPECT_EQ(code_of(reactions().react(bob_, m.id, "nope", true).error()), Errc::kInvalidInput);
}

TEST_F(ReactionTest, ReadersSeeTheirOwnReactionsInHistoryAndTheChangeFeed) {
  const auto m = send(alice_, "hi");
  ASSERT_TRUE(reactions().react(bob_, m.id, "👍", true));
  ASSERT_TRUE(reactions().react(alice_, m.id, "😂", true));
  for (const auto& [who, mine] : {std::pair{bob_, "👍"}, std::pair{alice_, "😂"}}) {
    auto page = service_->conversations.history(who, chat_.id, store::HistoryQuery{});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->size(), 1U);
    EXPECT_EQ(page->front().my_reactions, std::vector<std::string>{mine});
    const auto json = message_json(page->front());
    EXPECT_EQ(json.at("reactions").as_array().size(), 2U);
    auto changes = service_->lifecycle.changes(who, chat_.id, 0, 10);
    ASSERT_TRUE(changes);
    ASSERT_EQ(changes->messages.size(), 1U);
    EXPECT_EQ(changes->messages.front().my_reactions, std::vector<std::string>{mine});
  }
}

TEST_F(ReactionTest, LimitsAndTheRateAreEnforced) {
  const auto m = send(alice_, "vote");
  for (const auto* e : {"1️⃣", "2️⃣", "3️⃣"}) ASSERT_TRUE(reactions().react(bob_, m.id, e, true));
  EXPECT_EQ(code_of(reactions().react(bob_, m.id, "4️⃣", true).error()), Errc::kReactionLimit);

  // The bucket (burst 50 by default) empties; time refills it.
  int refused = 0;
  for (int i = 0; i < 60; ++i) {
    if (auto r = reactions().react(alice_, m.id, "🔥", std::nullopt); !r) {
      EXPECT_EQ(code_of(r.error()), Errc::kRateLimited);
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
  clock_.advance(10'000);
  EXPECT_TRUE(reactions().react(alice_, m.id, "🔥", std::nullopt));
}

TEST_F(ReactionTest, TheAuthorsUnreadReactionsClearWhenTheyLook) {
  const auto m = send(alice_, "news");
  ASSERT_TRUE(reactions().react(bob_, m.id, "🎉", true));
  auto unread = reactions().unread(alice_);
  ASSERT_TRUE(unread);
  ASSERT_EQ(unread->size(), 1U);
  EXPECT_EQ(unread->front().count, 1);
  EXPECT_EQ(code_of(reactions().read(eve_, chat_.id).error()), Errc::kForbidden);
  EXPECT_EQ(*reactions().read(alice_, chat_.id), 1);
  EXPECT_EQ(events_.reactions_seen, std::vector<std::string>{alice_ + " " + chat_.id});
  EXPECT_TRUE(reactions().unread(alice_)->empty());
  EXPECT_EQ(*reactions().read(alice_, chat_.id), 0);
  EXPECT_EQ(events_.reactions_seen.size(), 1U) << "nothing cleared, nothing announced";
}

TEST_F(ReactionTest, EmojiUsedAreCheckedAndCounted) {
  ASSERT_TRUE(reactions().used(alice_, {"😂", "😂", "\u2764"}));
  EXPECT_EQ(code_of(reactions().used(alice_, {"😂", "x"}).error()), Errc::kInvalidInput);
  auto frequent = reactions().frequent(alice_, 10);
  ASSERT_TRUE(frequent);
  ASSERT_EQ(frequent->size(), 2U);
  EXPECT_EQ((*frequent)[0].emoji, "😂");
  EXPECT_EQ((*frequent)[1].emoji, "\u2764\uFE0F");
}

}  // namespace
}  // namespace parley::chat
