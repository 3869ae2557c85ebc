// Notifications: the rules of who is told and what a push says, which endpoints are accepted,
// subscriptions and settings through the service, and the notifier's jobs end to end with a
// stand-in push channel (the real sender is tested against a push service in push/).
#include "chat/notifications/notifications_fixture.hpp"
#include "chat/notifications/notify_rules.hpp"
#include "chat/notifications/push_endpoint.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

// ---- rules -------------------------------------------------------------------------------

TEST(NotifyRules, TheChatsSettingDecidesWhatIsTold) {
  const std::int64_t now = 1000;
  const MessageForUser plain{.concerns = false, .in_timeline = true};
  const MessageForUser answer{.concerns = true, .in_timeline = true};
  const MessageForUser thread_only{.concerns = false, .in_timeline = false};
  const store::ChatNotify all{"c", store::NotifyLevel::kAll, 0};
  const store::ChatNotify mentions{"c", store::NotifyLevel::kMentions, 0};
  const store::ChatNotify nothing{"c", store::NotifyLevel::kNothing, 0};
  const store::ChatNotify muted{"c", store::NotifyLevel::kAll, now + 1};
  const store::ChatNotify mute_over{"c", store::NotifyLevel::kAll, now};
  EXPECT_TRUE(should_notify(all, plain, now));
  EXPECT_FALSE(should_notify(all, thread_only, now)) << "a reply kept in its thread, not to the person";
  EXPECT_FALSE(should_notify(mentions, plain, now));
  EXPECT_TRUE(should_notify(mentions, answer, now));
  EXPECT_FALSE(should_notify(nothing, answer, now)) << "nothing is nothing";
  EXPECT_FALSE(should_notify(muted, plain, now));
  EXPECT_TRUE(should_notify(muted, answer, now)) << "what answers the person breaks through a mute";
  EXPECT_TRUE(should_notify(mute_over, plain, now)) << "the mute ended";
  const store::ChatNotify muted_nothing{"c", store::NotifyLevel::kNothing, store::kMutedForever};
  EXPECT_FALSE(should_notify(muted_nothing, answer, now));
}

TEST(NotifyRules, APushSaysWhoAndWhatUnlessPreviewsAreOff) {
  store::Chat direct;
  direct.id = "chat-1";
  store::Chat group;
  group.id = "chat-2";
  group.group.emplace();
  group.group->title = "Design";
  store::Message m;
  m.id = "m-1";
  m.chat_id = "chat-1";
  m.content = "See you at nine";
  m.created_at = 42;
  auto parsed = [](const std::string& s) { return json::parse(s).as_object(); };

  auto p = parsed(push_payload(direct, m, "Ann", true));
  EXPECT_EQ(p.at("title"), "Ann");
  EXPECT_EQ(p.at("body"), "See you at nine");
  EXPECT_EQ(p.at("chatId"), "chat-1");
  EXPECT_EQ(p.at("messageId"), "m-1");
  EXPECT_EQ(p.at("at"), 42);
  p = parsed(push_payload(group, m, "Ann", true));
  EXPECT_EQ(p.at("title"), "Design");
  EXPECT_EQ(p.at("body"), "Ann: See you at nine");
  p = parsed(push_payload(group, m, "Ann", false));
  EXPECT_EQ(p.at("title"), "Design");
  EXPECT_FALSE(p.contains("body")) << "no text without previews";

  m.content = std::string(150, 'a') + std::string(100, 'b');
  const auto body = std::string(parsed(push_payload(direct, m, "Ann", true)).at("body").as_string());
  EXPECT_EQ(body, std::string(150, 'a') + std::string(50, 'b') + "…");
  m.content.clear();
  m.attachments = "[]";
  EXPECT_EQ(parsed(push_payload(direct, m, "Ann", true)).at("body"), "Sent a file");

  const auto topic = push_topic("chat-1");
  EXPECT_EQ(topic.size(), 32U);
  EXPECT_EQ(topic, push_topic("chat-1"));
  EXPECT_NE(topic, push_topic("chat-2"));
}

