// GroupService: every rule of who may do what in a group, tried by a member who has the right
// and one who has not, and what each change leaves in the timeline.
#include "chat/services_fixture.hpp"
#include "chat/wire.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

using store::Policy;
using store::Role;

template <class Set>
GroupSettingsPatch patch(const Set& set) {
  GroupSettingsPatch p;
  set(p);
  return p;
}

class GroupsTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    carol_ = user("carol");
    dave_ = user("dave");
  }

  // A group of alice (owner), bob, carol and dave.
  store::Chat team() {
    auto g = groups().create(alice_, {"Team", "", {bob_, carol_, dave_}});
    EXPECT_TRUE(g) << (g ? "" : g.error().message);
    return *g;
  }
  GroupService& groups() { return service_->groups; }
  Role role_of(const store::Chat& g, const std::string& user) {
    auto m = store_->member(g.id, user);
    EXPECT_TRUE(m);
    return m ? m->role : Role::kMember;
  }
  // The system lines of the group's timeline, by type.
  std::vector<std::string> line_types(const store::Chat& g) {
    std::vector<std::string> types;
    auto page = store_->history(g.id, store::HistoryQuery{});
    EXPECT_TRUE(page);
    for (const auto& m : *page) {
      if (m.kind == "system") types.emplace_back(boost::json::parse(*m.system).at("type").as_string());
    }
    return types;
  }
  static Errc code(const Error& e) { return e.code; }

  std::string carol_, dave_;
};

TEST_F(GroupsTest, CreatingAGroupChecksItsTitleAndMembers) {
  EXPECT_EQ(groups().create(alice_, {"", "", {bob_}}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(groups().create(alice_, {"   ", "", {bob_}}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(groups().create(alice_, {std::string(129, 'x'), "", {bob_}}).error().code, Errc::kPayloadTooLarge);
  EXPECT_EQ(groups().create(alice_, {"T", std::string(2001, 'x'), {bob_}}).error().code, Errc::kPayloadTooLarge);
  EXPECT_EQ(groups().create(alice_, {"T", "", {"nope"}}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(groups().create(alice_, {"T", "", {util::uuid_v7()}}).error().code, Errc::kNotFound);
  EXPECT_EQ(groups().create(alice_, {"T\xff", "", {bob_}}).error().code, Errc::kInvalidInput);

  auto g = groups().create(alice_, {"Climbing 🧗", "Weekends", {bob_, bob_, alice_, carol_}});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->kind, "group");
  EXPECT_EQ(g->participants, (std::vector<std::string>{alice_, bob_, carol_}));  // duplicates and self dropped
  EXPECT_EQ(g->group->title, "Climbing 🧗");
  EXPECT_EQ(g->group->member_count, 3);
  EXPECT_EQ(g->group->avatar_color.size(), 7U);
  EXPECT_EQ(role_of(*g, alice_), Role::kOwner);
  EXPECT_EQ(role_of(*g, bob_), Role::kMember);
  EXPECT_EQ(line_types(*g), std::vector<std::string>{"created"});
  EXPECT_TRUE(events_.chats.empty());    // chat_created is a private chat's
  ASSERT_EQ(events_.groups.size(), 1U);  // a new group: every member added
  EXPECT_EQ(events_.groups[0].added, (std::vector<std::string>{alice_, bob_, carol_}));
  ASSERT_EQ(events_.created.size(), 1U);
  EXPECT_EQ(events_.created[0].kind, "system");

  const auto json = chat_json(*g, Role::kOwner);
  EXPECT_EQ(json.at("kind").as_string(), "group");
  EXPECT_EQ(json.at("role").as_string(), "owner");
  EXPECT_EQ(json.at("memberCount").as_int64(), 3);
}

TEST_F(GroupsTest, OutsidersMayDoNothingAndPrivateChatsAreNoGroups) {
  const auto g = team();
  EXPECT_EQ(groups().add_members(eve_, g.id, {eve_}).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().leave(eve_, g.id).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().update_info(eve_, g.id, {"Mine", std::nullopt, std::nullopt}).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().members(eve_, g.id, -1, 10).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->messages.send_message(eve_, g.id, "hi", std::nullopt).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->conversations.history(eve_, g.id, {}).error().code, Errc::kForbidden);

  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  ASSERT_TRUE(chat);
  EXPECT_EQ(groups().add_members(alice_, chat->id, {carol_}).error().code, Errc::kInvalidInput);
  EXPECT_EQ(groups().leave(alice_, util::uuid_v7()).error().code, Errc::kNotFound);
  EXPECT_EQ(groups().leave(alice_, "nope").error().code, Errc::kInvalidInput);
}

TEST_F(GroupsTest, AddingMembersFollowsTheGroupsPolicy) {
  const auto g = team();
  // Everyone may add by default.
  auto added = groups().add_members(bob_, g.id, {eve_});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->group->member_count, 5);
  ASSERT_EQ(events_.groups.size(), 2U);  // created, added
  EXPECT_EQ(events_.groups[1].added, std::vector<std::string>{eve_});
  EXPECT_EQ(groups().add_members(bob_, g.id, {eve_}).error().code, Errc::kConflict);  // a member already

  ASSERT_TRUE(
      groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.add_members = Policy::kAdmins; })));
  const auto frank = user("frank");
  EXPECT_EQ(groups().add_members(bob_, g.id, {frank}).error().code, Errc::kForbidden);
  ASSERT_TRUE(groups().set_role(alice_, g.id, carol_, Role::kAdmin));
  EXPECT_TRUE(groups().add_members(carol_, g.id, {frank}));
  EXPECT_EQ(line_types(g),
            (std::vector<std::string>{"created", "member_added", "settings_changed", "role_changed", "member_added"}));
}

TEST_F(GroupsTest, TheMemberLimitHolds) {
  const auto g = team();
  ASSERT_TRUE(groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.member_limit = 4; })));
  EXPECT_EQ(groups().add_members(alice_, g.id, {eve_}).error().code, Errc::kGroupFull);
  EXPECT_EQ(
      groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.member_limit = 3; })).error().code,
      Errc::kInvalidInput);
  EXPECT_EQ(
      groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.member_limit = -1; })).error().code,
      Errc::kInvalidInput);
}

