// The conformance suite, part 7: group chats (store/groups.hpp): creation, edits with the
// version they expect, members and roles, history visibility, member pages.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

std::vector<std::string> ids_of(const std::vector<Member>& members) {
  std::vector<std::string> ids;
  for (const auto& m : members) ids.push_back(m.user_id);
  return ids;
}

Member member_of(const User& user, Role role, TimeMs at = kT0) {
  Member m;
  m.user_id = user.id;
  m.role = role;
  m.joined_at = at;
  return m;
}

}  // namespace

// ---- Creating ----

TEST_P(StoreConformance, CreateGroupStoresInfoMembersAndTheCreatedLine) {
  add_cast();
  const User dave = add_user("Dave");
  NewGroup g = new_group({alice_, bob_, carol_}, "Climbing");
  g.info.description = "Weekend trips";
  g.info.avatar_color = "#3366cc";
  g.info.settings.send = Policy::kAdmins;
  g.info.settings.slow_mode_seconds = 30;
  g.info.settings.edit_window_seconds = 600;
  const GroupEdited created = must(store().create_group(g), "create_group");

  EXPECT_EQ(created.chat.id, g.id);
  EXPECT_EQ(created.chat.kind, "group");
  EXPECT_EQ(created.chat.participants, (std::vector<std::string>{alice_.id, bob_.id, carol_.id}));
  EXPECT_FALSE(created.chat.participants_truncated);
  EXPECT_EQ(created.chat.last_seq, 1);
  ASSERT_TRUE(created.chat.group.has_value());
  EXPECT_EQ(created.chat.group->title, "Climbing");
  EXPECT_EQ(created.chat.group->description, "Weekend trips");
  EXPECT_EQ(created.chat.group->avatar_color, "#3366cc");
  EXPECT_EQ(created.chat.group->settings, g.info.settings);
  EXPECT_EQ(created.chat.group->member_count, 3);
  EXPECT_EQ(created.chat.group->version, 1);
  ASSERT_EQ(created.system.size(), 1U);
  EXPECT_EQ(created.system[0].seq, 1);
  EXPECT_EQ(created.system[0].kind, "system");
  EXPECT_EQ(created.system[0].system, g.created.system);
  EXPECT_EQ(created.system[0].content, g.created.content);

  const Chat read = must(store().chat_by_id(g.id), "chat_by_id");
  EXPECT_EQ(read.group, created.chat.group);
  EXPECT_EQ(read.participants, created.chat.participants);
  const Message line = must(store().message_by_id(g.created.id), "message_by_id");
  EXPECT_EQ(line.kind, "system");
  EXPECT_EQ(line.system, g.created.system);
  EXPECT_EQ(line.sender_id, alice_.id);

  const auto bobs = must(store().chats_of(bob_.id), "chats_of");
  ASSERT_TRUE(std::any_of(bobs.begin(), bobs.end(), [&](const Chat& c) { return c.id == g.id && c.group; }));
  EXPECT_TRUE(must(store().chats_of(dave.id), "chats_of").empty());

  const Member owner = must(store().member(g.id, alice_.id), "member");
  EXPECT_EQ(owner.role, Role::kOwner);
  EXPECT_EQ(owner.joined_at, kT0);
  EXPECT_EQ(must(store().member(g.id, bob_.id), "member").role, Role::kMember);
  EXPECT_EQ(error_of(store().member(g.id, dave.id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().member(chat_.id, alice_.id)), Errc::kNotFound);  // a private chat
  EXPECT_EQ(error_of(store().member(next_id(), alice_.id)), Errc::kNotFound);
}

TEST_P(StoreConformance, GroupMembersAreNoContacts) {
  add_cast();  // alice and bob share a private chat; carol shares none
  must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  EXPECT_TRUE(must(store().contacts_of(carol_.id), "contacts_of").empty());
  const auto alices = must(store().contacts_of(alice_.id), "contacts_of");
  ASSERT_EQ(alices.size(), 1U);
  EXPECT_EQ(alices[0].id, bob_.id);
}

TEST_P(StoreConformance, CreateGroupWithATakenIdIsAConflict) {
  add_cast();
  NewGroup g = new_group({alice_, bob_}, "One");
  must(store().create_group(g), "create_group");
  NewGroup again = new_group({carol_}, "Two");
  again.id = g.id;
  EXPECT_EQ(error_of(store().create_group(again)), Errc::kConflict);
  EXPECT_EQ(must(store().chat_by_id(g.id), "chat_by_id").group->title, "One");
  EXPECT_EQ(error_of(store().member(g.id, carol_.id)), Errc::kNotFound);
}

// ---- Editing ----

TEST_P(StoreConformance, EditChangesInfoAndSettingsRaisesTheVersionAndAppendsItsLines) {
  add_cast();
  const GroupEdited created = must(store().create_group(new_group({alice_, bob_}, "Old")), "create_group");
  send(created.chat, bob_, "hello");  // seq 2

  GroupEdit edit = edit_of(created.chat, kT0 + 5);
  edit.title = "New";
  edit.description = "About";
  GroupSettings settings;
  settings.pin = Policy::kAdmins;
  settings.history_visible = false;
  settings.member_limit = 50;
  settings.edit_window_seconds = 120;
  edit.settings = settings;
  edit.system = {system_line(created.chat.id, alice_, "title", kT0 + 5),
                 system_line(created.chat.id, alice_, "settings", kT0 + 5)};
  const GroupEdited edited = must(store().edit_group(edit), "edit_group");
  EXPECT_EQ(edited.chat.group->title, "New");
  EXPECT_EQ(edited.chat.group->description, "About");
  EXPECT_EQ(edited.chat.group->settings, settings);
  EXPECT_EQ(edited.chat.group->version, 2);
  EXPECT_EQ(edited.chat.last_seq, 4);
  ASSERT_EQ(edited.system.size(), 2U);
  EXPECT_EQ(edited.system[0].seq, 3);
  EXPECT_EQ(edited.system[1].seq, 4);
  EXPECT_EQ(edited.system[1].system, edit.system[1].system);

  const Chat read = must(store().chat_by_id(created.chat.id), "chat_by_id");
  EXPECT_EQ(read.group, edited.chat.group);
  const auto page = must(store().history(created.chat.id, newest()), "history");
  ASSERT_EQ(page.size(), 4U);
  EXPECT_EQ(page[2].kind, "system");
  EXPECT_EQ(page[1].kind, "text");
}

TEST_P(StoreConformance, AnEditOnAStaleVersionIsAConflictAndChangesNothing) {
  add_cast();
  const GroupEdited created = must(store().create_group(new_group({alice_, bob_}, "Title")), "create_group");
  GroupEdit first = edit_of(created.chat, kT0 + 1);
  first.title = "First";
  must(store().edit_group(first), "edit_group");

  GroupEdit stale = edit_of(created.chat, kT0 + 2);  // still expects version 1
  stale.title = "Second";
  stale.remove = {bob_.id};
  stale.system = {system_line(created.chat.id, alice_, "title", kT0 + 2)};
  EXPECT_EQ(error_of(store().edit_group(stale)), Errc::kConflict);
  const Chat read = must(store().chat_by_id(created.chat.id), "chat_by_id");
  EXPECT_EQ(read.group->title, "First");
  EXPECT_EQ(read.group->version, 2);
  EXPECT_EQ(read.last_seq, 1);  // the stale edit's line was not appended
  EXPECT_EQ(read.group->member_count, 2);
  EXPECT_TRUE(store().member(created.chat.id, bob_.id).ok());
}

TEST_P(StoreConformance, ConcurrentEditsOnOneVersionCommitOnce) {
  add_cast();
  const GroupEdited created = must(store().create_group(new_group({alice_, bob_}, "Title")), "create_group");
  constexpr int kEditors = 6;
  std::vector<Result<GroupEdited>> results(kEditors, util::fail(Errc::kUnavailable));
  std::latch start(kEditors);
  std::vector<std::thread> threads;
  for (int i = 0; i < kEditors; ++i) {
    GroupEdit edit = edit_of(created.chat, kT0 + 1);
    edit.title = "Title " + std::to_string(i);
    edit.system = {system_line(created.chat.id, alice_, "title", kT0 + 1)};
    threads.emplace_back([&, i, edit = std::move(edit)] {
      start.arrive_and_wait();
      results[static_cast<std::size_t>(i)] = store().edit_group(edit);
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const auto& r : results) {
    if (r) {
      ++ok;
    } else {
      EXPECT_EQ(r.error(), Errc::kConflict);
    }
  }
  EXPECT_EQ(ok, 1);
  const Chat read = must(store().chat_by_id(created.chat.id), "chat_by_id");
  EXPECT_EQ(read.group->version, 2);
  EXPECT_EQ(read.last_seq, 2);
}

TEST_P(StoreConformance, EditsOfUnknownChatsAndPrivateChatsAreNotFound) {
  add_cast();
  GroupEdit edit;
  edit.chat_id = next_id();
  edit.expected_version = 1;
  edit.title = "x";
  edit.at = kT0;
  EXPECT_EQ(error_of(store().edit_group(edit)), Errc::kNotFound);
  edit.chat_id = chat_.id;
  edit.expected_version = 0;
  EXPECT_EQ(error_of(store().edit_group(edit)), Errc::kNotFound);
  EXPECT_FALSE(must(store().chat_by_id(chat_.id), "chat_by_id").group.has_value());
}

// ---- Members ----

TEST_P(StoreConformance, AddedMembersStartAtTheLastSeqAndSeeHistoryAsTheSettingsSay) {
  add_cast();
  const User dave = add_user("Dave");
  const User erin = add_user("Erin");
  GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  send(g.chat, alice_, "one");
  send(g.chat, bob_, "two");  // seq 3

  GroupEdit add = edit_of(g.chat, kT0 + 10);
  add.add = {member_of(dave, Role::kMember, kT0 + 10)};
  add.system = {system_line(g.chat.id, alice_, "added", kT0 + 10)};
  g = must(store().edit_group(add), "edit_group");
  EXPECT_EQ(g.chat.group->member_count, 3);
  EXPECT_EQ(g.chat.participants, (std::vector<std::string>{alice_.id, bob_.id, dave.id}));
  const Member d = must(store().member(g.chat.id, dave.id), "member");
  EXPECT_EQ(d.role, Role::kMember);
  EXPECT_EQ(d.joined_at, kT0 + 10);
  EXPECT_EQ(d.visible_after_seq, 0);  // history visible by default
  EXPECT_EQ(d.delivered_seq, 3);
  EXPECT_EQ(d.read_seq, 3);

  // Hiding history and adding in one edit: the new member sees from this change on.
  GroupEdit hide = edit_of(g.chat, kT0 + 11);
  GroupSettings settings = g.chat.group->settings;
  settings.history_visible = false;
  hide.settings = settings;
  hide.add = {member_of(erin, Role::kMember, kT0 + 11)};
  hide.system = {system_line(g.chat.id, alice_, "added", kT0 + 11)};
  g = must(store().edit_group(hide), "edit_group");
  const Member e = must(store().member(g.chat.id, erin.id), "member");
  EXPECT_EQ(e.visible_after_seq, 4);  // seq 4 was dave's line; erin's line is 5
  EXPECT_EQ(e.read_seq, 4);
  HistoryQuery query = newest();
  query.visible_after_seq = e.visible_after_seq;
  const auto seen = must(store().history(g.chat.id, query), "history");
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].seq, 5);
  query = after(0);
  query.visible_after_seq = e.visible_after_seq;
  EXPECT_EQ(must(store().history(g.chat.id, query), "history").size(), 1U);
}

TEST_P(StoreConformance, AddingAMemberTwiceIsAConflictAndRemovingAStrangerIsNotFound) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  GroupEdit twice = edit_of(g.chat, kT0 + 1);
  twice.add = {member_of(bob_, Role::kMember)};
  EXPECT_EQ(error_of(store().edit_group(twice)), Errc::kConflict);
  GroupEdit stranger = edit_of(g.chat, kT0 + 1);
  stranger.remove = {carol_.id};
  EXPECT_EQ(error_of(store().edit_group(stranger)), Errc::kNotFound);
  GroupEdit role = edit_of(g.chat, kT0 + 1);
  role.roles = {{carol_.id, Role::kAdmin}};
  EXPECT_EQ(error_of(store().edit_group(role)), Errc::kNotFound);
  EXPECT_EQ(must(store().chat_by_id(g.chat.id), "chat_by_id").group->version, 1);
}

