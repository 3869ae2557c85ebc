// Blocking: what a block stops, both ways, and what it leaves alone; unblocking restores it.
#include "chat/services_fixture.hpp"

namespace parley::chat {
namespace {

class BlockTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    chat_ = *chat;
    presence_.connect(alice_, clock_.now_ms());
    presence_.connect(bob_, clock_.now_ms());
    presence_.connect(eve_, clock_.now_ms());
  }
  void block(const std::string& user, const std::string& other, bool blocked = true) {
    auto r = service_->blocks.set(user, other, blocked);
    ASSERT_TRUE(r) << r.error().message;
  }
  Result<store::Appended> send(const std::string& user, const std::string& chat_id, const std::string& text = "hi") {
    return service_->messages.send_message(user, chat_id, text, std::nullopt);
  }
  bool sees_online(const std::string& viewer, const std::string& user) {
    auto p = service_->people.presence_of(viewer, user);
    EXPECT_TRUE(p);
    return p && p->state != bus::PresenceState::kOffline;
  }

  store::Chat chat_;
};

TEST_F(BlockTest, NeitherSendsIntoTheirPrivateChatAndTheBlockedOneIsToldOnlyThatTheyCannot) {
  auto before = send(bob_, chat_.id);
  ASSERT_TRUE(before);
  block(alice_, bob_);
  auto from_bob = send(bob_, chat_.id);
  ASSERT_FALSE(from_bob);
  EXPECT_EQ(from_bob.error().code, Errc::kBlocked);
  EXPECT_EQ(from_bob.error().message, "You cannot send messages to this person");
  auto from_alice = send(alice_, chat_.id);
  ASSERT_FALSE(from_alice);
  EXPECT_EQ(from_alice.error().code, Errc::kBlocked);
  EXPECT_NE(from_alice.error().message.find("unblock"), std::string::npos);

  // Nor by the other ways into the chat: forwards, edits, reactions.
  auto other = service_->conversations.open_private_chat(bob_, eve_);
  ASSERT_TRUE(other);
  auto to_eve = send(bob_, other->id);
  ASSERT_TRUE(to_eve);
  auto fwd = service_->forwards.forward(bob_, {to_eve->message.id}, chat_.id, std::nullopt);
  ASSERT_FALSE(fwd);
  EXPECT_EQ(fwd.error().code, Errc::kBlocked);
  auto edited = service_->lifecycle.edit(bob_, before->message.id, "changed", {});
  ASSERT_FALSE(edited);
  EXPECT_EQ(edited.error().code, Errc::kBlocked);
  auto reacted = service_->reactions.react(bob_, before->message.id, "👍", std::nullopt);
  ASSERT_FALSE(reacted);
  EXPECT_EQ(reacted.error().code, Errc::kBlocked);

  // The history stays readable, and other chats are untouched.
  auto history = service_->conversations.history(bob_, chat_.id, {});
  ASSERT_TRUE(history);
  EXPECT_TRUE(send(bob_, other->id));

  block(alice_, bob_, false);
  EXPECT_TRUE(send(bob_, chat_.id));
  EXPECT_TRUE(send(alice_, chat_.id));
}

TEST_F(BlockTest, TheBlockedOneCannotAddTheBlockerToGroupsButTheBlockerCanStillBeInOne) {
  block(alice_, bob_);
  auto g = service_->groups.create(bob_, NewGroupRequest{"G", "", {alice_, eve_}});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, Errc::kBlocked);
  auto without = service_->groups.create(bob_, NewGroupRequest{"G", "", {eve_}});
  ASSERT_TRUE(without);
  auto added = service_->groups.add_members(bob_, without->id, {alice_});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, Errc::kBlocked);
  // Eve may add Alice; in the group, Bob and Alice both still send.
  ASSERT_TRUE(service_->groups.add_members(eve_, without->id, {alice_}));
  EXPECT_TRUE(send(bob_, without->id));
  EXPECT_TRUE(send(alice_, without->id));
  // The blocker may add the one they blocked.
  auto by_alice = service_->groups.create(alice_, NewGroupRequest{"H", "", {bob_}});
  EXPECT_TRUE(by_alice);
}

TEST_F(BlockTest, PresenceIsHiddenBothWaysUntilUnblocked) {
  ASSERT_TRUE(sees_online(bob_, alice_));
  block(alice_, bob_);
  EXPECT_FALSE(sees_online(bob_, alice_));
  EXPECT_FALSE(sees_online(alice_, bob_));
  EXPECT_TRUE(sees_online(eve_, alice_));
  EXPECT_TRUE(sees_online(eve_, bob_));
  block(alice_, bob_, false);
  EXPECT_TRUE(sees_online(bob_, alice_));
  EXPECT_TRUE(sees_online(alice_, bob_));
}

TEST_F(BlockTest, TheListIsTheLatestFirstAndEachChangeIsAnnouncedOnce) {
  block(alice_, bob_);
  clock_.advance(5);
  block(alice_, eve_);
  block(alice_, eve_);  // again: nothing changes
  auto list = service_->blocks.list(alice_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ((*list)[0].user.id, eve_);
  EXPECT_EQ((*list)[1].user.id, bob_);
  EXPECT_TRUE((*list)[0].user.password_hash.empty());
  EXPECT_EQ(events_.blocks.size(), 2U);

  auto self = service_->blocks.set(alice_, alice_, true);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, Errc::kInvalidInput);
  auto malformed = service_->blocks.set(alice_, "not-an-id", true);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, Errc::kInvalidInput);
  auto unknown = service_->blocks.set(alice_, util::uuid_v7(), true);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::kNotFound);
  block(alice_, bob_, false);
  ASSERT_EQ(events_.blocks.size(), 3U);
  EXPECT_FALSE(events_.blocks.back().blocked);
  EXPECT_EQ(service_->blocks.list(alice_)->size(), 1U);
}

}  // namespace
}  // namespace parley::chat
