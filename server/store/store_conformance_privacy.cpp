// The conformance suite, part 13: privacy settings (store/privacy.hpp): the defaults, replacing
// them with exceptions, the users whose settings are not the defaults, and reads with read
// receipts off (quiet in private chats, not counted in a group's floor and receipts).
#include "store/store_conformance.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

Privacy receipts_off() {
  Privacy p;
  p.read_receipts = false;
  return p;
}

}  // namespace

TEST_P(StoreConformance, PrivacySettingsStartAtTheDefaultsAndAreReplacedWhole) {
  add_cast();
  EXPECT_EQ(must(store().privacy(alice_.id), "privacy"), Privacy{});
  EXPECT_EQ(error_of(store().privacy(uuid(999))), Errc::kNotFound);
  EXPECT_TRUE(must(store().privacy_not_default(), "privacy_not_default").empty());

  Privacy p;
  p.typing = false;
  p.last_seen = Audience::kContacts;
  p.always = {carol_.id};
  p.never = {bob_.id, alice_.id};  // herself: left out
  const Privacy stored = must(store().set_privacy(alice_.id, p), "set_privacy");
  EXPECT_FALSE(stored.typing);
  EXPECT_TRUE(stored.read_receipts);
  EXPECT_EQ(stored.last_seen, Audience::kContacts);
  EXPECT_EQ(stored.always, std::vector<std::string>{carol_.id});
  EXPECT_EQ(stored.never, std::vector<std::string>{bob_.id});
  EXPECT_EQ(must(store().privacy(alice_.id), "privacy"), stored);

  // A user in both lists is never shared with.
  Privacy both;
  both.always = {alice_.id, carol_.id};
  both.never = {carol_.id};
  const Privacy second = must(store().set_privacy(bob_.id, both), "set_privacy");
  EXPECT_EQ(second.always, std::vector<std::string>{alice_.id});
  EXPECT_EQ(second.never, std::vector<std::string>{carol_.id});

  const auto listed = must(store().privacy_not_default(), "privacy_not_default");
  ASSERT_EQ(listed.size(), 2U);
  const auto find = [&](const std::string& id) {
    return std::find_if(listed.begin(), listed.end(), [&](const UserPrivacy& u) { return u.user_id == id; });
  };
  ASSERT_NE(find(alice_.id), listed.end());
  EXPECT_EQ(find(alice_.id)->privacy, stored);
  ASSERT_NE(find(bob_.id), listed.end());
  EXPECT_EQ(find(bob_.id)->privacy, second);

  // Back to the defaults: no longer listed. An unknown exception changes nothing.
  EXPECT_EQ(must(store().set_privacy(alice_.id, Privacy{}), "set_privacy"), Privacy{});
  Privacy unknown;
  unknown.never = {uuid(999)};
  EXPECT_EQ(error_of(store().set_privacy(bob_.id, unknown)), Errc::kNotFound);
  EXPECT_EQ(must(store().privacy(bob_.id), "privacy"), second);
  EXPECT_EQ(error_of(store().set_privacy(uuid(999), Privacy{})), Errc::kNotFound);
  const auto after = must(store().privacy_not_default(), "privacy_not_default");
  ASSERT_EQ(after.size(), 1U);
  EXPECT_EQ(after[0].user_id, bob_.id);
}

