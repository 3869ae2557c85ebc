// The conformance suite, part 16: push subscriptions and notification settings
// (store/notifications.hpp): a device's subscription replaced by endpoint, the newest kept per
// user, removal by id and by endpoint, settings documents, chat settings, and the targets of a
// chat's message; mentions kept with their messages, thread followers, and the notifications
// Do not disturb holds back.
#include "store/store_conformance.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store::conformance {
namespace {

PushSubscription device(const std::string& id, const User& user, const std::string& endpoint, TimeMs at) {
  return {.id = id,
          .user_id = user.id,
          .endpoint = endpoint,
          .p256dh = "BPublicKey" + id,
          .auth = "auth" + id,
          .label = "Browser " + id,
          .created_at = at};
}

std::vector<std::string> ids_of(const std::vector<PushSubscription>& subscriptions) {
  std::vector<std::string> out;
  for (const auto& s : subscriptions) out.push_back(s.id);
  return out;
}

}  // namespace

TEST_P(StoreConformance, PushSubscriptionsAreKeptPerDeviceTheNewestFirstToStay) {
  add_cast();
  EXPECT_TRUE(must(store().push_subscriptions(alice_.id), "push_subscriptions").empty());
  User nobody;
  nobody.id = uuid(999);
  EXPECT_EQ(error_of(store().add_push_subscription(device(uuid(900), nobody, "https://p/x", kT0), 5)), Errc::kNotFound);

  const auto first = must(store().add_push_subscription(device(uuid(901), alice_, "https://p/1", kT0), 3), "add");
  EXPECT_EQ(first.id, uuid(901));
  must(store().add_push_subscription(device(uuid(902), alice_, "https://p/2", kT0 + 1), 3), "add");
  // The same device again (new keys, a new id offered): the stored one keeps its id and place.
  auto again = device(uuid(903), alice_, "https://p/1", kT0 + 2);
  again.auth = "fresh";
  const auto replaced = must(store().add_push_subscription(again, 3), "add again");
  EXPECT_EQ(replaced.id, uuid(901));
  EXPECT_EQ(replaced.auth, "fresh");
  EXPECT_EQ(replaced.created_at, kT0);
  auto mine = must(store().push_subscriptions(alice_.id), "push_subscriptions");
  EXPECT_EQ(ids_of(mine), (std::vector<std::string>{uuid(901), uuid(902)}));
  EXPECT_EQ(mine[0].auth, "fresh");
  EXPECT_EQ(mine[0].label, "Browser " + uuid(903));
  EXPECT_EQ(mine[1].endpoint, "https://p/2");
  EXPECT_EQ(mine[1].p256dh, "BPublicKey" + uuid(902));

  // Beyond the most kept, the oldest go.
  must(store().add_push_subscription(device(uuid(904), alice_, "https://p/4", kT0 + 4), 3), "add");
  must(store().add_push_subscription(device(uuid(905), alice_, "https://p/5", kT0 + 5), 3), "add");
  EXPECT_EQ(ids_of(must(store().push_subscriptions(alice_.id), "push_subscriptions")),
            (std::vector<std::string>{uuid(902), uuid(904), uuid(905)}));

  // A browser profile signed in to another account: the endpoint moves to Bob.
  const auto moved = must(store().add_push_subscription(device(uuid(906), bob_, "https://p/5", kT0 + 6), 3), "add");
  EXPECT_EQ(moved.id, uuid(906));
  EXPECT_EQ(ids_of(must(store().push_subscriptions(alice_.id), "push_subscriptions")),
            (std::vector<std::string>{uuid(902), uuid(904)}));
  EXPECT_EQ(must(store().notifiable_users(), "notifiable_users"),
            (std::vector<std::string>{std::min(alice_.id, bob_.id), std::max(alice_.id, bob_.id)}));

  // Removal by id (only one's own) and by endpoint (of a user, or of anyone).
  EXPECT_EQ(error_of(store().remove_push_subscription(bob_.id, uuid(902))), Errc::kNotFound);
  must(store().remove_push_subscription(alice_.id, uuid(902)), "remove");
  EXPECT_EQ(error_of(store().remove_push_subscription(alice_.id, uuid(902))), Errc::kNotFound);
  EXPECT_FALSE(must(store().remove_push_endpoint("https://p/4", bob_.id), "not Bob's"));
  EXPECT_TRUE(must(store().remove_push_endpoint("https://p/4", alice_.id), "Alice's"));
  EXPECT_TRUE(must(store().remove_push_endpoint("https://p/5", ""), "gone"));
  EXPECT_FALSE(must(store().remove_push_endpoint("https://p/5", ""), "gone twice"));
  EXPECT_TRUE(must(store().notifiable_users(), "notifiable_users").empty());
}

