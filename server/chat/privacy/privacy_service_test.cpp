// Privacy settings: changing them, and what they hide (presence, last seen, read receipts,
// typing) from whom, both ways.
#include "chat/services_fixture.hpp"

namespace parley::chat {
namespace {

class PrivacyTest : public ServicesTest {
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
  void set(const std::string& user, const PrivacyChange& change) {
    auto r = service_->privacy.change(user, change);
    ASSERT_TRUE(r) << r.error().message;
  }
  static PrivacyChange last_seen(std::string audience) {
    PrivacyChange c;
    c.last_seen = std::move(audience);
    return c;
  }
  // Whether `viewer` sees `user` online, in every way they may ask.
  bool sees_online(const std::string& viewer, const std::string& user) {
    auto one = service_->people.presence_of(viewer, user);
    auto many = service_->people.presence_of_many(viewer, {user});
    auto online = service_->people.online_users(viewer);
    auto list = service_->people.list_users(viewer);
    EXPECT_TRUE(one && many && online && list);
    const bool a = one->state != bus::PresenceState::kOffline;
    const bool b = many->at(0).state != bus::PresenceState::kOffline;
    const bool c = std::find(online->begin(), online->end(), user) != online->end();
    bool d = false;
    for (const auto& v : *list) {
      if (v.user.id == user) d = v.online;
    }
    EXPECT_EQ(a, b);
    EXPECT_EQ(a, c);
    EXPECT_EQ(a, d);
    return a;
  }

  store::Chat chat_;
};

TEST_F(PrivacyTest, SettingsChangeByTheFieldsGivenAndBadOnesAreRefused) {
  auto start = service_->privacy.settings(alice_);
  ASSERT_TRUE(start);
  EXPECT_EQ(start->settings, store::Privacy{});
  PrivacyChange c;
  c.read_receipts = false;
  c.always = std::vector<std::string>{bob_};
  set(alice_, c);
  auto after = service_->privacy.settings(alice_);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->settings.read_receipts);
  EXPECT_TRUE(after->settings.typing);
  ASSERT_EQ(after->always.size(), 1U);
  EXPECT_EQ(after->always[0].name, "bob");
  EXPECT_TRUE(after->always[0].password_hash.empty());
  ASSERT_EQ(events_.privacy.size(), 1U);
  EXPECT_EQ(events_.privacy[0].first, alice_);

  // Naming bob in "never" moves him there.
  PrivacyChange never;
  never.never = std::vector<std::string>{bob_};
  set(alice_, never);
  after = service_->privacy.settings(alice_);
  EXPECT_TRUE(after->always.empty());
  ASSERT_EQ(after->never.size(), 1U);

