// The conformance suite, part 19: scheduled messages (store/schedules.hpp): stored and listed
// per person and chat, edited only over the version read and never while leased, due ones
// leased to one claimer at a time (also from many threads at once), outcomes recorded only by
// the lease's owner, leases that run out taken again.
#include "store/schedules.hpp"
#include "store/store_conformance.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace parley::store::conformance {
namespace {

ScheduledMessage schedule_of(const std::string& id, const User& user, const Chat& chat, TimeMs next_at) {
  ScheduledMessage s;
  s.id = id;
  s.user_id = user.id;
  s.chat_id = chat.id;
  s.content = "later " + id.substr(id.size() - 4);
  s.time_zone = "Europe/Berlin";
  s.start = "2030-01-01T09:00:00";
  s.next_at = next_at;
  s.created_at = kT0;
  s.updated_at = kT0;
  return s;
}

}  // namespace

TEST_P(StoreConformance, SchedulesAreStoredListedAndEditedOverTheVersionRead) {
  add_cast();
  ScheduleStore& schedules = store().schedules();
  auto first = schedule_of(uuid(1), alice_, chat_, kT0 + 5000);
  first.rrule = "FREQ=WEEKLY;BYDAY=MO";
  first.recipient_zone = true;
  must(schedules.add_schedule(first), "add_schedule");
  must(schedules.add_schedule(schedule_of(uuid(2), alice_, chat_, kT0 + 1000)), "add_schedule");
  must(schedules.add_schedule(schedule_of(uuid(3), bob_, chat_, kT0 + 2000)), "add_schedule");
  EXPECT_EQ(error_of(schedules.add_schedule(first)), Errc::kConflict);
  Chat unknown;
  unknown.id = uuid(999);
  EXPECT_EQ(error_of(schedules.add_schedule(schedule_of(uuid(4), alice_, unknown, kT0))), Errc::kNotFound);

  const auto read = must(schedules.schedule(uuid(1)), "schedule");
  EXPECT_EQ(read.content, first.content);
  EXPECT_EQ(read.rrule, first.rrule);
  EXPECT_TRUE(read.recipient_zone);
  EXPECT_EQ(read.version, 1);
  EXPECT_EQ(read.state, ScheduleState::kPending);
  EXPECT_EQ(read.next_at, kT0 + 5000);
  EXPECT_FALSE(read.lease_owner);
  EXPECT_EQ(error_of(schedules.schedule(uuid(998))), Errc::kNotFound);

  // Alice's, by next occurrence; Bob's are his.
  auto mine = must(schedules.pending_schedules(alice_.id, ""), "pending_schedules");
  ASSERT_EQ(mine.size(), 2U);
  EXPECT_EQ(mine[0].id, uuid(2));
  EXPECT_EQ(mine[1].id, uuid(1));
  EXPECT_EQ(must(schedules.pending_schedules(alice_.id, chat_.id), "pending_schedules").size(), 2U);
  EXPECT_TRUE(must(schedules.pending_schedules(alice_.id, uuid(997)), "pending_schedules").empty());
  EXPECT_EQ(must(schedules.count_pending_schedules(alice_.id), "count"), 2U);

  auto edit = read;
  edit.content = "edited";
  edit.next_at = kT0 + 9000;
  edit.updated_at = kT0 + 1;
  const auto edited = must(schedules.update_schedule(edit, 1, kT0 + 1), "update_schedule");
  EXPECT_EQ(edited.version, 2);
  EXPECT_EQ(edited.content, "edited");
  EXPECT_EQ(edited.next_at, kT0 + 9000);
  // A second editor that read version 1 too comes second.
  edit.content = "lost";
  EXPECT_EQ(error_of(schedules.update_schedule(edit, 1, kT0 + 2)), Errc::kConflict);
  EXPECT_EQ(error_of(schedules.update_schedule(schedule_of(uuid(996), alice_, chat_, kT0), 1, kT0)), Errc::kNotFound);

  // Cancelled: out of the pending lists.
  auto cancel = edited;
  cancel.state = ScheduleState::kCancelled;
  cancel.next_at.reset();
  must(schedules.update_schedule(cancel, 2, kT0 + 3), "update_schedule");
  EXPECT_EQ(must(schedules.count_pending_schedules(alice_.id), "count"), 1U);
  EXPECT_EQ(must(schedules.schedule(uuid(1)), "schedule").state, ScheduleState::kCancelled);
}

