// Scheduled messages: checked when saved, kept to their author, fired once per occurrence
// through the normal send path at the local time of their zone (also across daylight-saving
// changes), missed when found too late, cancelled when the author can no longer send, and
// never edited while being sent.
#include "chat/files/file_fixture.hpp"
#include "chat/schedules/schedule_wire.hpp"
#include "chat/schedules/scheduled_id.hpp"
#include "chat/services_fixture.hpp"
#include "chat/wire.hpp"

#include <date/tz.h>

namespace parley::chat {
namespace {

// Epoch ms of a UTC time.
std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm = 0) {
  const auto day = date::sys_days{date::year{y} / date::month{m} / date::day{d}};
  const auto t = day + std::chrono::hours{hh} + std::chrono::minutes{mm};
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class ScheduleTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    clock_.set(utc(2027, 3, 1, 12));  // a Monday
    auto chat = service_->conversations.open_private_chat(alice_, bob_);
    ASSERT_TRUE(chat);
    chat_ = chat->id;
  }
  ScheduleService& schedules() { return service_->schedules; }

  static ScheduleInput input(std::string content, std::string start, std::string zone = "Europe/Berlin",
                             std::optional<std::string> rrule = std::nullopt) {
    ScheduleInput in;
    in.content = std::move(content);
    in.start = std::move(start);
    in.time_zone = std::move(zone);
    if (rrule) in.rrule = std::move(rrule);
    return in;
  }
  store::ScheduledMessage create(const ScheduleInput& in) {
    auto r = schedules().create(alice_, chat_, in);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : store::ScheduledMessage{};
  }
  Error refusal(const ScheduleInput& in, const std::string& who = "") {
    auto r = schedules().create(who.empty() ? alice_ : who, chat_, in);
    EXPECT_FALSE(r);
    return r ? Error{} : r.error();
  }
  // Claims and fires everything due now; how many were claimed.
  std::size_t fire_due() {
    auto claimed = schedules().claim_due(100);
    EXPECT_TRUE(claimed);
    if (!claimed) return 0;
    for (const auto& s : *claimed) schedules().fire(s);
    return claimed->size();
  }
  std::vector<store::Message> history() {
    auto page = service_->conversations.history(alice_, chat_, {});
    EXPECT_TRUE(page);
    return page ? *page : std::vector<store::Message>{};
  }
  store::ScheduledMessage stored(const std::string& id) { return *store_->schedules().schedule(id); }

  std::string chat_;
};

TEST_F(ScheduleTest, AMessageScheduledOnceIsSentOnceAtItsLocalTimeMarkedScheduled) {
  // 2027-03-02 09:30 in Berlin (UTC+1 in winter) is 08:30 UTC.
  const auto s = create(input("see you", "2027-03-02T09:30"));
  EXPECT_EQ(s.start, "2027-03-02T09:30:00");
  EXPECT_EQ(s.next_at, utc(2027, 3, 2, 8, 30));
  EXPECT_EQ(s.state, store::ScheduleState::kPending);
  EXPECT_EQ(upcoming_of(s), std::vector<std::int64_t>{utc(2027, 3, 2, 8, 30)});
  ASSERT_EQ(events_.scheduled.size(), 1U);
  EXPECT_EQ(events_.scheduled[0].id, s.id);

  // Only the author lists it; nothing is in the chat yet.
  EXPECT_EQ(schedules().list(alice_, chat_)->size(), 1U);
  EXPECT_TRUE(schedules().list(bob_, chat_)->empty());
  EXPECT_EQ(schedules().list_all(alice_)->size(), 1U);
  EXPECT_EQ(code_of(schedules().list(eve_, chat_).error()), Errc::kForbidden);
  EXPECT_TRUE(history().empty());

  // Not due yet: nothing claimed.
  clock_.set(utc(2027, 3, 2, 8, 29));
  EXPECT_EQ(fire_due(), 0U);
  EXPECT_EQ(schedules().next_due()->value(), utc(2027, 3, 2, 8, 30));

  clock_.set(utc(2027, 3, 2, 8, 30));
  EXPECT_EQ(fire_due(), 1U);
  auto messages = history();
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].content, "see you");
  EXPECT_EQ(messages[0].sender_id, alice_);
  EXPECT_TRUE(sent_by_schedule(messages[0]));
  EXPECT_EQ(message_json(messages[0]).at("scheduled"), true);

  const auto after = stored(s.id);
  EXPECT_EQ(after.state, store::ScheduleState::kDone);
  EXPECT_EQ(after.sent_count, 1);
  EXPECT_EQ(after.last_message_id, messages[0].id);
  EXPECT_FALSE(after.next_at);
  EXPECT_EQ(events_.scheduled.back().state, store::ScheduleState::kDone);
  EXPECT_TRUE(schedules().list(alice_, chat_)->empty());
  EXPECT_EQ(fire_due(), 0U);
  EXPECT_EQ(history().size(), 1U);
}