TEST_F(GroupsTest, OnlyAdminsRemoveMembersAndNobodyRemovesTheOwner) {
  const auto g = team();
  EXPECT_EQ(groups().remove_member(bob_, g.id, carol_).error().code, Errc::kForbidden);
  ASSERT_TRUE(groups().set_role(alice_, g.id, bob_, Role::kAdmin));
  EXPECT_EQ(groups().remove_member(bob_, g.id, alice_).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().remove_member(bob_, g.id, eve_).error().code, Errc::kNotFound);
  auto removed = groups().remove_member(bob_, g.id, carol_);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(removed->group->member_count, 3);
  EXPECT_EQ(events_.groups.back().removed, std::vector<std::string>{carol_});

  // Removal takes effect at once: carol can neither read nor write the group.
  EXPECT_EQ(service_->messages.send_message(carol_, g.id, "still here?", std::nullopt).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->conversations.history(carol_, g.id, {}).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().leave(carol_, g.id).error().code, Errc::kForbidden);
  auto chats = service_->conversations.list_chats(carol_);
  ASSERT_TRUE(chats);
  EXPECT_TRUE(chats->empty());
}

TEST_F(GroupsTest, RolesChangeByTheOwnerAndByAdminsButNeverTheOwners) {
  const auto g = team();
  EXPECT_EQ(groups().set_role(bob_, g.id, carol_, Role::kAdmin).error().code, Errc::kForbidden);
  ASSERT_TRUE(groups().set_role(alice_, g.id, bob_, Role::kAdmin));
  EXPECT_EQ(groups().set_role(alice_, g.id, bob_, Role::kAdmin).error().code, Errc::kConflict);
  ASSERT_TRUE(groups().set_role(bob_, g.id, carol_, Role::kAdmin));   // an admin promotes
  ASSERT_TRUE(groups().set_role(bob_, g.id, carol_, Role::kMember));  // and demotes
  EXPECT_EQ(groups().set_role(bob_, g.id, alice_, Role::kMember).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().set_role(bob_, g.id, bob_, Role::kMember).error().code, Errc::kInvalidInput);
  EXPECT_EQ(groups().set_role(alice_, g.id, carol_, Role::kOwner).error().code, Errc::kInvalidInput);
  EXPECT_EQ(role_of(g, carol_), Role::kMember);
}