TEST_P(StoreConformance, NotificationSettingsAreADocumentPerUser) {
  add_cast();
  EXPECT_EQ(must(store().notify_settings(alice_.id), "settings"), "{}");
  EXPECT_EQ(error_of(store().notify_settings(uuid(999))), Errc::kNotFound);
  must(store().set_notify_settings(alice_.id, R"({"previews":false,"keywords":["ship"]})", false), "set");
  EXPECT_EQ(must(store().notify_settings(alice_.id), "settings"), R"({"previews":false,"keywords":["ship"]})");
  must(store().set_notify_settings(alice_.id, R"({"push":false})", false), "replace");
  EXPECT_EQ(must(store().notify_settings(alice_.id), "settings"), R"({"push":false})");
  EXPECT_EQ(must(store().notify_settings(bob_.id), "settings"), "{}");
  EXPECT_EQ(error_of(store().set_notify_settings(alice_.id, "[1]", false)), Errc::kInvalid);
  EXPECT_EQ(error_of(store().set_notify_settings(alice_.id, "{nope", false)), Errc::kInvalid);
  EXPECT_EQ(error_of(store().set_notify_settings(alice_.id, std::string(kMaxNotifySettingsBytes + 1, ' '), false)),
            Errc::kInvalid);
  EXPECT_EQ(error_of(store().set_notify_settings(uuid(999), "{}", false)), Errc::kNotFound);
  EXPECT_EQ(must(store().notify_settings(alice_.id), "settings"), R"({"push":false})") << "unchanged by failures";
}

TEST_P(StoreConformance, ChatNotificationSettingsArePerParticipantAndTheDefaultIsNotStored) {
  add_cast();
  EXPECT_TRUE(must(store().chat_notify_of(alice_.id), "chat_notify_of").empty());
  const ChatNotify muted{chat_.id, NotifyLevel::kMentions, kMutedForever};
  EXPECT_EQ(must(store().set_chat_notify(alice_.id, muted), "set"), muted);
  EXPECT_EQ(must(store().chat_notify_of(alice_.id), "chat_notify_of"), std::vector<ChatNotify>{muted});
  EXPECT_TRUE(must(store().chat_notify_of(bob_.id), "chat_notify_of").empty());
  EXPECT_EQ(error_of(store().set_chat_notify(carol_.id, muted)), Errc::kNotFound) << "not a participant";
  EXPECT_EQ(error_of(store().set_chat_notify(alice_.id, {uuid(999), NotifyLevel::kNothing, 0})), Errc::kNotFound);

  const ChatNotify quiet{chat_.id, NotifyLevel::kNothing, kT0 + 3600'000};
  must(store().set_chat_notify(alice_.id, quiet), "set");
  EXPECT_EQ(must(store().chat_notify_of(alice_.id), "chat_notify_of"), std::vector<ChatNotify>{quiet});
  must(store().set_chat_notify(alice_.id, {chat_.id, NotifyLevel::kAll, 0}), "back to the default");
  EXPECT_TRUE(must(store().chat_notify_of(alice_.id), "chat_notify_of").empty());
}

TEST_P(StoreConformance, TheTargetsOfAMessageAreTheOtherParticipantsWithSubscriptions) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Climbing")), "create_group");
  EXPECT_TRUE(must(store().notify_targets(g.chat.id, alice_.id), "targets").empty());

  must(store().add_push_subscription(device(uuid(901), alice_, "https://p/a", kT0), 5), "add");
  must(store().add_push_subscription(device(uuid(902), bob_, "https://p/b1", kT0 + 1), 5), "add");
  must(store().add_push_subscription(device(uuid(903), bob_, "https://p/b2", kT0 + 2), 5), "add");
  must(store().set_notify_settings(bob_.id, R"({"previews":false})", false), "settings");
  must(store().set_chat_notify(bob_.id, {g.chat.id, NotifyLevel::kMentions, 0}), "chat setting");
  must(store().set_chat_notify(bob_.id, {chat_.id, NotifyLevel::kNothing, 0}), "other chat");

  // Carol has no subscription; Alice sends.
  auto targets = must(store().notify_targets(g.chat.id, alice_.id), "targets");
  ASSERT_EQ(targets.size(), 1U);
  EXPECT_EQ(targets[0].user_id, bob_.id);
  EXPECT_EQ(targets[0].settings, R"({"previews":false})");
  EXPECT_EQ(targets[0].chat, (ChatNotify{g.chat.id, NotifyLevel::kMentions, 0}));
  EXPECT_EQ(ids_of(targets[0].subscriptions), (std::vector<std::string>{uuid(902), uuid(903)}));
  EXPECT_EQ(targets[0].subscriptions[1].endpoint, "https://p/b2");

  // Bob sends: Alice, with her defaults.
  targets = must(store().notify_targets(g.chat.id, bob_.id), "targets");
  ASSERT_EQ(targets.size(), 1U);
  EXPECT_EQ(targets[0].user_id, alice_.id);
  EXPECT_EQ(targets[0].settings, "{}");
  EXPECT_EQ(targets[0].chat, (ChatNotify{g.chat.id, NotifyLevel::kAll, 0}));

  // The private chat: Bob's setting there; Carol is not in it.
  targets = must(store().notify_targets(chat_.id, alice_.id), "targets");
  ASSERT_EQ(targets.size(), 1U);
  EXPECT_EQ(targets[0].chat.level, NotifyLevel::kNothing);
  EXPECT_TRUE(must(store().notify_targets(uuid(999), alice_.id), "no chat").empty());
}

