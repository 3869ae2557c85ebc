// The conformance suite: auto-moderation (store/moderation.hpp): rules by scope, replaced and
// deleted with their audit lines; hits decided once; mutes replaced, listed while they last and
// lifted; notices the latest first; the latest texts of a chat and of the server.
#include "store/moderation.hpp"
#include "store/store_conformance.hpp"

namespace parley::store::conformance {
namespace {

AuditEntry audit_line(const std::string& id, const std::string& actor, const std::string& action, TimeMs at) {
  AuditEntry a;
  a.id = id;
  a.actor_id = actor;
  a.action = action;
  a.details = "{}";
  a.at = at;
  return a;
}

}  // namespace

TEST_P(StoreConformance, AutoModRulesAreKeptByScopeAndAudited) {
  add_cast();
  auto& mod = store().moderation();
  const AutoModRule server{uuid(601), "", R"({"kind":"words"})", alice_.id, kT0};
  const AutoModRule group{uuid(602), chat_.id, R"({"kind":"links"})", alice_.id, kT0 + 1};
  must(mod.put_automod_rule(server, audit_line(uuid(701), alice_.id, "rule", kT0)), "put server rule");
  must(mod.put_automod_rule(group, audit_line(uuid(702), alice_.id, "rule", kT0 + 1)), "put group rule");
  EXPECT_EQ(must(mod.automod_rules(std::nullopt), "all"), (std::vector<AutoModRule>{server, group}));
  EXPECT_EQ(must(mod.automod_rules(""), "server"), (std::vector<AutoModRule>{server}));
  EXPECT_EQ(must(mod.automod_rules(chat_.id), "group"), (std::vector<AutoModRule>{group}));

  AutoModRule changed = server;
  changed.config = R"({"kind":"regex"})";
  changed.updated_by = bob_.id;
  changed.updated_at = kT0 + 2;
  must(mod.put_automod_rule(changed, audit_line(uuid(703), bob_.id, "rule", kT0 + 2)), "replace");
  EXPECT_EQ(must(mod.automod_rules(""), "server"), (std::vector<AutoModRule>{changed}));

  EXPECT_TRUE(
      must(mod.delete_automod_rule(group.id, audit_line(uuid(704), alice_.id, "rule_deleted", kT0 + 3)), "del"));
  EXPECT_FALSE(
      must(mod.delete_automod_rule(group.id, audit_line(uuid(705), alice_.id, "rule_deleted", kT0 + 4)), "del"))
      << "gone already: no audit line";
  EXPECT_TRUE(must(mod.automod_rules(chat_.id), "group").empty());
  const auto log = must(mod.audit_log({}), "audit");
  ASSERT_EQ(log.size(), 4U);
  EXPECT_EQ(log.front().id, uuid(704));
}

TEST_P(StoreConformance, AutoModHitsAreDecidedOnce) {
  add_cast();
  auto& mod = store().moderation();
  AutoModHit held;
  held.id = uuid(801);
  held.chat_id = chat_.id;
  held.user_id = bob_.id;
  held.action = "hold";
  held.rules = R"([{"id":"r","name":"links"}])";
  held.content = "see http://spam.example";
  held.request = R"({"content":"see http://spam.example"})";
  held.status = "held";
  held.created_at = kT0;
  AutoModHit flagged = held;
  flagged.id = uuid(802);
  flagged.action = "flag";
  flagged.message_id = uuid(900);
  flagged.request.clear();
  flagged.status = "open";
  flagged.created_at = kT0 + 1;
  AutoModHit elsewhere = flagged;
  elsewhere.id = uuid(803);
  elsewhere.chat_id = uuid(77);
  elsewhere.action = "reject";
  elsewhere.status = "done";
  for (const auto& h : {held, flagged, elsewhere}) must(mod.add_hit(h), "add_hit");

  EXPECT_EQ(must(mod.hit(held.id), "hit"), held);
  EXPECT_EQ(error_of(mod.hit(uuid(899))), Errc::kNotFound);
  EXPECT_EQ(must(mod.hits({}), "all"), (std::vector<AutoModHit>{elsewhere, flagged, held}));
  HitQuery in_chat;
  in_chat.chat_id = chat_.id;
  EXPECT_EQ(must(mod.hits(in_chat), "in chat"), (std::vector<AutoModHit>{flagged, held}));
  HitQuery waiting;
  waiting.status = "held";
  EXPECT_EQ(must(mod.hits(waiting), "held"), (std::vector<AutoModHit>{held}));
  HitQuery page;
  page.before_id = flagged.id;
  page.limit = 1;
  EXPECT_EQ(must(mod.hits(page), "page"), (std::vector<AutoModHit>{held}));

  const auto approved = must(
      mod.decide_hit(held.id, "approved", uuid(901), audit_line(uuid(711), alice_.id, "approve", kT0 + 5)), "approve");
  EXPECT_EQ(approved.status, "approved");
  EXPECT_EQ(approved.message_id, uuid(901));
  EXPECT_EQ(approved.decided_by, alice_.id);
  EXPECT_EQ(approved.decided_at, kT0 + 5);
  EXPECT_EQ(error_of(mod.decide_hit(held.id, "rejected", "", audit_line(uuid(712), carol_.id, "reject", kT0 + 6))),
            Errc::kInvalid)
      << "decided once";
  EXPECT_EQ(error_of(mod.decide_hit(elsewhere.id, "dismissed", "", audit_line(uuid(713), carol_.id, "x", kT0 + 6))),
            Errc::kInvalid)
      << "a rejection is not waiting for anyone";
  EXPECT_EQ(error_of(mod.decide_hit(uuid(899), "dismissed", "", audit_line(uuid(714), carol_.id, "x", kT0 + 6))),
            Errc::kNotFound);
  EXPECT_EQ(must(mod.audit_log({}), "audit").size(), 1U) << "only the decision that took effect";
}

TEST_P(StoreConformance, MutesAreReplacedListedWhileTheyLastAndLifted) {
  add_cast();
  auto& mod = store().moderation();
  const Mute everywhere{bob_.id, "", "", kT0, kT0 + 100, "flood"};
  const Mute in_chat{bob_.id, chat_.id, alice_.id, kT0 + 1, kT0 + 50, "rude"};
  const Mute carol{carol_.id, chat_.id, alice_.id, kT0 + 2, kT0 + 10, "spam"};
  must(mod.mute(everywhere, {}), "mute without an actor");
  must(mod.mute(in_chat, audit_line(uuid(721), alice_.id, "mute", kT0 + 1)), "mute in chat");
  must(mod.mute(carol, audit_line(uuid(722), alice_.id, "mute", kT0 + 2)), "mute carol");
  EXPECT_EQ(error_of(mod.mute({uuid(999), "", "", kT0, kT0 + 1, ""}, {})), Errc::kNotFound);
  EXPECT_EQ(must(mod.mutes_of(bob_.id), "mutes_of"), (std::vector<Mute>{everywhere, in_chat}));
  EXPECT_EQ(must(mod.mutes(chat_.id, kT0), "in chat"), (std::vector<Mute>{carol, in_chat}));
  EXPECT_EQ(must(mod.mutes(chat_.id, kT0 + 20), "in chat later"), (std::vector<Mute>{in_chat})) << "carol's ended";
  EXPECT_EQ(must(mod.mutes(std::nullopt, kT0 + 60), "all later"), (std::vector<Mute>{everywhere}));

  Mute longer = in_chat;
  longer.until = kT0 + 500;
  must(mod.mute(longer, audit_line(uuid(723), alice_.id, "mute", kT0 + 3)), "replace");
  EXPECT_EQ(must(mod.mutes_of(bob_.id), "mutes_of"), (std::vector<Mute>{everywhere, longer}));

  EXPECT_TRUE(must(mod.unmute(bob_.id, chat_.id, audit_line(uuid(724), alice_.id, "unmute", kT0 + 4)), "unmute"));
  EXPECT_FALSE(must(mod.unmute(bob_.id, chat_.id, audit_line(uuid(725), alice_.id, "unmute", kT0 + 5)), "again"));
  EXPECT_EQ(must(mod.mutes_of(bob_.id), "mutes_of"), (std::vector<Mute>{everywhere}));
  EXPECT_EQ(must(mod.audit_log({}), "audit").size(), 4U) << "the three with an actor and the one unmute";
}

TEST_P(StoreConformance, NoticesAndTheLatestTexts) {
  add_cast();
  auto& mod = store().moderation();
  const ModerationNotice warned{uuid(731), bob_.id, "warning", chat_.id, "be kind", kT0, std::nullopt};
  const ModerationNotice muted{uuid(732), bob_.id, "muted", "", "flood", kT0 + 1, kT0 + 60};
  must(mod.add_notice(warned), "warned");
  must(mod.add_notice(muted), "muted");
  EXPECT_EQ(must(mod.notices(bob_.id, 10), "notices"), (std::vector<ModerationNotice>{muted, warned}));
  EXPECT_EQ(must(mod.notices(bob_.id, 1), "notices"), (std::vector<ModerationNotice>{muted}));
  EXPECT_TRUE(must(mod.notices(alice_.id, 10), "none").empty());

  const auto first = send(chat_, alice_, "first", kT0 + 1);
  const auto second = send(chat_, bob_, "second", kT0 + 2);
  const auto other = add_chat(bob_, carol_);
  const auto third = send(other, carol_, "third", kT0 + 3);
  must(store().delete_messages(chat_.id, {second.id}, bob_.id, kT0 + 4), "delete");
  const auto of_chat = must(mod.latest_texts(chat_.id, 10), "of chat");
  ASSERT_EQ(of_chat.size(), 1U) << "deleted messages are not read";
  EXPECT_EQ(of_chat[0].id, first.id);
  EXPECT_EQ(of_chat[0].content, "first");
  EXPECT_EQ(of_chat[0].sender_id, alice_.id);
  EXPECT_EQ(of_chat[0].seq, first.seq);
  const auto all = must(mod.latest_texts(std::nullopt, 10), "all");
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].id, third.id) << "the latest first";
  EXPECT_EQ(all[1].id, first.id);
  EXPECT_EQ(must(mod.latest_texts(std::nullopt, 1), "one").size(), 1U);
}

}  // namespace parley::store::conformance