TEST_P(StoreConformance, DueSchedulesAreLeasedOnceAndOnlyTheOwnerRecordsTheOutcome) {
  add_cast();
  ScheduleStore& schedules = store().schedules();
  EXPECT_EQ(must(schedules.next_schedule_due(), "next_schedule_due"), std::nullopt);
  must(schedules.add_schedule(schedule_of(uuid(1), alice_, chat_, kT0 + 1000)), "add_schedule");
  must(schedules.add_schedule(schedule_of(uuid(2), alice_, chat_, kT0 + 2000)), "add_schedule");
  must(schedules.add_schedule(schedule_of(uuid(3), bob_, chat_, kT0 + 50'000)), "add_schedule");
  EXPECT_EQ(must(schedules.next_schedule_due(), "next_schedule_due"), kT0 + 1000);

  // Due at kT0 + 2000: the first two, the earliest first; a second claimer gets nothing.
  auto claimed = must(schedules.claim_due_schedules("one", kT0 + 2000, 60'000, 10), "claim");
  ASSERT_EQ(claimed.size(), 2U);
  EXPECT_EQ(claimed[0].id, uuid(1));
  EXPECT_EQ(claimed[1].id, uuid(2));
  EXPECT_EQ(claimed[0].lease_owner, "one");
  EXPECT_EQ(claimed[0].lease_until, kT0 + 62'000);
  EXPECT_TRUE(must(schedules.claim_due_schedules("two", kT0 + 2000, 60'000, 10), "claim").empty());
  // Leased: no edit, no second claim of it alone.
  EXPECT_EQ(error_of(schedules.update_schedule(claimed[0], 1, kT0 + 2000)), Errc::kConflict);
  EXPECT_EQ(error_of(schedules.claim_schedule(uuid(1), "two", kT0 + 2000, 60'000)), Errc::kConflict);

  // Only the owner records an outcome; it ends the lease.
  auto outcome = claimed[0];
  outcome.next_at = kT0 + 100'000;
  outcome.sent_count = 1;
  outcome.last_sent_at = kT0 + 2000;
  outcome.last_message_id = uuid(500);
  outcome.updated_at = kT0 + 2000;
  EXPECT_EQ(error_of(schedules.finish_schedule(outcome, "two")), Errc::kNotFound);
  const auto finished = must(schedules.finish_schedule(outcome, "one"), "finish_schedule");
  EXPECT_EQ(finished.version, 2);
  EXPECT_EQ(finished.sent_count, 1);
  EXPECT_EQ(finished.last_message_id, uuid(500));
  EXPECT_FALSE(finished.lease_owner);
  EXPECT_EQ(error_of(schedules.finish_schedule(outcome, "one")), Errc::kNotFound);
  EXPECT_EQ(must(schedules.next_schedule_due(), "next_schedule_due"), kT0 + 2000);

  // Given back: claimable from the time named, not before.
  must(schedules.release_schedule(uuid(2), "one", kT0 + 10'000), "release_schedule");
  EXPECT_TRUE(must(schedules.claim_due_schedules("two", kT0 + 9000, 60'000, 10), "claim").empty());
  // A lease that ran out: taken again by the next claim (the runner died).
  auto again = must(schedules.claim_due_schedules("two", kT0 + 10'000, 1000, 1), "claim");
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].id, uuid(2));
  auto third = must(schedules.claim_due_schedules("three", kT0 + 11'000, 1000, 10), "claim");
  ASSERT_EQ(third.size(), 1U);
  EXPECT_EQ(third[0].id, uuid(2));
  EXPECT_EQ(third[0].lease_owner, "three");
  EXPECT_EQ(error_of(schedules.finish_schedule(again[0], "two")), Errc::kNotFound);

  // Send now: any pending one, due or not; a finished one is not found.
  auto done = finished;
  done.state = ScheduleState::kDone;
  done.next_at.reset();
  must(schedules.update_schedule(done, 2, kT0 + 12'000), "update_schedule");
  EXPECT_EQ(error_of(schedules.claim_schedule(uuid(1), "one", kT0 + 12'000, 1000)), Errc::kNotFound);
  EXPECT_EQ(error_of(schedules.claim_schedule(uuid(995), "one", kT0 + 12'000, 1000)), Errc::kNotFound);
}

TEST_P(StoreConformance, SchedulesClaimedFromManyThreadsAtOnceGoToOneClaimerEach) {
  add_cast();
  ScheduleStore& schedules = store().schedules();
  constexpr int kSchedules = 200;
  for (int i = 0; i < kSchedules; ++i) {
    must(schedules.add_schedule(schedule_of(uuid(1000 + i), alice_, chat_, kT0 + i % 3)), "add_schedule");
  }
  std::mutex m;
  std::vector<std::string> taken;
  std::atomic<int> errors{0};
  std::vector<std::thread> claimers;
  for (int t = 0; t < 4; ++t) {
    claimers.emplace_back([&, t] {
      for (;;) {
        auto r = schedules.claim_due_schedules("claimer" + std::to_string(t), kT0 + 10, 60'000, 7);
        if (!r) {
          ++errors;
          return;
        }
        if (r->empty()) return;
        std::lock_guard lock(m);
        for (const auto& s : *r) taken.push_back(s.id);
      }
    });
  }
  for (auto& c : claimers) c.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(taken.size(), static_cast<std::size_t>(kSchedules));
  EXPECT_EQ(std::set<std::string>(taken.begin(), taken.end()).size(), static_cast<std::size_t>(kSchedules));
}

}  // namespace parley::store::conformance
