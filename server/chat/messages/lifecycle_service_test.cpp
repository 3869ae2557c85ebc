// LifecycleService: who may edit and delete what, and when; what deleting for oneself hides;
// the change feed as a device that was away reads it.
#include "chat/services_fixture.hpp"
#include "chat/wire.hpp"

namespace parley::chat {
namespace {

class LifecycleTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    chat_ = *chat;
  }
  LifecycleService& lifecycle() { return service_->lifecycle; }
  store::Message send(const std::string& from, const std::string& text) {
    auto sent = service_->messages.send_message(from, chat_.id, text, std::nullopt);
    EXPECT_TRUE(sent) << (sent ? "" : sent.error().message);
    return sent->message;
  }
  static constexpr std::int64_t kHour = 3600 * 1000;

  store::Chat chat_;
};

TEST_F(LifecycleTest, TheSenderEditsWithinTheWindowAndEveryVersionIsKept) {
  const auto m = send(alice_, "helo");
  auto edited = lifecycle().edit(alice_, m.id, "hello");
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->content, "hello");
  EXPECT_EQ(edited->edit_count, 1);
  ASSERT_EQ(events_.edited.size(), 1U);
  EXPECT_EQ(events_.edited[0].content, "hello");
  // The same text again stores nothing.
  ASSERT_TRUE(lifecycle().edit(alice_, m.id, "hello"));
  EXPECT_EQ(events_.edited.size(), 1U);

  EXPECT_EQ(code_of(lifecycle().edit(bob_, m.id, "mine now").error()), Errc::kForbidden);
  EXPECT_EQ(code_of(lifecycle().edit(eve_, m.id, "x").error()), Errc::kForbidden);  // not in the chat
  EXPECT_EQ(code_of(lifecycle().edit(alice_, m.id, "  ").error()), Errc::kInvalidInput);
  EXPECT_EQ(code_of(lifecycle().edit(alice_, m.id, std::string(21, 'x')).error()), Errc::kPayloadTooLarge);
  EXPECT_EQ(code_of(lifecycle().edit(alice_, util::uuid_v7(), "x").error()), Errc::kNotFound);

  auto versions = lifecycle().versions(bob_, m.id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2U);
  EXPECT_EQ((*versions)[0].content, "helo");
  EXPECT_EQ((*versions)[1].content, "hello");
  EXPECT_EQ(code_of(lifecycle().versions(eve_, m.id).error()), Errc::kForbidden);

  clock_.advance(48 * kHour + 1);
  EXPECT_EQ(code_of(lifecycle().edit(alice_, m.id, "late").error()), Errc::kEditWindowClosed);
}

TEST_F(LifecycleTest, DeletingForEveryoneLeavesATombstoneOnlyTheSenderMayMake) {
  const auto a = send(alice_, "oops");
  const auto b = send(bob_, "reply");
  EXPECT_EQ(code_of(lifecycle().remove(bob_, chat_.id, {a.id}, DeleteScope::kEveryone).error()), Errc::kForbidden);
  EXPECT_EQ(code_of(lifecycle().remove(alice_, chat_.id, {a.id, b.id}, DeleteScope::kEveryone).error()),
            Errc::kForbidden);  // all or none
  EXPECT_EQ(code_of(lifecycle().remove(alice_, chat_.id, {}, DeleteScope::kEveryone).error()), Errc::kInvalidInput);
  EXPECT_EQ(code_of(lifecycle().remove(alice_, chat_.id, {"x"}, DeleteScope::kEveryone).error()), Errc::kInvalidInput);
  auto gone = lifecycle().remove(alice_, chat_.id, {a.id, a.id}, DeleteScope::kEveryone);
  ASSERT_TRUE(gone) << gone.error().message;
  ASSERT_EQ(gone->size(), 1U);
  EXPECT_TRUE(gone->front().deleted_at.has_value());
  ASSERT_EQ(events_.deleted.size(), 1U);
  const auto json = message_json(gone->front());
  EXPECT_EQ(json.at("content").as_string(), kDeletedPlaceholder);
  EXPECT_TRUE(json.at("deleted").as_bool());
  EXPECT_EQ(code_of(lifecycle().edit(alice_, a.id, "back").error()), Errc::kInvalidInput);
  // Again: nothing new is announced.
  ASSERT_TRUE(lifecycle().remove(alice_, chat_.id, {a.id}, DeleteScope::kEveryone));
  EXPECT_EQ(events_.deleted.size(), 1U);

  clock_.advance(48 * kHour + 1);
  EXPECT_EQ(code_of(lifecycle().remove(bob_, chat_.id, {b.id}, DeleteScope::kEveryone).error()),
            Errc::kEditWindowClosed);
}