TEST_F(GroupsTest, OwnershipTransfersOnlyFromTheOwner) {
  const auto g = team();
  EXPECT_EQ(groups().transfer_ownership(bob_, g.id, carol_).error().code, Errc::kForbidden);
  EXPECT_EQ(groups().transfer_ownership(alice_, g.id, eve_).error().code, Errc::kNotFound);
  ASSERT_TRUE(groups().transfer_ownership(alice_, g.id, carol_));
  EXPECT_EQ(role_of(g, carol_), Role::kOwner);
  EXPECT_EQ(role_of(g, alice_), Role::kAdmin);
}

TEST_F(GroupsTest, AnOwnerWhoLeavesHandsOverToTheLongestServingAdminElseMember) {
  const auto g = team();
  ASSERT_TRUE(groups().set_role(alice_, g.id, dave_, Role::kAdmin));
  ASSERT_TRUE(groups().leave(alice_, g.id));
  EXPECT_EQ(role_of(g, dave_), Role::kOwner);  // the admin, though bob joined as early
  ASSERT_TRUE(groups().leave(dave_, g.id));
  EXPECT_EQ(role_of(g, bob_), Role::kOwner);  // no admin left: the longest-serving member
  ASSERT_TRUE(groups().leave(carol_, g.id));
  auto last = groups().leave(bob_, g.id);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->group->member_count, 0);  // the group ended
  EXPECT_EQ(line_types(g), (std::vector<std::string>{"created", "role_changed", "member_left", "owner_changed",
                                                     "member_left", "owner_changed", "member_left", "member_left"}));
}

TEST_F(GroupsTest, InfoFollowsItsPolicyAndSettingsNeedAnAdmin) {
  const auto g = team();
  EXPECT_EQ(groups().update_info(bob_, g.id, {"Bob's", std::nullopt, std::nullopt}).error().code, Errc::kForbidden);
  EXPECT_EQ(groups()
                .update_settings(bob_, g.id, patch([](GroupSettingsPatch& p) { p.edit_info = Policy::kEveryone; }))
                .error()
                .code,
            Errc::kForbidden);
  ASSERT_TRUE(
      groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.edit_info = Policy::kEveryone; })));
  auto renamed = groups().update_info(bob_, g.id, {"Bob's", "All of us", std::nullopt});
  ASSERT_TRUE(renamed) << renamed.error().message;
  EXPECT_EQ(renamed->group->title, "Bob's");
  EXPECT_EQ(renamed->group->description, "All of us");
  EXPECT_EQ(groups().update_info(bob_, g.id, {std::nullopt, std::nullopt, "red"}).error().code, Errc::kInvalidInput);
  EXPECT_TRUE(groups().update_info(bob_, g.id, {std::nullopt, std::nullopt, "#aa00cc"}));
  EXPECT_EQ(groups()
                .update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.slow_mode_seconds = 86401; }))
                .error()
                .code,
            Errc::kInvalidInput);
  EXPECT_EQ(groups()
                .update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.edit_info = Policy::kEveryone; }))
                .error()
                .code,
            Errc::kConflict);
}

TEST_F(GroupsTest, AnAnnouncementGroupLetsOnlyAdminsSend) {
  const auto g = team();
  ASSERT_TRUE(service_->messages.send_message(bob_, g.id, "hello all", std::nullopt));
  ASSERT_TRUE(groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.send = Policy::kAdmins; })));
  EXPECT_EQ(service_->messages.send_message(bob_, g.id, "me too", std::nullopt).error().code, Errc::kForbidden);
  auto sent = service_->messages.send_message(alice_, g.id, "news", std::nullopt);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->message.status, store::Status::kSent);
}