TEST_P(StoreConformance, MentionsAreKeptWithTheirMessageReplacedByAnEditAndGoneWithItsDeletion) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Climbing")), "create_group");
  // One alone, then three together (a batch is stored in one statement where it can be).
  NewMessage one = new_message(g.chat, alice_, "@Bob rope?", std::nullopt, kT0 + 1);
  one.mentions = {.users = {bob_.id}, .all = false};
  const Message lone = append_one(one).message;
  EXPECT_EQ(lone.mentions, (Mentions{{bob_.id}, false}));
  std::vector<NewMessage> batch;
  for (int i = 0; i < 3; ++i)
    batch.push_back(new_message(g.chat, bob_, "m" + std::to_string(i), std::nullopt, kT0 + 2));
  batch[0].mentions = {.users = {alice_.id, carol_.id}, .all = false};
  batch[2].mentions = {.users = {}, .all = true};
  const auto appended = store().append_messages(batch);
  ASSERT_EQ(appended.size(), 3U);
  EXPECT_EQ(must(appended[0], "append").message.mentions, (Mentions{{alice_.id, carol_.id}, false}));
  EXPECT_TRUE(must(appended[1], "append").message.mentions.empty());
  EXPECT_EQ(must(appended[2], "append").message.mentions, (Mentions{{}, true}));

  const auto read = all_messages(store(), g.chat.id);
  ASSERT_EQ(read.size(), 5U);  // the "created" line first
  EXPECT_EQ(read[1].mentions, lone.mentions);
  EXPECT_EQ(read[2].mentions, (Mentions{{alice_.id, carol_.id}, false}));
  EXPECT_TRUE(read[3].mentions.empty());
  EXPECT_EQ(read[4].mentions, (Mentions{{}, true}));

  const Mentions both{{carol_.id}, true};
  const auto edited = must(store().edit_message(lone.id, "@all @Carol rope?", both, kT0 + 3), "edit");
  EXPECT_EQ(edited.mentions, both);
  EXPECT_EQ(must(store().message_by_id(lone.id), "message_by_id").mentions, both);
  must(store().edit_message(lone.id, "rope?", kT0 + 4), "edit without mentions");
  EXPECT_TRUE(must(store().message_by_id(lone.id), "message_by_id").mentions.empty());

  const auto deleted = must(store().delete_messages(g.chat.id, {read[2].id}, bob_.id, kT0 + 5), "delete");
  ASSERT_EQ(deleted.size(), 1U);
  EXPECT_TRUE(deleted[0].mentions.empty());
  EXPECT_TRUE(must(store().message_by_id(read[2].id), "message_by_id").mentions.empty());
}

