// The conformance suite, part 8: invite links of groups (store/groups.hpp): creating, reading,
// listing and revoking them, and joining with one inside a group edit.
#include "store/store_conformance.hpp"

#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

Invite invite_of(const Chat& group, const User& by, const std::string& token, TimeMs at = kT0) {
  Invite i;
  i.token = token;
  i.chat_id = group.id;
  i.created_by = by.id;
  i.created_at = at;
  return i;
}

Member joiner(const User& user, TimeMs at) {
  Member m;
  m.user_id = user.id;
  m.joined_at = at;
  return m;
}

}  // namespace

TEST_P(StoreConformance, InvitesAreStoredReadAndListedNewestFirst) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  Invite first = invite_of(g.chat, alice_, "tok-first-aaaaaaaaaaaa", kT0);
  first.expires_at = kT0 + 60'000;
  first.max_uses = 5;
  const Invite stored = must(store().create_invite(first, 10), "create_invite");
  EXPECT_EQ(stored, first);
  must(store().create_invite(invite_of(g.chat, bob_, "tok-second-aaaaaaaaaaa", kT0 + 1), 10), "create_invite");

  EXPECT_EQ(must(store().invite(first.token), "invite"), first);
  EXPECT_EQ(error_of(store().invite("tok-unknown-aaaaaaaaaa")), Errc::kNotFound);
  const auto listed = must(store().invites(g.chat.id), "invites");
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0].token, "tok-second-aaaaaaaaaaa");
  EXPECT_EQ(listed[0].created_by, bob_.id);
  EXPECT_EQ(listed[1], first);
  EXPECT_TRUE(must(store().invites(chat_.id), "invites").empty());
}

TEST_P(StoreConformance, InvitesNeedAGroupAFreshTokenAndRoomUnderTheLimit) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  EXPECT_EQ(error_of(store().create_invite(invite_of(chat_, alice_, "tok-private-aaaaaaaaaa"), 10)), Errc::kNotFound);
  Invite unknown = invite_of(g.chat, alice_, "tok-nochat-aaaaaaaaaaa");
  unknown.chat_id = next_id();
  EXPECT_EQ(error_of(store().create_invite(unknown, 10)), Errc::kNotFound);

  must(store().create_invite(invite_of(g.chat, alice_, "tok-a-aaaaaaaaaaaaaaaa"), 2), "create_invite");
  EXPECT_EQ(error_of(store().create_invite(invite_of(g.chat, bob_, "tok-a-aaaaaaaaaaaaaaaa"), 2)), Errc::kConflict);
  Invite expired = invite_of(g.chat, alice_, "tok-b-aaaaaaaaaaaaaaaa");
  expired.expires_at = kT0 + 10;
  must(store().create_invite(expired, 2), "create_invite");
  EXPECT_EQ(error_of(store().create_invite(invite_of(g.chat, alice_, "tok-c-aaaaaaaaaaaaaaaa", kT0 + 5), 2)),
            Errc::kLimit);
  // Expired and revoked invites do not count.
  must(store().create_invite(invite_of(g.chat, alice_, "tok-c-aaaaaaaaaaaaaaaa", kT0 + 10), 2), "create_invite");
  must(store().revoke_invite(g.chat.id, "tok-a-aaaaaaaaaaaaaaaa", kT0 + 11), "revoke_invite");
  must(store().create_invite(invite_of(g.chat, alice_, "tok-d-aaaaaaaaaaaaaaaa", kT0 + 12), 2), "create_invite");
}

TEST_P(StoreConformance, RevokingKeepsTheFirstTimeAndTakesTheInviteOffTheList) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  const GroupEdited other = must(store().create_group(new_group({alice_, carol_}, "Other")), "create_group");
  must(store().create_invite(invite_of(g.chat, alice_, "tok-r-aaaaaaaaaaaaaaaa"), 10), "create_invite");
  EXPECT_EQ(error_of(store().revoke_invite(other.chat.id, "tok-r-aaaaaaaaaaaaaaaa", kT0 + 1)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().revoke_invite(g.chat.id, "tok-unknown-aaaaaaaaaa", kT0 + 1)), Errc::kNotFound);
  EXPECT_EQ(must(store().revoke_invite(g.chat.id, "tok-r-aaaaaaaaaaaaaaaa", kT0 + 2), "revoke").revoked_at, kT0 + 2);
  EXPECT_EQ(must(store().revoke_invite(g.chat.id, "tok-r-aaaaaaaaaaaaaaaa", kT0 + 3), "revoke").revoked_at, kT0 + 2);
  EXPECT_EQ(must(store().invite("tok-r-aaaaaaaaaaaaaaaa"), "invite").revoked_at, kT0 + 2);
  EXPECT_TRUE(must(store().invites(g.chat.id), "invites").empty());
}