TEST(PushEndpoint, OnlyHttpsToPublicHostsUnlessInsecure) {
  EXPECT_EQ(endpoint_problem("https://fcm.googleapis.com/fcm/send/abc", false), "");
  EXPECT_EQ(endpoint_problem("https://updates.push.services.mozilla.com/wpush/v2/x", false), "");
  EXPECT_EQ(endpoint_problem("https://8.8.8.8/push", false), "");
  EXPECT_EQ(endpoint_problem("https://[2606:4700::1111]/push", false), "");
  for (const char* bad : {"http://fcm.googleapis.com/x",
                          "ftp://push.example.com/x",
                          "https://localhost/x",
                          "https://127.0.0.1/x",
                          "https://10.1.2.3/x",
                          "https://172.16.0.1/x",
                          "https://192.168.1.1/x",
                          "https://169.254.169.254/latest",
                          "https://[::1]/x",
                          "https://[fd00::1]/x",
                          "https://[fe80::1]/x",
                          "https://[::ffff:127.0.0.1]/x",
                          "https://intranet/x",
                          "https://printer.local/x",
                          "https://db.internal/x",
                          "https://127.1/x",
                          "https://0x7f.0.0.1/x",
                          "https://user:pw@push.example.com/x",
                          "https:///x",
                          "",
                          "https://push.example.com/a b",
                          "https://[::1/x"}) {
    EXPECT_NE(endpoint_problem(bad, false), "") << bad;
  }
  EXPECT_NE(endpoint_problem("https://push.example.com/" + std::string(kMaxEndpointBytes, 'a'), false), "");
  EXPECT_EQ(endpoint_problem("http://127.0.0.1:8090/push/1", true), "") << "tests' push service";
  EXPECT_NE(endpoint_problem("ftp://127.0.0.1/x", true), "");
}

// ---- the service and the notifier ----------------------------------------------------------

TEST_F(NotificationsTest, SubscriptionsAreCheckedKeptPerDeviceAndRemoved) {
  EXPECT_EQ(service_->notifications.public_key(), "BKeyOfTheServer");
  auto bad_endpoint = service_->notifications.subscribe(bob_, device("http://push.example.com/x"));
  ASSERT_FALSE(bad_endpoint);
  EXPECT_EQ(code_of(bad_endpoint.error()), Errc::kInvalidInput);
  EXPECT_NE(bad_endpoint.error().message.find("https"), std::string::npos);
  EXPECT_FALSE(service_->notifications.subscribe(bob_, device("https://169.254.169.254/latest/meta-data")));
  auto bad_key = device(bob_phone_);
  bad_key.p256dh = b64(std::string(65, 'k'));  // not an uncompressed point
  EXPECT_FALSE(service_->notifications.subscribe(bob_, bad_key));
  bad_key = device(bob_phone_);
  bad_key.auth = "!!";
  EXPECT_FALSE(service_->notifications.subscribe(bob_, bad_key));
  auto long_label = device(bob_phone_);
  long_label.label = std::string(101, 'x');
  EXPECT_FALSE(service_->notifications.subscribe(bob_, long_label));
  long_label.label = "\xff";
  EXPECT_FALSE(service_->notifications.subscribe(bob_, long_label));

  auto phone = service_->notifications.subscribe(bob_, device(bob_phone_));
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->label, "Firefox on Linux");
  auto again = service_->notifications.subscribe(bob_, device(bob_phone_));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, phone->id) << "the same device again";
  ASSERT_TRUE(service_->notifications.subscribe(bob_, device("https://push.example.com/bob-laptop")));
  EXPECT_EQ(service_->notifications.subscriptions(bob_)->size(), 2U);
  EXPECT_TRUE(service_->notifications.subscriptions(alice_)->empty());

  auto not_hers = service_->notifications.unsubscribe(alice_, phone->id);
  ASSERT_FALSE(not_hers);
  EXPECT_EQ(code_of(not_hers.error()), Errc::kNotFound);
  EXPECT_TRUE(service_->notifications.unsubscribe(bob_, phone->id));
  EXPECT_FALSE(*service_->notifications.unsubscribe_endpoint(alice_, "https://push.example.com/bob-laptop"));
  EXPECT_TRUE(*service_->notifications.unsubscribe_endpoint(bob_, "https://push.example.com/bob-laptop"));
  EXPECT_FALSE(*service_->notifications.unsubscribe_endpoint(bob_, "https://push.example.com/bob-laptop"));
  EXPECT_TRUE(service_->notifications.subscriptions(bob_)->empty());
}