TEST_F(ScheduleTest, AnOccurrenceAttemptedTwiceIsStoredOnce) {
  const auto s = create(input("once", "2027-03-02T09:30"));
  clock_.set(utc(2027, 3, 2, 8, 30));
  auto claimed = schedules().claim_due(10);
  ASSERT_EQ(claimed->size(), 1U);
  // An earlier attempt sent it, and its process died before recording the outcome.
  SendRequest earlier;
  earlier.chat_id = chat_;
  earlier.content = "once";
  earlier.client_message_id = scheduled_client_id(s.id, *s.next_at);
  earlier.scheduled = true;
  ASSERT_TRUE(service_->messages.send_messages(alice_, {earlier}).front());
  schedules().fire(claimed->front());
  EXPECT_EQ(history().size(), 1U);
  EXPECT_EQ(stored(s.id).state, store::ScheduleState::kDone);
  // Clients may not borrow the mark.
  SendRequest borrowed = earlier;
  borrowed.scheduled = false;
  borrowed.client_message_id = "scheduled:mine";
  EXPECT_EQ(code_of(service_->messages.send_messages(alice_, {borrowed}).front().error()), Errc::kInvalidInput);
}

TEST_F(ScheduleTest, AWeeklyScheduleStaysAtItsLocalTimeAcrossTheSpringChange) {
  // Mondays at 09:00 in Berlin, three times: 22 March (UTC+1), 29 March and 5 April (UTC+2).
  auto s = create(input("standup", "2027-03-22T09:00", "Europe/Berlin", "FREQ=WEEKLY;BYDAY=MO;COUNT=3"));
  EXPECT_EQ(upcoming_of(s), (std::vector<std::int64_t>{utc(2027, 3, 22, 8), utc(2027, 3, 29, 7), utc(2027, 4, 5, 7)}));
  for (const auto at : {utc(2027, 3, 22, 8), utc(2027, 3, 29, 7), utc(2027, 4, 5, 7)}) {
    clock_.set(at);
    EXPECT_EQ(fire_due(), 1U);
  }
  const auto messages = history();
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[1].created_at, utc(2027, 3, 29, 7));
  const auto after = stored(s.id);
  EXPECT_EQ(after.sent_count, 3);
  EXPECT_EQ(after.state, store::ScheduleState::kDone);
}

TEST_F(ScheduleTest, AnOccurrenceFoundTooLateIsMissedAndTheNextOneKept) {
  auto s = create(input("daily", "2027-03-02T09:00", "UTC", "FREQ=DAILY"));
  // The server was down from before the 2nd until the 4th at 09:10: the 2nd and 3rd are
  // missed, the 4th (within the grace) is sent.
  clock_.set(utc(2027, 3, 4, 9, 10));
  EXPECT_EQ(fire_due(), 1U);
  auto after = stored(s.id);
  EXPECT_EQ(after.missed_count, 2);
  EXPECT_EQ(after.last_missed_at, utc(2027, 3, 3, 9));
  EXPECT_EQ(after.next_at, utc(2027, 3, 4, 9));
  EXPECT_TRUE(history().empty());
  EXPECT_EQ(fire_due(), 1U);
  EXPECT_EQ(history().size(), 1U);
  after = stored(s.id);
  EXPECT_EQ(after.sent_count, 1);
  EXPECT_EQ(after.next_at, utc(2027, 3, 5, 9));
}

TEST_F(ScheduleTest, AnAuthorWhoLostAccessHasTheScheduleCancelledWithAReason) {
  NewGroupRequest g;
  g.title = "team";
  g.member_ids = {bob_};
  auto group = service_->groups.create(bob_, g);
  ASSERT_TRUE(group);
  ASSERT_TRUE(service_->groups.add_members(bob_, group->id, {alice_}));
  auto s = schedules().create(alice_, group->id, input("hi team", "2027-03-02T09:00", "UTC"));
  ASSERT_TRUE(s);
  ASSERT_TRUE(service_->groups.remove_member(bob_, group->id, alice_));
  clock_.set(utc(2027, 3, 2, 9));
  EXPECT_EQ(fire_due(), 1U);
  const auto after = stored(s->id);
  EXPECT_EQ(after.state, store::ScheduleState::kCancelled);
  EXPECT_EQ(after.reason, "no_access");
  EXPECT_EQ(events_.scheduled.back().reason, "no_access");
}

