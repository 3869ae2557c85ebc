// The conformance suite: blocks (store/moderation.hpp): one-way rows, set and unset once, the
// latest first, refused for oneself and for users that do not exist.
#include "store/moderation.hpp"
#include "store/store_conformance.hpp"

#include <algorithm>

namespace parley::store::conformance {

TEST_P(StoreConformance, BlocksAreOneWayAndChangeOnce) {
  add_cast();
  auto& blocks = store().moderation();
  EXPECT_TRUE(must(blocks.blocks_of(alice_.id), "blocks_of").empty());
  EXPECT_TRUE(must(blocks.set_block(alice_.id, bob_.id, true, kT0), "block"));
  EXPECT_FALSE(must(blocks.set_block(alice_.id, bob_.id, true, kT0 + 5), "block again")) << "nothing changed";
  EXPECT_TRUE(must(blocks.set_block(alice_.id, carol_.id, true, kT0 + 1), "block"));
  EXPECT_TRUE(must(blocks.set_block(carol_.id, alice_.id, true, kT0 + 2), "block back"));

  // The latest first; the first block's time kept.
  EXPECT_EQ(must(blocks.blocks_of(alice_.id), "blocks_of"),
            (std::vector<Block>{{alice_.id, carol_.id, kT0 + 1}, {alice_.id, bob_.id, kT0}}));
  EXPECT_TRUE(must(blocks.blocks_of(bob_.id), "blocks_of").empty()) << "one way";
  EXPECT_EQ(must(blocks.blocks_between(alice_.id, bob_.id), "between"), std::make_pair(true, false));
  EXPECT_EQ(must(blocks.blocks_between(bob_.id, alice_.id), "between"), std::make_pair(false, true));
  EXPECT_EQ(must(blocks.blocks_between(alice_.id, carol_.id), "between"), std::make_pair(true, true));
  EXPECT_EQ(must(blocks.blocks_between(bob_.id, carol_.id), "between"), std::make_pair(false, false));
  const auto all = must(blocks.all_blocks(), "all_blocks");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [&](const Block& b) { return b.user_id == alice_.id; }), 2);

  EXPECT_TRUE(must(blocks.set_block(alice_.id, bob_.id, false, kT0 + 3), "unblock"));
  EXPECT_FALSE(must(blocks.set_block(alice_.id, bob_.id, false, kT0 + 4), "unblock again"));
  EXPECT_EQ(must(blocks.blocks_of(alice_.id), "blocks_of"), (std::vector<Block>{{alice_.id, carol_.id, kT0 + 1}}));

  EXPECT_EQ(error_of(blocks.set_block(alice_.id, alice_.id, true, kT0)), Errc::kInvalid);
  EXPECT_EQ(error_of(blocks.set_block(alice_.id, uuid(999), true, kT0)), Errc::kNotFound);
  EXPECT_EQ(error_of(blocks.set_block(uuid(999), alice_.id, true, kT0)), Errc::kNotFound);
  EXPECT_EQ(must(blocks.all_blocks(), "all_blocks").size(), 2U);
}

}  // namespace parley::store::conformance

namespace parley::store::conformance {

TEST_P(StoreConformance, ReportsKeepTheirContextAndCloseOnceWithTheirAuditLine) {
  add_cast();
  auto& mod = store().moderation();
  Report r;
  r.id = uuid(501);
  r.reporter_id = alice_.id;
  r.kind = "message";
  r.target_id = uuid(900);
  r.user_id = bob_.id;
  r.chat_id = chat_.id;
  r.category = "spam";
  r.comment = "again and again";
  r.context = R"([{"id":"m","content":"buy now"}])";
  r.created_at = kT0;
  const Report stored = must(mod.add_report(r), "add_report");
  EXPECT_EQ(stored.status, "open");
  EXPECT_EQ(stored.context, r.context);
  EXPECT_FALSE(stored.resolved_at);
  EXPECT_EQ(must(mod.report(r.id), "report"), stored);
  EXPECT_EQ(error_of(mod.add_report(r)), Errc::kConflict);
  Report unknown = r;
  unknown.id = uuid(502);
  unknown.reporter_id = uuid(999);
  EXPECT_EQ(error_of(mod.add_report(unknown)), Errc::kNotFound);
  EXPECT_EQ(error_of(mod.report(uuid(503))), Errc::kNotFound);

  Report other = r;
  other.id = uuid(504);
  other.reporter_id = carol_.id;
  other.kind = "user";
  other.chat_id = "";
  other.category = "harassment";
  other.created_at = kT0 + 1;
  must(mod.add_report(other), "add_report");

  // The latest first; each filter narrows; pages by id.
  const auto ids = [](const std::vector<Report>& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(x.id);
    return out;
  };
  EXPECT_EQ(ids(must(mod.reports({}), "reports")), (std::vector<std::string>{other.id, r.id}));
  ReportQuery q;
  q.reporter_id = alice_.id;
  EXPECT_EQ(ids(must(mod.reports(q), "reports")), std::vector<std::string>{r.id});
  q = {};
  q.chat_id = chat_.id;
  EXPECT_EQ(ids(must(mod.reports(q), "reports")), std::vector<std::string>{r.id});
  q = {};
  q.category = "harassment";
  EXPECT_EQ(ids(must(mod.reports(q), "reports")), std::vector<std::string>{other.id});
  q = {};
  q.before_id = other.id;
  q.limit = 5;
  EXPECT_EQ(ids(must(mod.reports(q), "reports")), std::vector<std::string>{r.id});

  AuditEntry line{uuid(601), carol_.id, "dismiss", bob_.id, chat_.id, r.id, "not spam", "{}", kT0 + 10};
  const Report closed = must(mod.close_report(r.id, "dismissed", "dismissed", line), "close_report");
  EXPECT_EQ(closed.status, "dismissed");
  EXPECT_EQ(closed.resolved_by, carol_.id);
  EXPECT_EQ(closed.resolved_at, kT0 + 10);
  EXPECT_EQ(closed.context, r.context) << "kept";
  AuditEntry again = line;
  again.id = uuid(602);
  EXPECT_EQ(error_of(mod.close_report(r.id, "resolved", "deleted", again)), Errc::kInvalid);
  EXPECT_EQ(error_of(mod.close_report(uuid(503), "resolved", "deleted", again)), Errc::kNotFound);
  q = {};
  q.status = "open";
  EXPECT_EQ(ids(must(mod.reports(q), "reports")), std::vector<std::string>{other.id});

  // The audit log: the closing line only (a refused close writes none), then one of its own.
  must(mod.add_audit({uuid(603), alice_.id, "role", bob_.id, "", "", "", R"({"role":"moderator"})", kT0 + 20}),
       "add_audit");
  const auto log = must(mod.audit_log({}), "audit_log");
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].id, uuid(603));
  EXPECT_EQ(log[1], line);
  AuditQuery in_chat;
  in_chat.chat_id = chat_.id;
  EXPECT_EQ(must(mod.audit_log(in_chat), "audit_log"), std::vector<AuditEntry>{line});
}