TEST_F(LifecycleTest, GroupAdminsDeleteAnyMessageOfTheirGroup) {
  const auto carol = user("carol");
  auto g = service_->groups.create(alice_, {"Team", "", {bob_, carol}});
  ASSERT_TRUE(g);
  auto sent = service_->messages.send_message(bob_, g->id, "spam", std::nullopt);
  ASSERT_TRUE(sent);
  EXPECT_EQ(code_of(lifecycle().remove(carol, g->id, {sent->message.id}, DeleteScope::kEveryone).error()),
            Errc::kForbidden);
  clock_.advance(100 * kHour);  // admins: whenever
  ASSERT_TRUE(lifecycle().remove(alice_, g->id, {sent->message.id}, DeleteScope::kEveryone));
  auto line = service_->conversations.history(alice_, g->id, {});
  ASSERT_TRUE(line);
  EXPECT_EQ(code_of(lifecycle().remove(alice_, g->id, {line->front().id}, DeleteScope::kEveryone).error()),
            Errc::kInvalidInput);  // the "created" line stays
}

TEST_F(LifecycleTest, AGroupMayShortenTheEditWindowButNotLengthenIt) {
  auto g = service_->groups.create(alice_, {"Team", "", {bob_}});
  ASSERT_TRUE(g);
  GroupSettingsPatch longer;
  longer.edit_window_seconds = 49 * 3600;  // past the server's 48 hours
  EXPECT_EQ(code_of(service_->groups.update_settings(alice_, g->id, longer).error()), Errc::kInvalidInput);
  GroupSettingsPatch shorter;
  shorter.edit_window_seconds = 60;
  EXPECT_EQ(code_of(service_->groups.update_settings(bob_, g->id, shorter).error()), Errc::kForbidden);
  auto changed = service_->groups.update_settings(alice_, g->id, shorter);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->group->settings.edit_window_seconds, 60);
  EXPECT_EQ(chat_json(*changed).at("settings").at("editWindowSeconds").as_int64(), 60);

  auto sent = service_->messages.send_message(bob_, g->id, "typo", std::nullopt);
  ASSERT_TRUE(sent);
  clock_.advance(59 * 1000);
  ASSERT_TRUE(lifecycle().edit(bob_, sent->message.id, "fixed"));
  clock_.advance(2 * 1000);
  EXPECT_EQ(code_of(lifecycle().edit(bob_, sent->message.id, "again").error()), Errc::kEditWindowClosed);
  // A private chat keeps the server's window.
  const auto m = send(alice_, "mine");
  clock_.advance(47 * kHour);
  EXPECT_TRUE(lifecycle().edit(alice_, m.id, "still mine"));
}

TEST_F(LifecycleTest, DeletingForOneselfHidesForThatUserOnly) {
  const auto a = send(alice_, "one");
  const auto b = send(bob_, "two");
  auto hidden = lifecycle().remove(bob_, chat_.id, {a.id}, DeleteScope::kMe);
  ASSERT_TRUE(hidden);
  ASSERT_EQ(events_.hidden.size(), 1U);
  EXPECT_EQ(events_.hidden[0].first, bob_);

  auto bobs = service_->conversations.history(bob_, chat_.id, {});
  ASSERT_TRUE(bobs);
  ASSERT_EQ(bobs->size(), 2U);  // kept in place, marked
  EXPECT_TRUE((*bobs)[0].hidden);
  EXPECT_FALSE((*bobs)[1].hidden);
  EXPECT_EQ(message_json((*bobs)[0]).at("content").as_string(), kDeletedPlaceholder);
  auto alices = service_->conversations.history(alice_, chat_.id, {});
  ASSERT_TRUE(alices);
  EXPECT_FALSE((*alices)[0].hidden);
  EXPECT_EQ((*alices)[0].content, "one");
  EXPECT_EQ(code_of(lifecycle().remove(eve_, chat_.id, {b.id}, DeleteScope::kMe).error()), Errc::kForbidden);
}

TEST_F(LifecycleTest, TheChangeFeedTellsAReturningDeviceWhatChanged) {
  const auto a = send(alice_, "first");
  const auto b = send(alice_, "second");
  const auto seen = service_->conversations.get_chat(bob_, chat_.id)->change_seq;
  ASSERT_TRUE(lifecycle().edit(alice_, a.id, "first, edited"));
  ASSERT_TRUE(lifecycle().remove(alice_, chat_.id, {b.id}, DeleteScope::kEveryone));
  ASSERT_TRUE(lifecycle().remove(bob_, chat_.id, {a.id}, DeleteScope::kMe));
  auto page = lifecycle().changes(bob_, chat_.id, seen, 100);
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->messages.size(), 2U);
  EXPECT_EQ(page->messages[0].content, "first, edited");
  EXPECT_TRUE(page->messages[1].deleted_at.has_value());
  EXPECT_EQ(page->hidden, std::vector<std::string>{a.id});
  EXPECT_EQ(page->until, service_->conversations.get_chat(bob_, chat_.id)->change_seq);
  EXPECT_EQ(code_of(lifecycle().changes(eve_, chat_.id, 0, 100).error()), Errc::kForbidden);
}

}  // namespace
}  // namespace parley::chat