TEST_F(ScheduleTest, WhatIsWrongIsRefusedWithTheReason) {
  EXPECT_EQ(code_of(refusal(input("x", "2027-03-01T12:59", "Europe/Berlin"))), Errc::kInvalidInput);  // past
  EXPECT_EQ(code_of(refusal(input("x", "2028-03-02T09:00"))), Errc::kInvalidInput);                   // past a year
  EXPECT_EQ(code_of(refusal(input("x", "2027-03-02 09:00"))), Errc::kInvalidInput);
  EXPECT_EQ(code_of(refusal(input("x", "2027-02-30T09:00"))), Errc::kInvalidInput);
  EXPECT_EQ(code_of(refusal(input("x", "2027-03-02T09:00", "Mars/Olympus"))), Errc::kInvalidInput);
  EXPECT_EQ(code_of(refusal(input("x", "2027-03-02T09:00", "UTC", "FREQ=HOURLY"))), Errc::kInvalidInput);
  EXPECT_EQ(code_of(refusal(input("   ", "2027-03-02T09:00"))), Errc::kInvalidInput);
  EXPECT_EQ(code_of(refusal(input(std::string(21, 'a'), "2027-03-02T09:00"))), Errc::kPayloadTooLarge);
  EXPECT_EQ(code_of(refusal(input("x", "2027-03-02T09:00"), eve_)), Errc::kForbidden);  // not in the chat
  EXPECT_EQ(code_of(refusal(ScheduleInput{})), Errc::kInvalidInput);
  EXPECT_TRUE(events_.scheduled.empty());
}

TEST_F(ScheduleTest, EditsNeedTheVersionReadAndWaitForNoSend) {
  auto s = create(input("draft", "2027-03-02T09:00", "UTC"));
  ScheduleInput edit;
  edit.content = "final";
  edit.start = "2027-03-03T10:00";
  edit.version = s.version;
  auto edited = schedules().change(alice_, chat_, s.id, edit);
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->content, "final");
  EXPECT_EQ(edited->next_at, utc(2027, 3, 3, 10));
  EXPECT_EQ(edited->version, s.version + 1);
  // A stale version, another person, another chat: refused.
  EXPECT_EQ(code_of(schedules().change(alice_, chat_, s.id, edit).error()), Errc::kConflict);
  edit.version.reset();
  EXPECT_EQ(code_of(schedules().change(bob_, chat_, s.id, edit).error()), Errc::kNotFound);
  EXPECT_EQ(code_of(schedules().change(alice_, chat_, "not-an-id", edit).error()), Errc::kNotFound);

  // Being sent (leased): no edit, no cancel, until the outcome is recorded.
  clock_.set(utc(2027, 3, 3, 10));
  auto claimed = schedules().claim_due(10);
  ASSERT_EQ(claimed->size(), 1U);
  EXPECT_EQ(code_of(schedules().change(alice_, chat_, s.id, edit).error()), Errc::kConflict);
  EXPECT_EQ(code_of(schedules().cancel(alice_, chat_, s.id).error()), Errc::kConflict);
  schedules().fire(claimed->front());
  ASSERT_EQ(history().size(), 1U);
  EXPECT_EQ(history()[0].content, "final");
  // Ended: gone for edits.
  EXPECT_EQ(code_of(schedules().cancel(alice_, chat_, s.id).error()), Errc::kNotFound);
}

TEST_F(ScheduleTest, TheTextMayChangeOnceTheTimeHasComeUntilItIsSent) {
  auto s = create(input("first", "2027-03-02T09:00", "UTC"));
  clock_.set(utc(2027, 3, 2, 9, 0) + 300);  // due, not claimed yet
  ScheduleInput text;
  text.content = "second";
  ASSERT_TRUE(schedules().change(alice_, chat_, s.id, text));
  ScheduleInput time;
  time.start = "2027-03-02T09:00";
  EXPECT_EQ(code_of(schedules().change(alice_, chat_, s.id, time).error()), Errc::kInvalidInput);
  EXPECT_EQ(fire_due(), 1U);
  ASSERT_EQ(history().size(), 1U);
  EXPECT_EQ(history()[0].content, "second");
}

