#include "chat/services_fixture.hpp"

namespace parley::chat {
namespace {

TEST_F(ServicesTest, PrivateChatIsOnePerPair) {
  auto a = service_->conversations.open_private_chat(alice_, bob_);
  auto b = service_->conversations.open_private_chat(bob_, alice_);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(events_.chats, std::vector<std::string>{a->id});  // announced once, when created
  EXPECT_EQ(service_->conversations.open_private_chat(alice_, alice_).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->conversations.open_private_chat(alice_, util::uuid_v7()).error().code, Errc::kNotFound);
  EXPECT_EQ(service_->conversations.open_private_chat(alice_, "nope").error().code, Errc::kInvalidInput);
}

TEST_F(ServicesTest, SendIsIdempotentPerClientMessageId) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  auto first = service_->messages.send_message(alice_, chat->id, "hello", "c-1");
  auto retry = service_->messages.send_message(alice_, chat->id, "hello", "c-1");
  ASSERT_TRUE(first && retry);
  EXPECT_FALSE(first->duplicate);
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(first->message.id, retry->message.id);
  EXPECT_EQ(first->message.seq, 1);
  EXPECT_EQ(events_.created.size(), 1u);  // announced once
  auto history = service_->conversations.history(bob_, chat->id, {});
  ASSERT_TRUE(history);
  EXPECT_EQ(history->size(), 1u);
}

TEST_F(ServicesTest, ValidatesContent) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  EXPECT_EQ(service_->messages.send_message(alice_, chat->id, "", std::nullopt).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->messages.send_message(alice_, chat->id, "   ", std::nullopt).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->messages.send_message(alice_, chat->id, std::string(21, 'x'), std::nullopt).error().code,
            Errc::kPayloadTooLarge);
  EXPECT_TRUE(
      service_->messages.send_message(alice_, chat->id, "\xE2\x9C\x93\xE2\x9C\x93 twenty chars!!", std::nullopt));
  EXPECT_EQ(service_->messages.send_message(alice_, chat->id, "\xC3\x28", std::nullopt).error().code,
            Errc::kInvalidInput);
  EXPECT_EQ(service_->messages.send_message(alice_, chat->id, "x", std::string(200, 'c')).error().code,
            Errc::kInvalidInput);
}

TEST_F(ServicesTest, OutsidersCanDoNothingInAChat) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  auto m = service_->messages.send_message(alice_, chat->id, "secret", std::nullopt);
  ASSERT_TRUE(m);
  auto eves = service_->conversations.open_private_chat(eve_, alice_);
  ASSERT_TRUE(eves);
  EXPECT_EQ(service_->conversations.get_chat(eve_, chat->id).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->conversations.history(eve_, chat->id, {}).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->messages.send_message(eve_, chat->id, "hi", std::nullopt).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->messages.mark_read(eve_, m->message.id).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->messages.deliver_chat(eve_, chat->id).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->pins.pin(eve_, m->message.id).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->pins.pinned(eve_, chat->id).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->forwards.forward(eve_, {m->message.id}, eves->id, std::nullopt).error().code, Errc::kForbidden);
  // Nor can a participant forward into a chat they are not in.
  EXPECT_EQ(service_->forwards.forward(bob_, {m->message.id}, eves->id, std::nullopt).error().code, Errc::kForbidden);
  EXPECT_EQ(service_->conversations.get_chat(alice_, util::uuid_v7()).error().code, Errc::kNotFound);
}

TEST_F(ServicesTest, StatusGoesSentDeliveredReadAndIsAnnounced) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  auto m = service_->messages.send_message(alice_, chat->id, "hi", std::nullopt);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message.status, store::Status::kSent);  // bob is offline
  auto delivered = service_->messages.deliver_chat(bob_, chat->id);
  ASSERT_TRUE(delivered);
  ASSERT_EQ(delivered->size(), 1u);
  EXPECT_EQ((*delivered)[0].aggregate, store::Status::kDelivered);
  auto read = service_->messages.mark_read(bob_, m->message.id);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].aggregate, store::Status::kRead);
  EXPECT_EQ(events_.statuses.size(), 2u);
  EXPECT_TRUE(service_->messages.mark_read(alice_, m->message.id)->empty());  // one's own message: nothing
  auto history = service_->conversations.history(alice_, chat->id, {});
  EXPECT_EQ(history->back().status, store::Status::kRead);  // the cache followed
}

