// Reports and the moderation queue: what a report keeps, who sees which reports, the actions and
// their audit lines, server roles.
#include "chat/services_fixture.hpp"

#include "chat/auth.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace {

class ModerationTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    ChatOptions o;
    o.messages_burst = 1000;
    o.server_admins = {"alice@example.com"};
    service_ = std::make_unique<Services>(*store_, presence_, limiter_, events_, o, clock_);
    auto chat = service_->conversations.open_private_chat(bob_, eve_);
    ASSERT_TRUE(chat);
    chat_ = *chat;
  }
  store::Message send(const std::string& user, const std::string& chat_id, const std::string& text) {
    auto r = service_->messages.send_message(user, chat_id, text, std::nullopt);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r ? r->message : store::Message{};
  }
  ReportRequest about(const std::string& kind, const std::string& id, std::string category = "spam") {
    return ReportRequest{kind, id, std::move(category), "please look", false};
  }

  store::Chat chat_;
};

TEST_F(ModerationTest, AReportKeepsTheMessagesAroundItAsTheyWereEvenAfterADeletion) {
  std::vector<store::Message> sent;
  for (int i = 0; i < 30; ++i) sent.push_back(send(i % 2 ? bob_ : eve_, chat_.id, "m" + std::to_string(i)));
  const auto& target = sent[15];  // Bob's
  auto report = service_->moderation.report(eve_, about("message", target.id));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->user_id, bob_);
  EXPECT_EQ(report->chat_id, chat_.id);
  EXPECT_EQ(report->status, "open");
  const auto context = boost::json::parse(report->context).as_array();
  EXPECT_EQ(context.size(), kReportContextMessages + 1);
  bool found = false;
  for (const auto& m : context) found = found || m.at("id").as_string() == target.id;
  EXPECT_TRUE(found);

  ASSERT_TRUE(service_->lifecycle.remove(bob_, chat_.id, {target.id}, DeleteScope::kEveryone));
  auto queue = service_->moderation.queue(alice_, {});
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->size(), 1U);
  EXPECT_EQ(queue->front().context, report->context) << "kept as it was";

  // The reporter sees their own; not others'.
  EXPECT_EQ(service_->moderation.my_reports(eve_, "", 10)->size(), 1U);
  EXPECT_TRUE(service_->moderation.my_reports(bob_, "", 10)->empty());
}

TEST_F(ModerationTest, BadReportsAreRefusedAndReportingCanBlock) {
  const auto m = send(bob_, chat_.id, "hello");
  EXPECT_EQ(service_->moderation.report(eve_, about("thing", m.id)).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.report(eve_, about("message", m.id, "rude")).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.report(bob_, about("message", m.id)).error().code, Errc::kInvalidInput) << "own";
  EXPECT_EQ(service_->moderation.report(alice_, about("message", m.id)).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->moderation.report(eve_, about("user", eve_)).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.report(eve_, about("group", chat_.id)).error().code, Errc::kInvalidInput);
  ReportRequest long_comment = about("user", bob_);
  long_comment.comment = std::string(kMaxReportComment + 1, 'x');
  EXPECT_EQ(service_->moderation.report(eve_, long_comment).error().code, Errc::kPayloadTooLarge);

  ReportRequest and_block = about("user", bob_, "harassment");
  and_block.block = true;
  auto r = service_->moderation.report(eve_, and_block);
  ASSERT_TRUE(r);
  auto context = boost::json::parse(r->context).as_array();
  ASSERT_EQ(context.size(), 1U) << "their private chat's latest";
  auto blocks = service_->blocks.list(eve_);
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 1U);
  EXPECT_EQ(blocks->front().user.id, bob_);
}