TEST_P(StoreConformance, TheMemberLimitIsALimit) {
  add_cast();
  const User dave = add_user("Dave");
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  GroupEdit add = edit_of(g.chat, kT0 + 1);
  add.add = {member_of(dave, Role::kMember)};
  add.max_members = 3;
  EXPECT_EQ(error_of(store().edit_group(add)), Errc::kLimit);
  EXPECT_EQ(error_of(store().member(g.chat.id, dave.id)), Errc::kNotFound);
  add.max_members = 4;
  EXPECT_EQ(must(store().edit_group(add), "edit_group").chat.group->member_count, 4);
}

TEST_P(StoreConformance, RemovedMembersAndRoleChangesTakeEffectTogether) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  GroupEdit edit = edit_of(g.chat, kT0 + 1);
  edit.remove = {bob_.id};
  edit.roles = {{carol_.id, Role::kOwner}, {alice_.id, Role::kAdmin}};
  edit.system = {system_line(g.chat.id, alice_, "removed", kT0 + 1), system_line(g.chat.id, alice_, "owner", kT0 + 1)};
  const GroupEdited edited = must(store().edit_group(edit), "edit_group");
  EXPECT_EQ(edited.chat.group->member_count, 2);
  EXPECT_EQ(edited.chat.participants, (std::vector<std::string>{alice_.id, carol_.id}));
  EXPECT_EQ(error_of(store().member(g.chat.id, bob_.id)), Errc::kNotFound);
  EXPECT_EQ(must(store().member(g.chat.id, carol_.id), "member").role, Role::kOwner);
  EXPECT_EQ(must(store().member(g.chat.id, alice_.id), "member").role, Role::kAdmin);
  const auto bobs = must(store().chats_of(bob_.id), "chats_of");
  EXPECT_TRUE(std::none_of(bobs.begin(), bobs.end(), [&](const Chat& c) { return c.id == g.chat.id; }));

  // The last members leave: the group stays, with no one in it.
  GroupEdit last = edit_of(edited.chat, kT0 + 2);
  last.remove = {alice_.id, carol_.id};
  const GroupEdited empty = must(store().edit_group(last), "edit_group");
  EXPECT_EQ(empty.chat.group->member_count, 0);
  EXPECT_TRUE(empty.chat.participants.empty());
}