TEST_F(ServicesTest, OnlyARecipientReceivingTheChatMakesItDeliveredAtOnce) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  service_->devices.connected(bob_);
  ASSERT_EQ(events_.presence.size(), 1u);
  // Online, but no device of Bob receives the chat: SENT.
  auto sent = service_->messages.send_message(alice_, chat->id, "not yet", std::nullopt);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->message.status, store::Status::kSent);
  EXPECT_TRUE(events_.statuses.empty());
  // A device joins the chat: what was SENT becomes DELIVERED, and so does what follows.
  ASSERT_TRUE(service_->messages.deliver_chat(bob_, chat->id, /*receive=*/true));
  ASSERT_EQ(events_.statuses.size(), 1u);
  EXPECT_EQ(events_.statuses[0].message_id, sent->message.id);
  auto m = service_->messages.send_message(alice_, chat->id, "hi", std::nullopt);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message.status, store::Status::kDelivered);  // what the sender's ack shows
  ASSERT_EQ(events_.statuses.size(), 2u);
  EXPECT_EQ(events_.statuses[1].status, store::Status::kDelivered);
  EXPECT_EQ(events_.statuses[1].sender_id, alice_);
  // It leaves the chat: SENT again; a device with every chat (inbox): DELIVERED.
  service_->devices.stop_receiving(bob_, chat->id);
  auto after_leave = service_->messages.send_message(alice_, chat->id, "left", std::nullopt);
  ASSERT_TRUE(after_leave);
  EXPECT_EQ(after_leave->message.status, store::Status::kSent);
  service_->devices.receive_all_chats(bob_);
  auto to_inbox = service_->messages.send_message(alice_, chat->id, "inbox", std::nullopt);
  ASSERT_TRUE(to_inbox);
  EXPECT_EQ(to_inbox->message.status, store::Status::kDelivered);
  service_->devices.stop_receiving(bob_, bus::Presence::kAllChats);
  service_->devices.disconnected(bob_);
  auto presence = service_->people.presence_of(alice_, bob_);
  ASSERT_TRUE(presence);
  EXPECT_EQ(presence->state, bus::PresenceState::kOffline);
  EXPECT_TRUE(presence->last_seen.has_value());
}

TEST_F(ServicesTest, JoiningAChatWithNothingToDeliverWritesNothing) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(service_->messages.send_message(alice_, chat->id, "m", std::nullopt));
  auto commits = stats_->commits.load();
  auto delivered = service_->messages.deliver_chat(bob_, chat->id, /*receive=*/true);
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->size(), 2u);
  EXPECT_EQ(stats_->commits.load(), commits + 1) << "the DELIVERED changes, in one transaction";
  ASSERT_EQ(events_.statuses.size(), 2u);

  // Joined again (another device, a reconnect), and by the sender: nothing is SENT to them.
  commits = stats_->commits.load();
  auto again = service_->messages.deliver_chat(bob_, chat->id, /*receive=*/false);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  auto sender = service_->messages.deliver_chat(alice_, chat->id, /*receive=*/true);
  ASSERT_TRUE(sender);
  EXPECT_TRUE(sender->empty());
  EXPECT_EQ(stats_->commits.load(), commits) << "a join that changes nothing writes nothing";
  EXPECT_EQ(events_.statuses.size(), 2u);

  // Bob's device receives the chat: new messages are stored DELIVERED, so a join has nothing
  // to raise; while a message SENT to him (his device left) is raised by the next join.
  ASSERT_EQ(service_->messages.send_message(alice_, chat->id, "m", std::nullopt)->message.status,
            store::Status::kDelivered);
  service_->devices.stop_receiving(bob_, chat->id);
  auto sent = service_->messages.send_message(alice_, chat->id, "m", std::nullopt);
  ASSERT_EQ(sent->message.status, store::Status::kSent);
  commits = stats_->commits.load();
  auto later = service_->messages.deliver_chat(bob_, chat->id);
  ASSERT_TRUE(later);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].message_id, sent->message.id);
  EXPECT_EQ(stats_->commits.load(), commits + 1);
}

TEST_F(ServicesTest, JoiningAChatOfOthersRegistersNoReceiver) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  EXPECT_FALSE(service_->messages.deliver_chat(eve_, chat->id, /*receive=*/true));
  auto m = service_->messages.send_message(alice_, chat->id, "hi", std::nullopt);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message.status, store::Status::kSent);
}

TEST_F(ServicesTest, ReadUpToMarksManyAtOnce) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_->messages.send_message(alice_, chat->id, "m", std::nullopt));
  auto r = service_->messages.read_up_to(bob_, chat->id, 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 3u);
  auto again = service_->messages.read_up_to(bob_, chat->id, 5);
  EXPECT_EQ(again->size(), 2u);
}