  EXPECT_EQ(service_->privacy.change(alice_, last_seen("friends")).error().code, Errc::kInvalidInput);
  PrivacyChange bad;
  bad.always = std::vector<std::string>{"not-an-id"};
  EXPECT_EQ(service_->privacy.change(alice_, bad).error().code, Errc::kInvalidInput);
  bad.always = std::vector<std::string>{util::uuid_v7()};
  EXPECT_EQ(service_->privacy.change(alice_, bad).error().code, Errc::kNotFound);
  bad.always = std::vector<std::string>(store::kMaxPrivacyExceptions + 1, bob_);
  EXPECT_EQ(service_->privacy.change(alice_, bad).error().code, Errc::kInvalidInput);
  EXPECT_EQ(events_.privacy.size(), 2U);  // refused changes are not announced
}

TEST_F(PrivacyTest, LastSeenIsSharedBothWaysOrNotAtAll) {
  EXPECT_TRUE(sees_online(bob_, alice_));
  set(alice_, last_seen("nobody"));
  EXPECT_FALSE(sees_online(bob_, alice_));
  EXPECT_FALSE(sees_online(eve_, alice_));
  EXPECT_FALSE(sees_online(alice_, bob_));  // who hides theirs does not see others'
  EXPECT_TRUE(sees_online(alice_, alice_));
  EXPECT_TRUE(sees_online(bob_, eve_));

  // The people she chats with: bob (a private chat), not eve.
  set(alice_, last_seen("contacts"));
  EXPECT_TRUE(sees_online(bob_, alice_));
  EXPECT_FALSE(sees_online(eve_, alice_));
  EXPECT_FALSE(sees_online(alice_, eve_));

  // Exceptions: never bob, always eve.
  PrivacyChange c;
  c.never = std::vector<std::string>{bob_};
  c.always = std::vector<std::string>{eve_};
  set(alice_, c);
  EXPECT_FALSE(sees_online(bob_, alice_));
  EXPECT_TRUE(sees_online(eve_, alice_));

  // Both ways: eve hiding hers from everybody hides alice's from her too.
  set(eve_, last_seen("nobody"));
  EXPECT_FALSE(sees_online(eve_, alice_));
}

TEST_F(PrivacyTest, AHiddenLastSeenIsInNoListOrAnswer) {
  presence_.disconnect(alice_, clock_.now_ms());
  ASSERT_TRUE(store_->set_last_seen(alice_, clock_.now_ms()));
  const auto last_seen_of = [&](const std::string& viewer) {
    auto list = service_->people.list_users(viewer);
    EXPECT_TRUE(list);
    std::optional<std::int64_t> seen;
    for (const auto& v : *list) {
      if (v.user.id == alice_) seen = v.user.last_seen;
    }
    auto one = service_->people.presence_of(viewer, alice_);
    EXPECT_TRUE(one);
    EXPECT_EQ(one->last_seen.has_value(), seen.has_value());
    DirectoryRequest all;
    auto page = service_->people.directory(viewer, all);
    EXPECT_TRUE(page);
    for (const auto& v : page->users) {
      if (v.user.id == alice_) {
        EXPECT_EQ(v.user.last_seen.has_value(), seen.has_value());
      }
    }
    return seen;
  };
  EXPECT_TRUE(last_seen_of(bob_));
  set(alice_, last_seen("nobody"));
  EXPECT_FALSE(last_seen_of(bob_));
  EXPECT_TRUE(last_seen_of(alice_));  // her own
}

TEST_F(PrivacyTest, ReadsWithReceiptsOffStayDeliveredForTheSender) {
  PrivacyChange off;
  off.read_receipts = false;
  set(bob_, off);
  auto sent = service_->messages.send_message(alice_, chat_.id, "hi", std::nullopt);
  ASSERT_TRUE(sent);
  events_.statuses.clear();
  auto read = service_->messages.read_up_to(bob_, chat_.id, 1);
  ASSERT_TRUE(read);
  for (const auto& c : events_.statuses) EXPECT_NE(c.status, store::Status::kRead);
  // Alice sees it delivered; bob, who read it, sees it read.
  auto hers = service_->conversations.history(alice_, chat_.id, {});
  auto his = service_->conversations.history(bob_, chat_.id, {});
  ASSERT_TRUE(hers && his);
  EXPECT_EQ(hers->back().status, store::Status::kDelivered);
  EXPECT_EQ(his->back().status, store::Status::kRead);

  // Bob's receipts on again: his next read shows. Alice's off: she no longer sees others'.
  PrivacyChange on;
  on.read_receipts = true;
  set(bob_, on);
  set(alice_, off);
  ASSERT_TRUE(service_->messages.send_message(alice_, chat_.id, "again", std::nullopt));
  events_.statuses.clear();
  ASSERT_TRUE(service_->messages.read_up_to(bob_, chat_.id, 2));
  ASSERT_FALSE(events_.statuses.empty());
  for (const auto& c : events_.statuses) EXPECT_EQ(c.status, store::Status::kDelivered);
  hers = service_->conversations.history(alice_, chat_.id, {});
  EXPECT_EQ(hers->back().status, store::Status::kDelivered);
  EXPECT_EQ(store_->message_by_id(hers->back().id)->status, store::Status::kRead);  // stored as it is
}

}  // namespace
}  // namespace parley::chat