TEST_F(GroupsTest, SlowModeSpacesAMembersMessagesButNotAnAdmins) {
  const auto g = team();
  ASSERT_TRUE(groups().update_settings(alice_, g.id, patch([](GroupSettingsPatch& p) { p.slow_mode_seconds = 30; })));
  ASSERT_TRUE(service_->messages.send_message(bob_, g.id, "first", std::nullopt));
  auto second = service_->messages.send_message(bob_, g.id, "second", std::nullopt);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Errc::kRateLimited);
  EXPECT_NE(second.error().message.find("30 s"), std::string::npos) << second.error().message;
  ASSERT_TRUE(service_->messages.send_message(alice_, g.id, "owner", std::nullopt));
  ASSERT_TRUE(service_->messages.send_message(alice_, g.id, "owner again", std::nullopt));
  clock_.advance(30000);
  EXPECT_TRUE(service_->messages.send_message(bob_, g.id, "later", std::nullopt));
}

TEST_F(GroupsTest, MembersArePagedWithTheirRolesAndNames) {
  const auto g = team();
  auto first = groups().members(bob_, g.id, -1, 3);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->members.size(), 3U);
  EXPECT_EQ(first->members[0].user.name, "alice");
  EXPECT_EQ(first->members[0].member.role, Role::kOwner);
  EXPECT_TRUE(first->members[0].user.password_hash.empty());
  ASSERT_TRUE(first->next_after.has_value());
  auto rest = groups().members(bob_, g.id, *first->next_after, 3);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->members.size(), 1U);
  EXPECT_EQ(rest->members[0].user.name, "dave");
  EXPECT_FALSE(rest->next_after.has_value());
}

TEST_F(GroupsTest, AMessageIsReadExactlyWhenTheLastMemberReadsIt) {
  const auto g = team();
  auto sent = service_->messages.send_message(alice_, g.id, "read me", std::nullopt);
  ASSERT_TRUE(sent);
  const auto seq = sent->message.seq;
  const auto status = [&] {
    auto page = service_->conversations.history(alice_, g.id, {});
    EXPECT_TRUE(page);
    return page->back().status;
  };
  EXPECT_EQ(status(), store::Status::kSent);
  ASSERT_TRUE(service_->messages.delivered_up_to(bob_, g.id, seq));
  ASSERT_TRUE(service_->messages.delivered_up_to(carol_, g.id, seq));
  EXPECT_EQ(status(), store::Status::kSent);  // dave's devices have not got it
  EXPECT_TRUE(events_.receipts.empty());
  ASSERT_TRUE(service_->messages.read_up_to(dave_, g.id, seq));  // reading implies delivery
  EXPECT_EQ(status(), store::Status::kDelivered);
  ASSERT_EQ(events_.receipts.size(), 1U);
  EXPECT_EQ(events_.receipts[0].delivered, seq);
  EXPECT_EQ(events_.receipts[0].read, 0);  // bob and carol have read nothing
  ASSERT_TRUE(service_->messages.read_up_to(bob_, g.id, seq));
  ASSERT_TRUE(service_->messages.mark_read(carol_, sent->message.id));
  EXPECT_EQ(status(), store::Status::kRead);
  EXPECT_EQ(events_.receipts.back().read, seq);

  auto receipts = groups().receipts(alice_, g.id, sent->message.id, -1, 10);
  ASSERT_TRUE(receipts) << receipts.error().message;
  EXPECT_EQ(receipts->members.size(), 4U);
  EXPECT_EQ(receipts->seq, seq);
  EXPECT_EQ(groups().receipts(eve_, "", sent->message.id, -1, 10).error().code, Errc::kForbidden);
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  auto private_message = service_->messages.send_message(alice_, chat->id, "p", std::nullopt);
  EXPECT_EQ(groups().receipts(alice_, "", private_message->message.id, -1, 10).error().code, Errc::kInvalidInput);
}

}  // namespace
}  // namespace parley::chat