TEST_F(NotificationsTest, SettingsAndChatSettingsReachThePersonsDevices) {
  auto view = service_->notifications.settings(bob_);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->settings, NotificationSettings{});
  EXPECT_TRUE(view->chats.empty());
  view = service_->notifications.change(bob_, previews(false));
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->settings.previews);
  EXPECT_TRUE(view->settings.push);
  EXPECT_FALSE(service_->notifications.settings(bob_)->settings.previews);
  ASSERT_EQ(events_.notifications.size(), 1U);
  EXPECT_EQ(events_.notifications[0].first, bob_);

  const auto now = clock_.now_ms();
  auto unknown = service_->notifications.set_chat(bob_, chat_.id, level("loud"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(code_of(unknown.error()), Errc::kInvalidInput);
  auto past = service_->notifications.set_chat(bob_, chat_.id, mute(now));
  ASSERT_FALSE(past);
  EXPECT_EQ(code_of(past.error()), Errc::kInvalidInput);
  auto outsider = service_->notifications.set_chat(eve_, chat_.id, level("nothing"));
  ASSERT_FALSE(outsider);
  EXPECT_EQ(code_of(outsider.error()), Errc::kForbidden);

  auto set = service_->notifications.set_chat(bob_, chat_.id, level("mentions"));
  ASSERT_TRUE(set);
  EXPECT_EQ(set->level, store::NotifyLevel::kMentions);
  set = service_->notifications.set_chat(bob_, chat_.id, mute(kForeverJson));
  ASSERT_TRUE(set);
  EXPECT_EQ(set->level, store::NotifyLevel::kMentions) << "the level is kept";
  EXPECT_EQ(set->muted_until, store::kMutedForever);
  EXPECT_EQ(chat_notify_json(*set).at("mutedUntil"), kForeverJson);
  view = service_->notifications.settings(bob_);
  ASSERT_EQ(view->chats.size(), 1U);
  EXPECT_EQ(events_.notifications.size(), 3U);
  set = service_->notifications.set_chat(bob_, chat_.id, mute(std::nullopt, "all"));
  ASSERT_TRUE(set);
  EXPECT_TRUE(service_->notifications.settings(bob_)->chats.empty()) << "back to the default";
}

TEST_F(NotificationsTest, AMessageIsPushedToTheOtherParticipantsDevicesOnce) {
  ASSERT_TRUE(service_->notifications.subscribe(bob_, device(bob_phone_)));
  ASSERT_TRUE(service_->notifications.subscribe(alice_, device("https://push.example.com/alice")));
  const auto m = send(alice_, chat_.id, "Lunch?");
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U) << "Bob's phone only: never the sender";
  EXPECT_EQ(p[0].first, bob_phone_);
  EXPECT_EQ(p[0].second.at("title"), "alice");
  EXPECT_EQ(p[0].second.at("body"), "Lunch?");
  EXPECT_EQ(p[0].second.at("messageId").as_string(), m.id);
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "once";

  // The message's job again (another instance announcing it, say): deduplicated.
  service_->notifier().appended(chat_, m);
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "one job per message";
}