TEST_F(ModerationTest, GroupAdminsSeeTheirGroupsMessageReportsStaffSeeAll) {
  auto group = service_->groups.create(bob_, NewGroupRequest{"G", "", {eve_}});
  ASSERT_TRUE(group);
  const auto m = send(eve_, group->id, "spam spam");
  ASSERT_TRUE(service_->moderation.report(bob_, about("message", m.id)));
  ASSERT_TRUE(service_->moderation.report(eve_, about("group", group->id)));
  ASSERT_TRUE(service_->moderation.report(eve_, about("user", bob_)));

  EXPECT_EQ(service_->moderation.queue(alice_, {})->size(), 3U) << "a configured administrator";
  EXPECT_EQ(service_->moderation.queue(eve_, {}).error().code, Errc::kForbidden);
  QueueQuery in_group;
  in_group.chat_id = group->id;
  EXPECT_EQ(service_->moderation.queue(eve_, in_group).error().code, Errc::kForbidden) << "a member";
  auto owners = service_->moderation.queue(bob_, in_group);
  ASSERT_TRUE(owners);
  ASSERT_EQ(owners->size(), 1U) << "the group's own report is for the server's moderators";
  EXPECT_EQ(owners->front().kind, "message");

  // The owner deletes the message: it is gone for everyone, the report resolved, the line written.
  auto done = service_->moderation.act(bob_, owners->front().id, "delete", "spam");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, "resolved");
  EXPECT_EQ(done->resolution, "deleted");
  auto gone = store_->message_by_id(m.id);
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->deleted_at);
  EXPECT_EQ(service_->moderation.act(bob_, owners->front().id, "dismiss", "").error().code, Errc::kConflict);
  store::AuditQuery group_log;
  group_log.chat_id = group->id;
  auto log = service_->moderation.audit_log(bob_, group_log);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1U);
  EXPECT_EQ(log->front().action, "delete");
  EXPECT_EQ(log->front().actor_id, bob_);
  EXPECT_EQ(log->front().target_user_id, eve_);
  EXPECT_EQ(log->front().reason, "spam");
  EXPECT_EQ(service_->moderation.audit_log(bob_, {}).error().code, Errc::kForbidden);

  // The group's report is the server's: the owner cannot act on it; staff dismiss it.
  auto all = service_->moderation.queue(alice_, {});
  const auto group_report = std::find_if(all->begin(), all->end(), [](const auto& r) { return r.kind == "group"; });
  ASSERT_NE(group_report, all->end());
  EXPECT_EQ(service_->moderation.act(bob_, group_report->id, "dismiss", "").error().code, Errc::kForbidden);
  EXPECT_EQ(service_->moderation.act(alice_, group_report->id, "delete", "").error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.act(alice_, group_report->id, "ban", "").error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.act(alice_, group_report->id, "dismiss", "fine")->status, "dismissed");
  EXPECT_EQ(service_->moderation.audit_log(alice_, {})->size(), 2U);
}

TEST_F(ModerationTest, AdministratorsGiveRolesAndModeratorsWorkTheQueue) {
  EXPECT_EQ(*service_->moderation.server_role(alice_), "admin");
  EXPECT_EQ(*service_->moderation.server_role(bob_), "");
  EXPECT_EQ(service_->moderation.set_role(bob_, eve_, "moderator", "").error().code, Errc::kForbidden);
  ASSERT_TRUE(service_->moderation.set_role(alice_, bob_, "moderator", "helps out"));
  EXPECT_EQ(*service_->moderation.server_role(bob_), "moderator");
  EXPECT_TRUE(service_->moderation.queue(bob_, {}));
  EXPECT_EQ(service_->moderation.set_role(bob_, eve_, "moderator", "").error().code, Errc::kForbidden)
      << "moderators do not give roles";
  EXPECT_EQ(service_->moderation.set_role(alice_, alice_, "none", "").error().code, Errc::kInvalidInput)
      << "the configuration's";
  EXPECT_EQ(service_->moderation.set_role(alice_, bob_, "king", "").error().code, Errc::kInvalidInput);
  auto staff = service_->moderation.staff(bob_);
  ASSERT_TRUE(staff);
  ASSERT_EQ(staff->size(), 2U);
  EXPECT_EQ(staff->at(0).user.id, alice_);
  EXPECT_FALSE(staff->at(0).granted_at);
  EXPECT_EQ(staff->at(1).role, "moderator");
  ASSERT_TRUE(service_->moderation.set_role(alice_, bob_, "none", ""));
  EXPECT_EQ(*service_->moderation.server_role(bob_), "");
  EXPECT_EQ(service_->moderation.queue(bob_, {}).error().code, Errc::kForbidden);
  auto log = service_->moderation.audit_log(alice_, {});
  ASSERT_EQ(log->size(), 2U);
  EXPECT_EQ(log->back().reason, "helps out");
}

}  // namespace
}  // namespace parley::chat

