// Custom emoji: who manages which set, what an upload must be, and their use in reactions.
#include "chat/services_fixture.hpp"
#include "media/image.hpp"
#include "media/test_images.hpp"

#include <algorithm>

namespace parley::chat {
namespace {

// A `size` x `size` PNG.
std::string png(int size) { return media::testing::png(size, size); }

class EmojiTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    ChatOptions o = service_->options();
    o.server_admins = {"alice@example.com"};
    o.max_custom_emoji = 2;
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_);
    auto group = service_->groups.create(bob_, {"Book club", "", {alice_, eve_}});
    ASSERT_TRUE(group) << group.error().message;
    group_ = group->id;
  }
  EmojiService& emoji() { return service_->emoji; }
  std::string group_;
};

TEST_F(EmojiTest, ServerAdminsManageTheServersSetAndEveryoneSeesIt) {
  auto added = emoji().add(alice_, std::nullopt, "party", png(300));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->scope, "");
  ASSERT_EQ(events_.emoji.size(), 1U);
  EXPECT_EQ(events_.emoji[0], "");
  auto image = emoji().image(added->id);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->mime, "image/webp");
  EXPECT_EQ(media::sniff_image(image->image), "image/webp");
  const auto fitted = media::fit_square(image->image, 1024);
  ASSERT_TRUE(fitted);
  EXPECT_EQ(fitted->width, 128);  // scaled down from 300

  auto seen = emoji().list(eve_, std::nullopt);
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->emoji.size(), 1U);
  EXPECT_FALSE(seen->can_manage);
  EXPECT_TRUE(emoji().list(alice_, std::nullopt)->can_manage);

  EXPECT_EQ(emoji().add(bob_, std::nullopt, "cake", png(64)).error().code, Errc::kForbidden);
  EXPECT_EQ(emoji().remove(bob_, std::nullopt, "party").error().code, Errc::kForbidden);
  EXPECT_EQ(emoji().add(alice_, std::nullopt, "party", png(64)).error().code, Errc::kConflict);
  ASSERT_TRUE(emoji().add(alice_, std::nullopt, "cake", png(64)));
  EXPECT_EQ(emoji().add(alice_, std::nullopt, "owl", png(64)).error().code, Errc::kEmojiLimit);
  ASSERT_TRUE(emoji().remove(alice_, std::nullopt, "party"));
  EXPECT_EQ(emoji().remove(alice_, std::nullopt, "party").error().code, Errc::kNotFound);
}

TEST_F(EmojiTest, GroupAdminsManageTheGroupsSetForItsMembers) {
  ASSERT_TRUE(emoji().add(bob_, group_, "book", png(64)));  // the owner
  EXPECT_EQ(events_.emoji.back(), group_);
  EXPECT_EQ(emoji().add(eve_, group_, "cat", png(64)).error().code, Errc::kForbidden);  // a member
  auto seen = emoji().list(eve_, group_);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->emoji.size(), 1U);
  EXPECT_FALSE(seen->can_manage);
  const std::string stranger = user("sam");
  EXPECT_EQ(emoji().list(stranger, group_).error().code, Errc::kForbidden);
  EXPECT_EQ(emoji().add(stranger, group_, "cat", png(64)).error().code, Errc::kForbidden);
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  EXPECT_EQ(emoji().add(alice_, chat->id, "cat", png(64)).error().code, Errc::kInvalidInput);
}

TEST_F(EmojiTest, AnUploadMustBeASmallImageWithAGoodShortcode) {
  for (const char* bad : {"a", "Party", "par ty", "party!", ":party:", ""}) {
    EXPECT_EQ(emoji().add(alice_, std::nullopt, bad, png(64)).error().code, Errc::kInvalidInput) << bad;
  }
  EXPECT_EQ(emoji().add(alice_, std::nullopt, "svg", "<svg xmlns='http://www.w3.org/2000/svg'/>").error().code,
            Errc::kInvalidInput);
  const std::string big = png(64) + std::string(EmojiService::kMaxImageBytes, '\0');
  EXPECT_EQ(emoji().add(alice_, std::nullopt, "big", big).error().code, Errc::kPayloadTooLarge);
  EXPECT_TRUE(events_.emoji.empty());
}

TEST_F(EmojiTest, ReactionsTakeTheServersAndTheGroupsEmojiOnly) {
  ASSERT_TRUE(emoji().add(alice_, std::nullopt, "party", png(64)));
  ASSERT_TRUE(emoji().add(bob_, group_, "book", png(64)));
  auto in_group = service_->messages.send_message(eve_, group_, "hi", std::nullopt);
  ASSERT_TRUE(in_group);
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  auto in_private = service_->messages.send_message(alice_, chat->id, "hi", std::nullopt);
  ASSERT_TRUE(in_private);

  EXPECT_TRUE(service_->reactions.react(alice_, in_group->message.id, ":party:", std::nullopt));
  auto book = service_->reactions.react(alice_, in_group->message.id, ":book:", std::nullopt);
  ASSERT_TRUE(book);
  auto mine = book->message.my_reactions;
  std::sort(mine.begin(), mine.end());
  EXPECT_EQ(mine, (std::vector<std::string>{":book:", ":party:"}));
  EXPECT_TRUE(service_->reactions.react(bob_, in_private->message.id, ":party:", std::nullopt));
  // The group's set is the group's.
  EXPECT_EQ(service_->reactions.react(bob_, in_private->message.id, ":book:", std::nullopt).error().code,
            Errc::kInvalidInput);
  EXPECT_EQ(service_->reactions.react(bob_, in_private->message.id, ":nope:", std::nullopt).error().code,
            Errc::kInvalidInput);
  // Removed from the set: a reaction with it can still be taken back, not put on again.
  ASSERT_TRUE(emoji().remove(bob_, group_, "book"));
  auto off = service_->reactions.react(alice_, in_group->message.id, ":book:", std::nullopt);
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->added);
  EXPECT_EQ(service_->reactions.react(alice_, in_group->message.id, ":book:", std::nullopt).error().code,
            Errc::kInvalidInput);
}

}  // namespace
}  // namespace parley::chat