TEST_P(StoreConformance, JoiningWithAnInviteCountsAUseInTheSameEdit) {
  add_cast();
  const User dave = add_user("Dave");
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  Invite inv = invite_of(g.chat, alice_, "tok-j-aaaaaaaaaaaaaaaa");
  inv.max_uses = 1;
  must(store().create_invite(inv, 10), "create_invite");

  GroupEdit join = edit_of(g.chat, kT0 + 1);
  join.add = {joiner(carol_, kT0 + 1)};
  join.invite = inv.token;
  join.system = {system_line(g.chat.id, carol_, "joined", kT0 + 1)};
  const GroupEdited joined = must(store().edit_group(join), "edit_group");
  EXPECT_EQ(joined.chat.group->member_count, 3);
  EXPECT_EQ(must(store().invite(inv.token), "invite").uses, 1);

  // Used up: the next join changes nothing.
  GroupEdit again = edit_of(joined.chat, kT0 + 2);
  again.add = {joiner(dave, kT0 + 2)};
  again.invite = inv.token;
  EXPECT_EQ(error_of(store().edit_group(again)), Errc::kInvalid);
  EXPECT_EQ(error_of(store().member(g.chat.id, dave.id)), Errc::kNotFound);
  EXPECT_EQ(must(store().invite(inv.token), "invite").uses, 1);
  EXPECT_EQ(must(store().chat_by_id(g.chat.id), "chat_by_id").group->version, joined.chat.group->version);
}

TEST_P(StoreConformance, ExpiredRevokedAndForeignInvitesAdmitNobody) {
  add_cast();
  const User dave = add_user("Dave");
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  const GroupEdited other = must(store().create_group(new_group({alice_, bob_}, "Other")), "create_group");
  Invite expiring = invite_of(g.chat, alice_, "tok-x-aaaaaaaaaaaaaaaa");
  expiring.expires_at = kT0 + 10;
  must(store().create_invite(expiring, 10), "create_invite");
  must(store().create_invite(invite_of(g.chat, alice_, "tok-v-aaaaaaaaaaaaaaaa"), 10), "create_invite");
  must(store().revoke_invite(g.chat.id, "tok-v-aaaaaaaaaaaaaaaa", kT0 + 1), "revoke_invite");
  must(store().create_invite(invite_of(other.chat, alice_, "tok-o-aaaaaaaaaaaaaaaa"), 10), "create_invite");

  const auto join_with = [&](const std::string& token, TimeMs at) {
    GroupEdit e = edit_of(g.chat, at);
    e.add = {joiner(dave, at)};
    e.invite = token;
    return error_of(store().edit_group(e));
  };
  EXPECT_EQ(join_with("tok-x-aaaaaaaaaaaaaaaa", kT0 + 10), Errc::kInvalid);  // expires at kT0 + 10
  EXPECT_EQ(join_with("tok-v-aaaaaaaaaaaaaaaa", kT0 + 2), Errc::kInvalid);
  EXPECT_EQ(join_with("tok-o-aaaaaaaaaaaaaaaa", kT0 + 2), Errc::kInvalid);
  EXPECT_EQ(join_with("tok-unknown-aaaaaaaaaa", kT0 + 2), Errc::kInvalid);
  EXPECT_EQ(error_of(store().member(g.chat.id, dave.id)), Errc::kNotFound);
  EXPECT_EQ(join_with("tok-x-aaaaaaaaaaaaaaaa", kT0 + 9), std::nullopt);
  EXPECT_EQ(must(store().member(g.chat.id, dave.id), "member").joined_at, kT0 + 9);
}

TEST_P(StoreConformance, ConcurrentJoinsNeverPassTheMaximumUses) {
  add_cast();
  constexpr int kJoiners = 6;
  std::vector<User> users;
  for (int i = 0; i < kJoiners; ++i) users.push_back(add_user("Joiner " + std::to_string(i)));
  const GroupEdited g = must(store().create_group(new_group({alice_}, "Team")), "create_group");
  Invite inv = invite_of(g.chat, alice_, "tok-c-aaaaaaaaaaaaaaaa");
  inv.max_uses = 2;
  must(store().create_invite(inv, 10), "create_invite");

  // Each joiner retries on a version conflict, as the domain does, until it joins or is refused.
  std::latch start(kJoiners);
  std::vector<std::optional<Errc>> results(kJoiners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kJoiners; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      for (int attempt = 0; attempt < 50; ++attempt) {
        const Chat now = must(store().chat_by_id(g.chat.id), "chat_by_id");
        GroupEdit e = edit_of(now, kT0 + 1);
        e.add = {joiner(users[static_cast<std::size_t>(i)], kT0 + 1)};
        e.invite = inv.token;
        results[static_cast<std::size_t>(i)] = error_of(store().edit_group(e));
        if (results[static_cast<std::size_t>(i)] != Errc::kConflict) break;
      }
    });
  }
  for (auto& t : threads) t.join();
  int joined = 0;
  for (const auto& r : results) {
    if (!r)
      ++joined;
    else
      EXPECT_EQ(r, Errc::kInvalid);
  }
  EXPECT_EQ(joined, 2);
  EXPECT_EQ(must(store().invite(inv.token), "invite").uses, 2);
  EXPECT_EQ(must(store().chat_by_id(g.chat.id), "chat_by_id").group->member_count, 3);
}

}  // namespace parley::store::conformance
