// GroupService's invite links: who may make, list and revoke them, what their holder sees,
// and joining within a link's limits.
#include "chat/services_fixture.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

using store::Role;

class InvitesTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    carol_ = user("carol");
    dave_ = user("dave");
    auto g = groups().create(alice_, {"Team", "Our team", {bob_}});
    ASSERT_TRUE(g);
    team_ = *g;
  }
  GroupService& groups() { return service_->groups; }
  store::Invite invite(NewInvite r = {}) {
    auto made = groups().create_invite(alice_, team_.id, r);
    EXPECT_TRUE(made) << (made ? "" : made.error().message);
    return made ? *made : store::Invite{};
  }
  std::string last_line_type() {
    auto page = store_->history(team_.id, store::HistoryQuery{});
    EXPECT_TRUE(page && !page->empty());
    return std::string(boost::json::parse(*page->back().system).at("type").as_string());
  }

  std::string carol_, dave_;
  store::Chat team_;
};

TEST_F(InvitesTest, OnlyAdminsMakeListAndRevokeLinks) {
  EXPECT_EQ(groups().create_invite(bob_, team_.id, {}).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().create_invite(carol_, team_.id, {}).error().code, Errc::kForbidden);
  const auto link = invite();
  EXPECT_EQ(link.token.size(), 22U);
  EXPECT_EQ(link.created_by, alice_);
  EXPECT_EQ(groups().invites(bob_, team_.id).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().revoke_invite(bob_, team_.id, link.token).error().code, Errc::kForbidden);

  ASSERT_TRUE(groups().set_role(alice_, team_.id, bob_, Role::kAdmin));
  auto listed = groups().invites(bob_, team_.id);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().token, link.token);
  auto revoked = groups().revoke_invite(bob_, team_.id, link.token);
  ASSERT_TRUE(revoked);
  EXPECT_NE(revoked->revoked_at, 0);
  EXPECT_TRUE(groups().invites(alice_, team_.id)->empty());
  EXPECT_EQ(groups().revoke_invite(alice_, team_.id, "not-a-token").error().code, Errc::kNotFound);
}

TEST_F(InvitesTest, LinkLimitsAreChecked) {
  EXPECT_EQ(groups().create_invite(alice_, team_.id, NewInvite{0, 0}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(groups().create_invite(alice_, team_.id, {NewInvite{GroupService::kMaxInviteSeconds + 1, 0}}).error().code,
            Errc::kInvalidInput);
  EXPECT_EQ(groups().create_invite(alice_, team_.id, {NewInvite{std::nullopt, -1}}).error().code, Errc::kInvalidInput);
  const auto link = invite({3600, 5});
  EXPECT_EQ(link.expires_at, link.created_at + 3'600'000);
  EXPECT_EQ(link.max_uses, 5);
  for (std::size_t i = 1; i < GroupService::kMaxUsableInvites; ++i) invite();
  EXPECT_EQ(groups().create_invite(alice_, team_.id, {}).error().code, Errc::kConflict);
}

TEST_F(InvitesTest, AHolderSeesTheGroupAndJoinsOnce) {
  const auto link = invite({std::nullopt, 2});
  auto seen = groups().preview(carol_, link.token);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->chat.group->title, "Team");
  EXPECT_EQ(seen->chat.group->member_count, 2);
  EXPECT_FALSE(seen->member);
  EXPECT_EQ(groups().preview(carol_, "AAAAAAAAAAAAAAAAAAAAAA").error().code, Errc::kNotFound);
  EXPECT_EQ(groups().preview(carol_, "../etc").error().code, Errc::kNotFound);

  auto joined = groups().join(carol_, link.token);
  ASSERT_TRUE(joined) << joined.error().message;
  EXPECT_EQ(joined->group->member_count, 3);
  EXPECT_EQ(store_->member(team_.id, carol_)->role, Role::kMember);
  EXPECT_EQ(last_line_type(), "member_joined");
  ASSERT_FALSE(events_.groups.empty());
  EXPECT_EQ(events_.groups.back().added, std::vector<std::string>{carol_});
  EXPECT_EQ(store_->invite(link.token)->uses, 1);

  // Joining again counts no use; a member's preview says so.
  ASSERT_TRUE(groups().join(carol_, link.token));
  EXPECT_EQ(store_->invite(link.token)->uses, 1);
  EXPECT_TRUE(groups().preview(carol_, link.token)->member);

  ASSERT_TRUE(groups().join(dave_, link.token));
  const auto eves = groups().join(eve_, link.token);
  ASSERT_FALSE(eves);
  EXPECT_EQ(eves.error().code, Errc::kInviteInvalid);
  EXPECT_EQ(eves.error().message, "This invite link has been used up");
  EXPECT_EQ(groups().preview(eve_, link.token).error().code, Errc::kInviteInvalid);
}

TEST_F(InvitesTest, ExpiredAndRevokedLinksAdmitNobody) {
  const auto hour = invite({3600, 0});
  const auto forever = invite();
  clock_.advance(3'600'000);
  auto late = groups().join(carol_, hour.token);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::kInviteInvalid);
  EXPECT_EQ(late.error().message, "This invite link has expired");
  ASSERT_TRUE(groups().revoke_invite(alice_, team_.id, forever.token));
  EXPECT_EQ(groups().join(carol_, forever.token).error().message, "This invite link was revoked");
  EXPECT_FALSE(store_->member(team_.id, carol_));
}

TEST_F(InvitesTest, AFullGroupTurnsJoinersAway) {
  GroupSettingsPatch p;
  p.member_limit = 2;
  ASSERT_TRUE(groups().update_settings(alice_, team_.id, p));
  const auto link = invite();
  EXPECT_EQ(groups().join(carol_, link.token).error().code, Errc::kGroupFull);
  EXPECT_EQ(store_->invite(link.token)->uses, 0);
}

TEST_F(InvitesTest, AnEndedGroupTakesNobodyIn) {
  const auto link = invite();
  ASSERT_TRUE(groups().leave(bob_, team_.id));
  ASSERT_TRUE(groups().leave(alice_, team_.id));
  EXPECT_EQ(groups().join(carol_, link.token).error().message, "This group has ended");
}

}  // namespace
}  // namespace parley::chat
