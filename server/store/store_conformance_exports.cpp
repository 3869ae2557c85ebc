// The conformance suite, part 21: data exports (store/exports.hpp): added with a limit on a
// person's unfinished ones, read by id and per person newest first, their progress and outcome
// written, found once expired, and removed.
#include "store/exports.hpp"
#include "store/store_conformance.hpp"

#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

DataExport export_of(std::uint64_t n, const User& by) {
  DataExport e;
  e.id = uuid(n);
  e.user_id = by.id;
  e.format = "json";
  e.options = R"({"chatIds":[],"note":"\u00e9t\u00e9 \u2713"})";
  e.state = "queued";
  e.created_at = kT0 + static_cast<TimeMs>(n);
  return e;
}

}  // namespace

TEST_P(StoreConformance, ExportsAreKeptWithTheirProgressAndOutcome) {
  add_cast();
  auto& exports = store().exports();
  const auto first = must(exports.add_export(export_of(70, alice_), 2), "add_export");
  EXPECT_EQ(first.state, "queued");
  EXPECT_EQ(first.options, export_of(70, alice_).options);
  EXPECT_FALSE(first.blob_id);
  EXPECT_FALSE(first.expires_at);
  must(exports.add_export(export_of(71, alice_), 2), "add_export");
  // Two unfinished: the third waits; bob has his own count; the id is taken.
  EXPECT_EQ(error_of(exports.add_export(export_of(72, alice_), 2)), Errc::kLimit);
  must(exports.add_export(export_of(73, bob_), 2), "add_export");
  EXPECT_EQ(error_of(exports.add_export(export_of(70, bob_), 2)), Errc::kConflict);

  auto running = first;
  running.state = "running";
  running.done = 40;
  running.total = 100;
  const auto progressed = must(exports.update_export(running), "update_export");
  EXPECT_EQ(progressed.done, 40);
  EXPECT_EQ(progressed.total, 100);

  auto finished = progressed;
  finished.state = "done";
  finished.done = 100;
  finished.blob_id = "0123456789abcdef0123456789abcdef";
  finished.size = 12345;
  finished.finished_at = kT0 + 1000;
  finished.expires_at = kT0 + 5000;
  must(exports.update_export(finished), "update_export");
  const auto read = must(exports.export_by_id(first.id), "export_by_id");
  EXPECT_EQ(read.state, "done");
  EXPECT_EQ(read.blob_id, finished.blob_id);
  EXPECT_EQ(read.size, 12345);
  EXPECT_EQ(read.finished_at, kT0 + 1000);
  EXPECT_EQ(read.expires_at, kT0 + 5000);
  EXPECT_FALSE(read.error);
  // One finished: room for another.
  must(exports.add_export(export_of(72, alice_), 2), "add_export");

  auto failed = must(exports.export_by_id(uuid(71)), "export_by_id");
  failed.state = "failed";
  failed.error = "The store is unavailable";
  failed.finished_at = kT0 + 2000;
  failed.expires_at = kT0 + 3000;
  EXPECT_EQ(must(exports.update_export(failed), "update_export").error, "The store is unavailable");

  const auto mine = must(exports.exports_of(alice_.id), "exports_of");
  ASSERT_EQ(mine.size(), 3U);
  EXPECT_EQ(mine[0].id, uuid(72));  // newest first
  EXPECT_EQ(mine[2].id, uuid(70));
  EXPECT_EQ(must(exports.exports_of(bob_.id), "exports_of").size(), 1U);

  // Expired: those whose expiry has come, soonest first, up to the limit.
  EXPECT_TRUE(must(exports.expired_exports(kT0 + 2999, 10), "expired_exports").empty());
  const auto expired = must(exports.expired_exports(kT0 + 5000, 10), "expired_exports");
  ASSERT_EQ(expired.size(), 2U);
  EXPECT_EQ(expired[0].id, uuid(71));
  EXPECT_EQ(expired[1].id, uuid(70));
  EXPECT_EQ(must(exports.expired_exports(kT0 + 5000, 1), "expired_exports").size(), 1U);

  EXPECT_EQ(must(exports.remove_export(uuid(71)), "remove_export").state, "failed");
  EXPECT_EQ(error_of(exports.remove_export(uuid(71))), Errc::kNotFound);
  EXPECT_EQ(error_of(exports.export_by_id(uuid(71))), Errc::kNotFound);
  auto gone = failed;
  EXPECT_EQ(error_of(exports.update_export(gone)), Errc::kNotFound);
}

}  // namespace parley::store::conformance
