// The conformance suite, part 9: the outbox events of group chats (docs/events.md): a new
// group's chat.created and its line, and each edit's lines and member and update events, in
// the documented order, with the group's version; a refused edit writes none.
#include "store/outbox_events.hpp"
#include "store/store_conformance.hpp"

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {
namespace json = boost::json;

std::vector<OutboxEvent> drain(Store& store) {
  auto events = must(store.outbox_pending(100000), "outbox_pending");
  std::vector<std::int64_t> positions;
  for (const auto& e : events) positions.push_back(e.position);
  must(store.outbox_remove(positions), "outbox_remove");
  return events;
}

std::vector<std::string> types_of(const std::vector<OutboxEvent>& events) {
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  return types;
}

json::object payload(const OutboxEvent& e) { return json::parse(e.payload).as_object(); }

}  // namespace

TEST_P(StoreConformance, GroupChangesWriteTheirEventsInOrder) {
  if (!reopen_with_outbox()) GTEST_SKIP() << GetParam().name << " has no outbox";
  add_cast();
  const User dave = add_user("Dave");
  drain(store());

  const GroupEdited g = must(store().create_group(new_group({alice_, bob_}, "Team")), "create_group");
  {
    const auto events = drain(store());
    ASSERT_EQ(types_of(events), (std::vector<std::string>{"chat.created", "message.created"}));
    const auto created = payload(events[0]);
    EXPECT_EQ(created.at("kind").as_string(), "group");
    EXPECT_EQ(created.at("title").as_string(), "Team");
    EXPECT_EQ(created.at("memberCount").as_int64(), 2);
    EXPECT_EQ(events[1].key, g.chat.id);
    const auto line = payload(events[1]).at("message").as_object();
    EXPECT_EQ(line.at("kind").as_string(), "system");
  }

  // One edit that adds, removes and changes: its line, then added, removed, updated.
  GroupEdit edit = edit_of(g.chat, kT0 + 1);
  Member m;
  m.user_id = dave.id;
  m.joined_at = kT0 + 1;
  edit.add = {m};
  edit.remove = {bob_.id};
  edit.title = "Renamed";
  edit.roles = {{alice_.id, Role::kOwner}};
  edit.system = {system_line(g.chat.id, alice_, "changed", kT0 + 1)};
  const GroupEdited edited = must(store().edit_group(edit), "edit_group");
  {
    const auto events = drain(store());
    ASSERT_EQ(types_of(events), (std::vector<std::string>{"message.created", "chat.member_added", "chat.member_removed",
                                                          "chat.updated"}));
    for (const auto& e : events) {
      EXPECT_EQ(e.key, g.chat.id);
      EXPECT_EQ(e.at, kT0 + 1);
    }
    const auto added = payload(events[1]);
    EXPECT_EQ(added.at("members").as_array(), (json::array{json::object{{"userId", dave.id}, {"role", "member"}}}));
    EXPECT_EQ(added.at("version").as_int64(), edited.chat.group->version);
    EXPECT_EQ(payload(events[2]).at("userIds").as_array(), (json::array{bob_.id}));
    const auto updated = payload(events[3]);
    EXPECT_EQ(updated.at("title").as_string(), "Renamed");
    EXPECT_FALSE(updated.contains("description"));  // only what changed
    EXPECT_EQ(updated.at("roles").as_array(), (json::array{json::object{{"userId", alice_.id}, {"role", "owner"}}}));
    EXPECT_EQ(updated.at("version").as_int64(), edited.chat.group->version);
  }

  // A refused edit (a stale version, a used-up invite) writes nothing.
  GroupEdit stale = edit_of(g.chat, kT0 + 2);
  stale.title = "Stale";
  EXPECT_EQ(error_of(store().edit_group(stale)), Errc::kConflict);
  GroupEdit join = edit_of(edited.chat, kT0 + 2);
  Member c;
  c.user_id = carol_.id;
  c.joined_at = kT0 + 2;
  join.add = {c};
  join.invite = "tok-none-aaaaaaaaaaaaaa";
  EXPECT_EQ(error_of(store().edit_group(join)), Errc::kInvalid);
  EXPECT_TRUE(drain(store()).empty());
}

}  // namespace parley::store::conformance