TEST_F(ServicesTest, PinsAreLimitedPerChat) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(service_->messages.send_message(alice_, chat->id, "m", std::nullopt)->message.id);
  ASSERT_TRUE(service_->pins.pin(alice_, ids[0]));
  ASSERT_TRUE(service_->pins.pin(bob_, ids[1]));
  auto third = service_->pins.pin(alice_, ids[2]);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, Errc::kPinLimit);
  EXPECT_EQ(service_->pins.pinned(bob_, chat->id)->size(), 2u);
  ASSERT_TRUE(service_->pins.unpin(alice_, ids[0]));
  EXPECT_TRUE(service_->pins.pin(alice_, ids[2]));
  EXPECT_EQ(events_.pins.size(), 4u);
}

TEST_F(ServicesTest, ForwardKeepsTheOriginalSenderAndLimitsCount) {
  auto ab = service_->conversations.open_private_chat(alice_, bob_);
  auto be = service_->conversations.open_private_chat(bob_, eve_);
  auto m = service_->messages.send_message(alice_, ab->id, "from alice", std::nullopt);
  auto f = service_->forwards.forward(bob_, {m->message.id}, be->id, std::string("look"));
  ASSERT_TRUE(f) << f.error().message;
  ASSERT_EQ(f->messages.size(), 1u);
  EXPECT_EQ(f->messages[0].content, "from alice");
  EXPECT_EQ(f->messages[0].sender_id, bob_);
  EXPECT_EQ(*f->messages[0].original_sender_id, alice_);
  EXPECT_EQ(*f->messages[0].forwarded_from_id, m->message.id);
  ASSERT_TRUE(f->comment);
  EXPECT_EQ(f->comment->content, "look");
  // The comment comes first: it is read before the messages it introduces.
  EXPECT_EQ(f->comment->seq + 1, f->messages[0].seq);
  // Forwarding the forward still names alice and the first message.
  auto again = service_->forwards.forward(eve_, {f->messages[0].id}, be->id, std::nullopt);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->messages[0].original_sender_id, alice_);
  EXPECT_EQ(*again->messages[0].forwarded_from_id, m->message.id);
  std::vector<std::string> four(4, m->message.id);
  EXPECT_EQ(service_->forwards.forward(bob_, four, be->id, std::nullopt).error().code, Errc::kInvalidInput);
  EXPECT_EQ(service_->forwards.forward(bob_, {}, be->id, std::nullopt).error().code, Errc::kInvalidInput);
}

TEST_F(ServicesTest, HistoryPagesAndCatchesUp) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  std::vector<store::Message> sent;
  for (int i = 0; i < 10; ++i)
    sent.push_back(service_->messages.send_message(alice_, chat->id, "m", std::nullopt)->message);
  store::HistoryQuery q;
  q.limit = 4;
  auto newest = service_->conversations.history(bob_, chat->id, q);
  ASSERT_EQ(newest->size(), 4u);
  EXPECT_EQ(newest->front().seq, 7);
  q.before_id = newest->front().id;
  auto older = service_->conversations.history(bob_, chat->id, q);
  ASSERT_EQ(older->size(), 4u);
  EXPECT_EQ(older->back().seq, 6);
  store::HistoryQuery catch_up;
  catch_up.after_seq = 8;
  auto rest = service_->conversations.history(bob_, chat->id, catch_up);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ(rest->front().seq, 9);
}

TEST_F(ServicesTest, SendBatchKeepsOrderAndAnswersEachRequest) {
  auto ab = service_->conversations.open_private_chat(alice_, bob_);
  auto ae = service_->conversations.open_private_chat(alice_, eve_);
  auto be = service_->conversations.open_private_chat(bob_, eve_);
  auto results = service_->messages.send_messages(alice_, {{ab->id, "one", "b-1", {}},
                                                           {ab->id, "", std::nullopt, {}},
                                                           {ae->id, "to eve", std::nullopt, {}},
                                                           {be->id, "not mine", std::nullopt, {}},
                                                           {ab->id, "two", std::nullopt, {}},
                                                           {ab->id, "one", "b-1", {}}});
  ASSERT_EQ(results.size(), 6u);
  ASSERT_TRUE(results[0]);
  EXPECT_EQ(results[1].error().code, Errc::kInvalidInput);
  ASSERT_TRUE(results[2]);
  EXPECT_EQ(results[3].error().code, Errc::kForbidden);
  ASSERT_TRUE(results[4]);
  ASSERT_TRUE(results[5]);
  EXPECT_EQ(results[0]->message.seq, 1);
  EXPECT_EQ(results[4]->message.seq, 2);
  EXPECT_EQ(results[2]->message.seq, 1);  // its own chat
  EXPECT_TRUE(results[5]->duplicate);     // a retry within the same batch
  EXPECT_EQ(results[5]->message.id, results[0]->message.id);
  EXPECT_EQ(events_.created.size(), 3u);
  EXPECT_EQ(service_->conversations.history(bob_, ab->id, {})->size(), 2u);
}