TEST_P(StoreConformance, MemberPagesFollowJoinOrderAndFilterByRole) {
  add_cast();
  std::vector<User> users{alice_, bob_, carol_};
  for (int i = 0; i < 5; ++i) users.push_back(add_user("User " + std::to_string(i)));
  GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Big")), "create_group");
  GroupEdit add = edit_of(g.chat, kT0 + 1);
  for (std::size_t i = 2; i < users.size(); ++i) {
    add.add.push_back(member_of(users[i], i % 2 == 0 ? Role::kAdmin : Role::kMember, kT0 + 1));
  }
  must(store().edit_group(add), "edit_group");

  std::vector<std::string> all;
  MemberQuery query;
  query.limit = 3;
  for (int pages = 0; pages < 10; ++pages) {
    const MemberPage page = must(store().members(g.chat.id, query), "members");
    for (const auto& m : page.members) all.push_back(m.user_id);
    if (!page.more) break;
    ASSERT_FALSE(page.members.empty());
    query.after_position = page.members.back().position;
  }
  std::vector<std::string> expected;
  for (const auto& u : users) expected.push_back(u.id);
  EXPECT_EQ(all, expected);

  MemberQuery admins;
  admins.min_role = Role::kAdmin;
  const MemberPage page = must(store().members(g.chat.id, admins), "members");
  EXPECT_EQ(ids_of(page.members), (std::vector<std::string>{alice_.id, carol_.id, users[4].id, users[6].id}));
  EXPECT_FALSE(page.more);
  EXPECT_EQ(error_of(store().members(next_id(), admins)), Errc::kNotFound);
}