TEST_F(ScheduleTest, CancelledOnesNeverFireAndSendNowSendsTheNextOccurrence) {
  auto gone = create(input("never", "2027-03-02T09:00", "UTC"));
  ASSERT_TRUE(schedules().cancel(alice_, chat_, gone.id));
  EXPECT_EQ(stored(gone.id).state, store::ScheduleState::kCancelled);
  EXPECT_TRUE(schedules().list(alice_, chat_)->empty());

  auto weekly = create(input("weekly", "2027-03-08T09:00", "UTC", "FREQ=WEEKLY"));
  auto now = schedules().send_now(alice_, chat_, weekly.id);
  ASSERT_TRUE(now) << now.error().message;
  EXPECT_EQ(now->message.message.content, "weekly");
  EXPECT_EQ(now->schedule.sent_count, 1);
  EXPECT_EQ(now->schedule.next_at, utc(2027, 3, 15, 9));
  EXPECT_EQ(now->schedule.state, store::ScheduleState::kPending);

  clock_.set(utc(2027, 3, 10, 9));
  EXPECT_EQ(fire_due(), 0U);
  clock_.set(utc(2027, 3, 20, 9));
  EXPECT_EQ(fire_due(), 1U);  // the 15th, five days late: missed
  EXPECT_EQ(history().size(), 1U);
  EXPECT_EQ(stored(weekly.id).missed_count, 1);
}

TEST_F(ScheduleTest, ThePreviewAndTheRecipientsZone) {
  ScheduleInput in = input("", "2027-03-29T09:00", "Europe/Berlin", "FREQ=MONTHLY;BYDAY=-1MO");
  auto preview = schedules().preview(alice_, in, 3);
  ASSERT_TRUE(preview) << preview.error().message;
  EXPECT_EQ(*preview, (std::vector<std::int64_t>{utc(2027, 3, 29, 7), utc(2027, 4, 26, 7), utc(2027, 5, 31, 7)}));
  in.rrule = std::optional<std::string>("FREQ=SECONDLY");
  EXPECT_EQ(code_of(schedules().preview(alice_, in, 3).error()), Errc::kInvalidInput);

  // Bob lives in New York: 09:00 there.
  ASSERT_TRUE(store_->set_notify_settings(bob_, R"({"timeZone": "America/New_York"})", false));
  ScheduleInput theirs = input("morning", "2027-03-02T09:00", "Europe/Berlin");
  theirs.recipient_zone = true;
  const auto s = create(theirs);
  EXPECT_EQ(s.time_zone, "America/New_York");
  EXPECT_EQ(s.next_at, utc(2027, 3, 2, 14));
  EXPECT_EQ(schedule_json(s).at("recipientZone"), true);
}

// Files in a scheduled message: the author's finished uploads only, kept from the sweep of
// unsent files while they wait, carried by the message when it is sent.
class ScheduleFileTest : public FileTest {};

TEST_F(ScheduleFileTest, FilesWaitWithTheScheduleAndGoWithItsMessage) {
  clock_.set(utc(2027, 3, 1, 12));
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  ASSERT_TRUE(chat);
  const std::string doc = upload(alice_, "quarterly numbers", "q1.txt");
  const std::string bobs = upload(bob_, "not hers", "b.txt");
  ScheduleInput in;
  in.start = "2027-03-03T09:00";
  in.time_zone = "UTC";
  in.attachments = {bobs};
  EXPECT_EQ(service_->schedules.create(alice_, chat->id, in).error().code, Errc::kNotFound);
  in.attachments = {doc};
  auto s = service_->schedules.create(alice_, chat->id, in);  // no text: the file alone
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_TRUE(s->attachments);
  EXPECT_NE(s->attachments->find(doc), std::string::npos);
  EXPECT_EQ(schedule_json(*s).at("attachments").as_array().size(), 1U);

  // Past the expiry of unsent uploads (a day): kept, the schedule holds it.
  clock_.set(utc(2027, 3, 3, 8));
  ASSERT_TRUE(files().sweep());
  EXPECT_TRUE(files().file(alice_, doc));
  EXPECT_EQ(files().file(bob_, bobs).error().code, Errc::kNotFound);  // swept: nothing held it

  clock_.set(utc(2027, 3, 3, 9));
  auto claimed = service_->schedules.claim_due(10);
  ASSERT_EQ(claimed->size(), 1U);
  service_->schedules.fire(claimed->front());
  auto page = service_->conversations.history(bob_, chat->id, {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1U);
  ASSERT_TRUE((*page)[0].attachments);
  EXPECT_NE((*page)[0].attachments->find(doc), std::string::npos);
  EXPECT_TRUE(sent_by_schedule((*page)[0]));
}

}  // namespace
}  // namespace parley::chat