TEST_F(NotificationsTest, NobodyReadingTheChatIsPushedAndSettingsAreFollowed) {
  ASSERT_TRUE(service_->notifications.subscribe(bob_, device(bob_phone_)));
  // Bob reads the chat on a device: nothing.
  service_->devices.reading(bob_, chat_.id);
  send(alice_, chat_.id, "You there?");
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "Bob is reading it";
  service_->devices.stop_receiving(bob_, std::string(bus::Presence::kReadingPrefix) + chat_.id);

  // No previews: who, not what.
  ASSERT_TRUE(service_->notifications.change(bob_, previews(false)));
  send(alice_, chat_.id, "Secret");
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_FALSE(p[0].second.contains("body"));

  // Muted: only what answers Bob.
  const auto bobs = send(bob_, chat_.id, "My question");
  ASSERT_TRUE(service_->notifications.set_chat(bob_, chat_.id, mute(kForeverJson)));
  send(alice_, chat_.id, "Noise");
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "muted";
  send(alice_, chat_.id, "The answer", reply_to(bobs.id));
  run_jobs();
  EXPECT_EQ(pushed().size(), 1U) << "a reply to Bob breaks through the mute";

  // Nothing: not even that.
  ASSERT_TRUE(service_->notifications.set_chat(bob_, chat_.id, level("nothing")));
  send(alice_, chat_.id, "Another answer", reply_to(bobs.id));
  run_jobs();
  EXPECT_TRUE(pushed().empty());

  // Push off altogether.
  ASSERT_TRUE(service_->notifications.set_chat(bob_, chat_.id, mute(std::nullopt, "all")));
  ASSERT_TRUE(service_->notifications.change(bob_, push_on(false)));
  send(alice_, chat_.id, "Hello?");
  run_jobs();
  EXPECT_TRUE(pushed().empty());
}

TEST_F(NotificationsTest, AGoneSubscriptionIsRemovedAndABusyServiceIsAskedAgainLater) {
  ASSERT_TRUE(service_->notifications.subscribe(bob_, device(bob_phone_)));
  ASSERT_TRUE(service_->notifications.subscribe(bob_, device("https://push.example.com/bob-old")));
  channel_.answers["https://push.example.com/bob-old"].push_back(answer(push::Outcome::kGone, 410));
  channel_.answers[bob_phone_].push_back(answer(push::Outcome::kRetry, 429, std::chrono::seconds(30)));
  send(alice_, chat_.id, "Ping");
  run_jobs();
  EXPECT_EQ(pushed().size(), 2U);
  auto left = service_->notifications.subscriptions(bob_);
  ASSERT_EQ(left->size(), 1U) << "the gone one is removed";
  EXPECT_EQ(left->front().endpoint, bob_phone_);

  // The phone's push waits for the Retry-After, then goes again; the other device is not told twice.
  clock_.advance(29'000);
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "not before Retry-After";
  clock_.advance(1'000);
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].first, bob_phone_);
  EXPECT_EQ(p[0].second.at("body"), "Ping");

  // A retry for a device unsubscribed meanwhile is dropped.
  channel_.answers[bob_phone_].push_back(answer(push::Outcome::kRetry, 503));
  send(alice_, chat_.id, "Pong");
  run_jobs();
  EXPECT_EQ(pushed().size(), 1U);
  ASSERT_TRUE(*service_->notifications.unsubscribe_endpoint(bob_, bob_phone_));
  clock_.advance(60'000);
  run_jobs();
  EXPECT_TRUE(pushed().empty());
}

TEST_F(NotificationsTest, GroupsPushTheirTitleAndThreadRepliesOnlyToWhomTheyAnswer) {
  NewGroupRequest design;
  design.title = "Design";
  design.member_ids = {bob_, eve_};
  auto group = service_->groups.create(alice_, design);
  ASSERT_TRUE(group);
  ASSERT_TRUE(service_->notifications.subscribe(bob_, device(bob_phone_)));
  ASSERT_TRUE(service_->notifications.subscribe(eve_, device("https://push.example.com/eve")));
  run_jobs();
  EXPECT_TRUE(pushed().empty()) << "the group's creation line notifies nobody";
  const auto root = send(eve_, group->id, "Which font?");
  run_jobs();
  auto p = pushed();
  ASSERT_EQ(p.size(), 1U);
  EXPECT_EQ(p[0].first, bob_phone_);
  EXPECT_EQ(p[0].second.at("title"), "Design");
  EXPECT_EQ(p[0].second.at("body"), "eve: Which font?");

  send(alice_, group->id, "Inter", in_thread(root.id));
  run_jobs();
  p = pushed();
  ASSERT_EQ(p.size(), 1U) << "a reply in Eve's thread: Eve only";
  EXPECT_EQ(p[0].first, "https://push.example.com/eve");
}

}  // namespace
}  // namespace parley::chat