TEST_P(StoreConformance, GroupMessagesKeepNoStatusRows) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  NewMessage m = new_message(g.chat, alice_, "hi");
  m.recipients.clear();
  m.delivered_to.clear();
  const Appended a = append_one(m);
  EXPECT_EQ(a.message.seq, 2);
  EXPECT_EQ(a.message.kind, "text");
  EXPECT_TRUE(a.delivered.empty());
  EXPECT_TRUE(must(store().raise_status(bob_.id, {a.message.id}, Status::kRead, kT0 + 1), "raise").empty());
  EXPECT_TRUE(must(store().raise_status_up_to(bob_.id, g.chat.id, 2, Status::kRead, kT0 + 1), "raise_up_to").empty());
}

// ---- Watermarks ----

TEST_P(StoreConformance, WatermarksRiseNeverFallAndMoveTheFloors) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  NewMessage m = new_message(g.chat, alice_, "one");
  m.recipients.clear();
  append_one(m);  // seq 2
  m = new_message(g.chat, alice_, "two");
  m.recipients.clear();
  append_one(m);  // seq 3
  // Sending raised alice's own watermarks; the floors wait for bob and carol.
  const Member a = must(store().member(g.chat.id, alice_.id), "member");
  EXPECT_EQ(a.delivered_seq, 3);
  EXPECT_EQ(a.read_seq, 3);
  EXPECT_EQ(must(store().chat_by_id(g.chat.id), "chat").group->delivered_floor, 0);

  Watermarks w = must(store().raise_watermarks(g.chat.id, bob_.id, 3, 2, kT0 + 5), "raise");
  EXPECT_TRUE(w.changed);
  EXPECT_EQ(w.delivered_seq, 3);
  EXPECT_EQ(w.read_seq, 2);
  EXPECT_EQ(w.delivered_floor, 0);                                                    // carol has nothing yet
  w = must(store().raise_watermarks(g.chat.id, carol_.id, 1, 99, kT0 + 6), "raise");  // capped; read implies delivered
  EXPECT_EQ(w.read_seq, 3);
  EXPECT_EQ(w.delivered_seq, 3);
  EXPECT_EQ(w.delivered_floor_before, 0);
  EXPECT_EQ(w.delivered_floor, 3);
  EXPECT_EQ(w.read_floor_before, 0);
  EXPECT_EQ(w.read_floor, 2);  // bob has read up to 2
  const Chat chat = must(store().chat_by_id(g.chat.id), "chat");
  EXPECT_EQ(chat.group->delivered_floor, 3);
  EXPECT_EQ(chat.group->read_floor, 2);

  // Lower or equal values change nothing.
  w = must(store().raise_watermarks(g.chat.id, bob_.id, 1, 1, kT0 + 7), "raise");
  EXPECT_FALSE(w.changed);
  EXPECT_EQ(w.read_seq, 2);
  const Member b = must(store().member(g.chat.id, bob_.id), "member");
  EXPECT_EQ(b.read_at, kT0 + 5);
  EXPECT_EQ(b.delivered_at, kT0 + 5);

  w = must(store().raise_watermarks(g.chat.id, bob_.id, 3, 3, kT0 + 8), "raise");
  EXPECT_EQ(w.read_floor_before, 2);
  EXPECT_EQ(w.read_floor, 3);

  EXPECT_EQ(error_of(store().raise_watermarks(g.chat.id, add_user("Dave").id, 1, 1, kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().raise_watermarks(chat_.id, alice_.id, 1, 1, kT0)), Errc::kNotFound);  // private
}