namespace parley::chat {
namespace {

class SuspensionTest : public ModerationTest {
 protected:
  void SetUp() override {
    ModerationTest::SetUp();
    AuthOptions o;
    o.jwt_secret = std::string(32, 's');
    o.hash_memory_bytes = 1 << 20;
    o.hash_ops = 1;
    auth_ = std::make_unique<AuthService>(*store_, o, clock_);
    auth_->check_suspensions(&store_->moderation());
    auto registered = auth_->register_user("mallory@example.com", "Mallory", "correct horse battery");
    ASSERT_TRUE(registered) << registered.error().message;
    mallory_ = registered->user.id;
    token_ = registered->access_token;
    service_->moderation.on_suspended([this](const std::string& id) { disconnected_.push_back(id); });
  }
  std::unique_ptr<AuthService> auth_;
  std::string mallory_, token_;
  std::vector<std::string> disconnected_;
};

TEST_F(SuspensionTest, ASuspendedAccountsTokensStopAtOnceAndItCannotSignInUntilLiftedOrEnded) {
  ASSERT_TRUE(auth_->verify(token_).principal);
  EXPECT_EQ(service_->moderation.suspend(bob_, mallory_, std::nullopt, "spam").error().code, Errc::kForbidden);
  auto s = service_->moderation.suspend(alice_, mallory_, std::nullopt, "spam");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(disconnected_, std::vector<std::string>{mallory_});
  EXPECT_EQ(auth_->verify(token_).error, TokenError::kSuspended);
  auto login = auth_->login("mallory@example.com", "correct horse battery");
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code, Errc::kForbidden);
  EXPECT_EQ(auth_->login("mallory@example.com", "wrong password!").error().code, Errc::kUnauthorized)
      << "a wrong password says nothing of the suspension";
  EXPECT_EQ(service_->moderation.suspensions(alice_)->size(), 1U);

  ASSERT_TRUE(service_->moderation.unsuspend(alice_, mallory_, "appealed"));
  EXPECT_TRUE(auth_->verify(token_).principal);
  EXPECT_EQ(service_->moderation.unsuspend(alice_, mallory_, "").error().code, Errc::kNotFound);

  // For an hour: over when the hour is.
  ASSERT_TRUE(service_->moderation.suspend(alice_, mallory_, 3600, "cool down"));
  EXPECT_EQ(auth_->verify(token_).error, TokenError::kSuspended);
  clock_.advance(3600 * 1000);
  EXPECT_TRUE(auth_->verify(token_).principal);
  EXPECT_TRUE(service_->moderation.suspensions(alice_)->empty());

  const auto lines = service_->moderation.audit_log(alice_, {});
  ASSERT_TRUE(lines);
  EXPECT_EQ(lines->size(), 3U);
  EXPECT_EQ(lines->front().action, "suspend");
  EXPECT_EQ(lines->at(1).action, "unsuspend");
  EXPECT_EQ(lines->at(1).reason, "appealed");
}

TEST_F(SuspensionTest, StaffAreNotSuspendedByThoseBelowAndNobodySuspendsThemselves) {
  ASSERT_TRUE(service_->moderation.set_role(alice_, bob_, "moderator", ""));
  EXPECT_EQ(service_->moderation.suspend(bob_, alice_, std::nullopt, "").error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.suspend(alice_, alice_, std::nullopt, "").error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->moderation.suspend(alice_, mallory_, 5, "").error().code, Errc::kInvalidInput) << "too short";
  EXPECT_TRUE(service_->moderation.suspend(alice_, bob_, std::nullopt, "")) << "an administrator, a moderator";

  // Through a report: the person it is about.
  const auto m = send(eve_, chat_.id, "hello");
  ASSERT_TRUE(service_->moderation.unsuspend(alice_, bob_, ""));
  auto r = service_->moderation.report(bob_, about("message", m.id));
  ASSERT_TRUE(r);
  auto done = service_->moderation.act(alice_, r->id, "suspend", "spam", 86400);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->resolution, "suspended");
  auto s = store_->moderation().suspension(eve_);
  ASSERT_TRUE(s && *s);
  EXPECT_EQ((*s)->until, clock_.now_ms() + 86400LL * 1000);
}

}  // namespace
}  // namespace parley::chat