TEST_P(StoreConformance, AReadWithReceiptsOffStaysDeliveredForTheSender) {
  add_cast();
  const Message first = send(chat_, alice_, "one", kT0 + 1);
  const Message second = send(chat_, alice_, "two", kT0 + 2);
  must(store().set_privacy(bob_.id, receipts_off()), "set_privacy");

  // Bob reads: the change reported (the sender's tick) is DELIVERED, and so is the message.
  const auto changes = must(store().raise_status(bob_.id, {first.id}, Status::kRead, kT0 + 3), "raise");
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].status, Status::kDelivered);
  EXPECT_EQ(changes[0].aggregate, Status::kDelivered);
  EXPECT_EQ(must(store().message_by_id(first.id), "message_by_id").status, Status::kDelivered);
  // It is read for bob: read again, nothing changes; quiet_reads names it.
  EXPECT_TRUE(must(store().raise_status(bob_.id, {first.id}, Status::kRead, kT0 + 4), "again").empty());
  EXPECT_EQ(must(store().quiet_reads(bob_.id, chat_.id, 1, 10), "quiet_reads"), std::vector<std::string>{first.id});
  EXPECT_TRUE(must(store().quiet_reads(alice_.id, chat_.id, 1, 10), "quiet_reads").empty());

  // Receipts on again: later reads show; the quiet one stays quiet.
  must(store().set_privacy(bob_.id, Privacy{}), "set_privacy");
  const auto up_to = must(store().raise_status_up_to(bob_.id, chat_.id, 2, Status::kRead, kT0 + 5), "raise_up_to");
  ASSERT_EQ(up_to.size(), 1U);
  EXPECT_EQ(up_to[0].message_id, second.id);
  EXPECT_EQ(up_to[0].status, Status::kRead);
  EXPECT_EQ(must(store().message_by_id(second.id), "message_by_id").status, Status::kRead);
  EXPECT_EQ(must(store().message_by_id(first.id), "message_by_id").status, Status::kDelivered);
  const auto page = must(store().history(chat_.id, newest()), "history");
  ASSERT_EQ(page.size(), 2U);
  EXPECT_EQ(page[0].status, Status::kDelivered);
  EXPECT_EQ(page[1].status, Status::kRead);
  EXPECT_EQ(must(store().quiet_reads(bob_.id, chat_.id, 2, 2), "quiet_reads"), std::vector<std::string>{});
}

TEST_P(StoreConformance, AGroupMembersReadsWithReceiptsOffDoNotCountForTheOthers) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Team")), "create_group");
  NewMessage m = new_message(g.chat, alice_, "one");
  m.recipients.clear();
  append_one(m);  // seq 2
  must(store().set_privacy(carol_.id, receipts_off()), "set_privacy");
  must(store().raise_watermarks(g.chat.id, bob_.id, 2, 2, kT0 + 5), "raise");
  const Watermarks w = must(store().raise_watermarks(g.chat.id, carol_.id, 2, 2, kT0 + 6), "raise");
  // Carol's own position rises (her unread count), the group's read floor does not.
  EXPECT_TRUE(w.changed);
  EXPECT_EQ(w.read_seq, 2);
  EXPECT_EQ(w.delivered_floor, 2);
  EXPECT_EQ(w.read_floor, 0);
  EXPECT_EQ(must(store().member(g.chat.id, carol_.id), "member").read_seq, 2);
  EXPECT_EQ(must(store().chat_by_id(g.chat.id), "chat").group->read_floor, 0);
  // The receipts: carol has it, and has not read it.
  ReceiptQuery q;
  q.seq = 2;
  const auto receipts = must(store().receipts(g.chat.id, q), "receipts");
  const auto carol = std::find_if(receipts.members.begin(), receipts.members.end(),
                                  [&](const Member& x) { return x.user_id == carol_.id; });
  ASSERT_NE(carol, receipts.members.end());
  EXPECT_LT(carol->read_seq, 2);
  const auto bob = std::find_if(receipts.members.begin(), receipts.members.end(),
                                [&](const Member& x) { return x.user_id == bob_.id; });
  ASSERT_NE(bob, receipts.members.end());
  EXPECT_EQ(bob->read_seq, 2);

  // Receipts on again: her next read counts.
  must(store().set_privacy(carol_.id, Privacy{}), "set_privacy");
  m = new_message(g.chat, alice_, "two");
  m.recipients.clear();
  append_one(m);  // seq 3
  must(store().raise_watermarks(g.chat.id, bob_.id, 3, 3, kT0 + 7), "raise");
  const Watermarks on = must(store().raise_watermarks(g.chat.id, carol_.id, 3, 3, kT0 + 8), "raise");
  EXPECT_EQ(on.read_floor, 3);
}

}  // namespace parley::store::conformance