TEST_F(ServicesTest, RateLimitRefusesFloods) {
  ChatOptions o;
  o.messages_burst = 3;
  o.messages_per_second = 0.001;
  Services strict(*store_, presence_, limiter_, events_, o);
  auto chat = strict.conversations.open_private_chat(alice_, bob_);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(strict.messages.send_message(alice_, chat->id, "m", std::nullopt));
  auto r = strict.messages.send_message(alice_, chat->id, "m", std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kRateLimited);
}

TEST_F(ServicesTest, ForwardsTakeOneTokenPerMessageAllOrNothing) {
  ChatOptions o;
  o.messages_burst = 6;
  o.messages_per_second = 0.001;
  o.max_forward = 10;
  Services strict(*store_, presence_, limiter_, events_, o);
  auto ab = strict.conversations.open_private_chat(alice_, bob_);
  auto ae = strict.conversations.open_private_chat(alice_, eve_);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(strict.messages.send_message(alice_, ab->id, "m", std::nullopt)->message.id);
  // Three tokens left: a forward of two messages and a comment takes them all.
  auto f = strict.forwards.forward(alice_, {ids[0], ids[1], ids[0]}, ae->id, std::string("see"));
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->messages.size(), 2u);
  auto refused = strict.forwards.forward(alice_, {ids[2]}, ae->id, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_EQ(strict.conversations.history(eve_, ae->id, {})->size(), 3u);

  // Bob: four tokens left after two sends, which a forward of three messages and a comment
  // takes; then even one more is refused, saying how many may be sent now.
  auto be = strict.conversations.open_private_chat(bob_, eve_);
  EXPECT_TRUE(strict.messages.send_message(bob_, be->id, "one", std::nullopt));
  EXPECT_TRUE(strict.messages.send_message(bob_, be->id, "two", std::nullopt));
  auto four = strict.forwards.forward(bob_, {ids[0], ids[1], ids[2]}, be->id, std::string("and this"));
  ASSERT_TRUE(four) << four.error().message;
  auto partial = strict.forwards.forward(bob_, {ids[0]}, be->id, std::nullopt);
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().code, Errc::kRateLimited);
  EXPECT_NE(partial.error().message.find("0 may be sent now"), std::string::npos) << partial.error().message;
  EXPECT_EQ(strict.conversations.history(bob_, be->id, {})->size(), 6u) << "nothing of the refused forward stored";
}

TEST_F(ServicesTest, AForwardLargerThanTheBucketNeedsAFullOne) {
  ChatOptions o;
  o.messages_burst = 3;
  o.messages_per_second = 0.001;
  o.max_forward = 10;
  Services strict(*store_, presence_, limiter_, events_, o);
  auto ab = strict.conversations.open_private_chat(alice_, bob_);
  auto ae = strict.conversations.open_private_chat(alice_, eve_);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto m = service_->messages.send_message(eve_, ae->id, std::to_string(i), std::nullopt);  // eve's own bucket
    ASSERT_TRUE(m);
    ids.push_back(m->message.id);
  }
  // Five messages, a bucket of three: it passes with a full bucket, and empties it.
  auto five = strict.forwards.forward(alice_, ids, ab->id, std::nullopt);
  ASSERT_TRUE(five) << five.error().message;
  EXPECT_EQ(five->messages.size(), 5u);
  auto refused = strict.forwards.forward(alice_, {ids[0]}, ab->id, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kRateLimited);
  EXPECT_NE(refused.error().message.find("counts as 1 message; 0 may be sent now"), std::string::npos)
      << refused.error().message;
  EXPECT_FALSE(strict.messages.send_message(alice_, ab->id, "m", std::nullopt));
  EXPECT_EQ(strict.conversations.history(bob_, ab->id, {})->size(), 5u);
}

TEST_F(ServicesTest, TimesComeFromTheInjectedClock) {
  auto chat = service_->conversations.open_private_chat(alice_, bob_);
  clock_.set(1'800'000'000'000);
  auto m = service_->messages.send_message(alice_, chat->id, "then", std::nullopt);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message.created_at, 1'800'000'000'000);
  clock_.advance(5'000);
  ASSERT_TRUE(service_->messages.mark_read(bob_, m->message.id));
  ASSERT_FALSE(events_.statuses.empty());
  EXPECT_EQ(events_.statuses.back().at, 1'800'000'005'000);
  service_->devices.connected(bob_);
  clock_.advance(1'000);
  service_->devices.disconnected(bob_);
  auto presence = service_->people.presence_of(alice_, bob_);
  ASSERT_TRUE(presence);
  EXPECT_EQ(presence->last_seen, 1'800'000'006'000);
}

}  // namespace
}  // namespace parley::chat