TEST_P(StoreConformance, StaffRolesAreGivenAndTakenWithAnAuditLine) {
  add_cast();
  auto& mod = store().moderation();
  EXPECT_TRUE(must(mod.staff(), "staff").empty());
  must(mod.set_staff(bob_.id, "moderator", {uuid(701), alice_.id, "role", bob_.id, "", "", "", "{}", kT0}), "set");
  must(mod.set_staff(carol_.id, "admin", {uuid(702), alice_.id, "role", carol_.id, "", "", "", "{}", kT0 + 1}), "set");
  EXPECT_EQ(must(mod.staff(), "staff"),
            (std::vector<StaffMember>{{bob_.id, "moderator", kT0}, {carol_.id, "admin", kT0 + 1}}));
  must(mod.set_staff(bob_.id, "", {uuid(703), alice_.id, "role", bob_.id, "", "", "", "{}", kT0 + 2}), "take");
  EXPECT_EQ(must(mod.staff(), "staff"), (std::vector<StaffMember>{{carol_.id, "admin", kT0 + 1}}));
  EXPECT_EQ(error_of(mod.set_staff(uuid(999), "admin", {uuid(704), alice_.id, "role", "", "", "", "", "{}", kT0})),
            Errc::kNotFound);
  EXPECT_EQ(must(mod.audit_log({}), "audit_log").size(), 3U);
}

}  // namespace parley::store::conformance

namespace parley::store::conformance {

TEST_P(StoreConformance, SuspensionsAreSetReplacedAndLiftedWithAuditLines) {
  add_cast();
  auto& mod = store().moderation();
  EXPECT_EQ(must(mod.suspension(bob_.id), "suspension"), std::nullopt);
  const auto line = [](std::uint64_t n) { return AuditEntry{uuid(n), "x", "suspend", "", "", "", "", "{}", kT0}; };
  must(mod.suspend({bob_.id, alice_.id, kT0, kT0 + 1000, "spam"}, line(801)), "suspend");
  EXPECT_EQ(must(mod.suspension(bob_.id), "suspension"), (Suspension{bob_.id, alice_.id, kT0, kT0 + 1000, "spam"}));
  must(mod.suspend({bob_.id, carol_.id, kT0 + 5, std::nullopt, "worse"}, line(802)), "replace");
  must(mod.suspend({carol_.id, alice_.id, kT0 + 1, std::nullopt, ""}, line(803)), "suspend");
  EXPECT_EQ(must(mod.suspensions(), "suspensions"),
            (std::vector<Suspension>{{bob_.id, carol_.id, kT0 + 5, std::nullopt, "worse"},
                                     {carol_.id, alice_.id, kT0 + 1, std::nullopt, ""}}));
  EXPECT_EQ(error_of(mod.suspend({uuid(999), alice_.id, kT0, std::nullopt, ""}, line(804))), Errc::kNotFound);
  EXPECT_TRUE(must(mod.unsuspend(bob_.id, line(805)), "unsuspend"));
  EXPECT_FALSE(must(mod.unsuspend(bob_.id, line(806)), "unsuspend again"));
  EXPECT_EQ(must(mod.suspension(bob_.id), "suspension"), std::nullopt);
  EXPECT_EQ(must(mod.audit_log({}), "audit_log").size(), 4U) << "three suspensions and one lift";
}

}  // namespace parley::store::conformance