TEST_P(StoreConformance, ThreadFollowersAreThoseFollowingItNow) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Climbing")), "create_group");
  const Message root = send(g.chat, alice_, "route ideas");
  EXPECT_TRUE(must(store().thread_followers(root.id), "followers").empty());
  NewMessage reply = new_message(g.chat, bob_, "the north face", std::nullopt, kT0 + 1);
  reply.thread_root_id = root.id;
  append_one(reply);
  // The root's author and the replier follow it.
  std::vector<std::string> expected{alice_.id, bob_.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(must(store().thread_followers(root.id), "followers"), expected);
  must(store().follow_thread(carol_.id, root.id, true, kT0 + 2), "carol follows");
  must(store().follow_thread(bob_.id, root.id, false, kT0 + 3), "bob stops");
  expected = {alice_.id, carol_.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(must(store().thread_followers(root.id), "followers"), expected);
  EXPECT_TRUE(must(store().thread_followers(uuid(999)), "unknown").empty());
}

TEST_P(StoreConformance, HeldNotificationsAreKeptPerChannelAndTakenOnce) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Climbing")), "create_group");
  EXPECT_TRUE(must(store().take_held(bob_.id, "dnd", kT0 + 100, 100), "take").empty());
  const auto held = [&](const User& u, const char* channel, const std::string& chat, const std::string& message,
                        TimeMs at) {
    return HeldNotification{.user_id = u.id, .channel = channel, .chat_id = chat, .message_id = message, .at = at};
  };
  const auto hold = [&](const HeldNotification& h) { must(store().hold_notification(h), "hold"); };
  hold(held(bob_, "dnd", chat_.id, uuid(501), kT0 + 1));
  hold(held(bob_, "dnd", g.chat.id, uuid(502), kT0 + 2));
  hold(held(bob_, "dnd", chat_.id, uuid(503), kT0 + 3));
  hold(held(bob_, "dnd", chat_.id, uuid(503), kT0 + 4));  // the same message again: once
  hold(held(bob_, "email", chat_.id, uuid(503), kT0 + 3));
  hold(held(carol_, "dnd", g.chat.id, uuid(502), kT0 + 2));

  EXPECT_EQ(must(store().take_held(bob_.id, "dnd", kT0 + 100, 100), "take"),
            (std::vector<HeldNotification>{held(bob_, "dnd", chat_.id, uuid(503), kT0 + 3),
                                           held(bob_, "dnd", g.chat.id, uuid(502), kT0 + 2),
                                           held(bob_, "dnd", chat_.id, uuid(501), kT0 + 1)}))
      << "the latest first";
  EXPECT_TRUE(must(store().take_held(bob_.id, "dnd", kT0 + 100, 100), "taken once").empty());
  EXPECT_EQ(must(store().take_held(carol_.id, "dnd", kT0 + 100, 100), "carol's").size(), 1U);

  // At most `limit` returned; the others go with them.
  for (int i = 0; i < 5; ++i) hold(held(carol_, "dnd", g.chat.id, uuid(600 + i), kT0 + 10 + i));
  const auto some = must(store().take_held(carol_.id, "dnd", kT0 + 100, 2), "take two");
  ASSERT_EQ(some.size(), 2U);
  EXPECT_EQ(some[0].message_id, uuid(604));
  EXPECT_TRUE(must(store().take_held(carol_.id, "dnd", kT0 + 100, 100), "none left").empty());
  EXPECT_EQ(must(store().take_held(bob_.id, "email", kT0 + 100, 100), "the other channel").size(), 1U);

  // Only those held up to a time: the later ones stay.
  hold(held(bob_, "email", chat_.id, uuid(701), kT0 + 50));
  hold(held(bob_, "email", chat_.id, uuid(702), kT0 + 60));
  EXPECT_EQ(must(store().take_held(bob_.id, "email", kT0 + 55, 100), "up to 55"),
            (std::vector<HeldNotification>{held(bob_, "email", chat_.id, uuid(701), kT0 + 50)}));
  EXPECT_EQ(must(store().take_held(bob_.id, "email", kT0 + 60, 100), "up to 60").size(), 1U);
}

TEST_P(StoreConformance, PeopleWithEmailDigestsAreNotifiableWithoutSubscriptions) {
  add_cast();
  const GroupEdited g = must(store().create_group(new_group({alice_, bob_, carol_}, "Climbing")), "create_group");
  must(store().set_notify_settings(carol_.id, R"({"email":true})", true), "emails on");
  must(store().set_notify_settings(bob_.id, R"({"email":false})", false), "emails off");
  EXPECT_EQ(must(store().notifiable_users(), "notifiable"), std::vector<std::string>{carol_.id});
  auto targets = must(store().notify_targets(g.chat.id, alice_.id), "targets");
  ASSERT_EQ(targets.size(), 1U);
  EXPECT_EQ(targets[0].user_id, carol_.id);
  EXPECT_TRUE(targets[0].emails);
  EXPECT_TRUE(targets[0].subscriptions.empty());
  EXPECT_EQ(targets[0].settings, R"({"email":true})");

  must(store().add_push_subscription(device(uuid(901), carol_, "https://p/c", kT0), 5), "add");
  targets = must(store().notify_targets(g.chat.id, alice_.id), "targets");
  ASSERT_EQ(targets.size(), 1U);
  EXPECT_EQ(targets[0].subscriptions.size(), 1U) << "one row per person";
  must(store().set_notify_settings(carol_.id, R"({"email":false})", false), "emails off");
  EXPECT_EQ(must(store().notifiable_users(), "notifiable"), std::vector<std::string>{carol_.id}) << "still push";
  EXPECT_FALSE(must(store().notify_targets(g.chat.id, alice_.id), "targets")[0].emails);
}

}  // namespace parley::store::conformance