TEST_P(StoreConformance, AMemberLeavingCanRaiseTheFloors) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  NewMessage m = new_message(g.chat, alice_, "one");
  m.recipients.clear();
  append_one(m);  // seq 2
  must(store().raise_watermarks(g.chat.id, bob_.id, 2, 2, kT0 + 1), "raise");
  EXPECT_EQ(must(store().chat_by_id(g.chat.id), "chat").group->read_floor, 0);  // carol
  GroupEdit leave = edit_of(g.chat, kT0 + 2);
  leave.remove = {carol_.id};
  const GroupEdited left = must(store().edit_group(leave), "edit_group");
  EXPECT_EQ(left.chat.group->read_floor, 2);
  EXPECT_EQ(left.chat.group->delivered_floor, 2);
}

TEST_P(StoreConformance, ReceiptsListWhoHasAMessage) {
  add_cast();
  const User dave = add_user("Dave");
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_, dave}, "Team")), "create_group");
  NewMessage m = new_message(g.chat, alice_, "one");
  m.recipients.clear();
  append_one(m);  // seq 2
  must(store().raise_watermarks(g.chat.id, carol_.id, 2, 2, kT0 + 3), "raise");
  must(store().raise_watermarks(g.chat.id, dave.id, 2, 0, kT0 + 4), "raise");
  ReceiptQuery q;
  q.seq = 2;
  const MemberPage page = must(store().receipts(g.chat.id, q), "receipts");
  ASSERT_EQ(page.members.size(), 3U);  // alice (the sender), carol, dave
  EXPECT_EQ(page.members[0].user_id, alice_.id);
  EXPECT_EQ(page.members[1].user_id, carol_.id);
  EXPECT_EQ(page.members[1].read_seq, 2);
  EXPECT_EQ(page.members[1].read_at, kT0 + 3);
  EXPECT_EQ(page.members[2].user_id, dave.id);
  EXPECT_EQ(page.members[2].read_seq, 0);
  EXPECT_EQ(page.members[2].delivered_at, kT0 + 4);
  q.limit = 1;
  q.after_position = page.members[0].position;
  const MemberPage second = must(store().receipts(g.chat.id, q), "receipts");
  ASSERT_EQ(second.members.size(), 1U);
  EXPECT_EQ(second.members[0].user_id, carol_.id);
  EXPECT_TRUE(second.more);
  EXPECT_EQ(error_of(store().receipts(chat_.id, q)), Errc::kNotFound);
}

}  // namespace parley::store::conformance
