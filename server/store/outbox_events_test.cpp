// Tests of the outbox event builders: ids, types, keys and the payload fields of docs/events.md.
#include "store/outbox_events.hpp"

#include "util/ids.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace parley::store {
namespace {
namespace json = boost::json;

constexpr TimeMs kAt = 1'700'000'000'000;

json::object payload_of(const OutboxEvent& e) { return json::parse(e.payload).as_object(); }

// The envelope every event carries, consistent with the row's own fields.
void expect_envelope(const OutboxEvent& e, std::string_view type, std::string_view key_field) {
  EXPECT_TRUE(util::is_uuid(e.id)) << e.id;
  EXPECT_EQ(e.type, type);
  const auto p = payload_of(e);
  EXPECT_EQ(p.at("v").as_int64(), outbox::kSchemaVersion);
  EXPECT_EQ(p.at("id").as_string(), e.id);
  EXPECT_EQ(p.at("type").as_string(), type);
  EXPECT_EQ(p.at("at").as_int64(), e.at);
  EXPECT_EQ(p.at(key_field).as_string(), e.key);
}

Message sample_message() {
  Message m;
  m.id = "0190a000-0000-7000-8000-000000000001";
  m.chat_id = "0190a000-0000-7000-8000-0000000000c1";
  m.sender_id = "0190a000-0000-7000-8000-0000000000a1";
  m.content = "hello \"world\"";
  m.seq = 7;
  m.created_at = kAt;
  m.client_message_id = "client-1";
  return m;
}

TEST(OutboxEvents, MessageCreatedCarriesTheWireMessage) {
  const auto m = sample_message();
  const auto e = outbox::message_created(m);
  expect_envelope(e, "message.created", "chatId");
  EXPECT_EQ(e.key, m.chat_id);
  EXPECT_EQ(e.at, kAt);
  const auto p = payload_of(e);
  EXPECT_EQ(p.at("messageId").as_string(), m.id);
  EXPECT_EQ(p.at("seq").as_int64(), 7);
  const auto& message = p.at("message").as_object();
  EXPECT_EQ(message.at("content").as_string(), m.content);
  EXPECT_EQ(message.at("senderId").as_string(), m.sender_id);
  EXPECT_EQ(message.at("status").as_string(), "SENT");
  EXPECT_EQ(message.at("createdAt").as_string(), util::iso8601(kAt));
  EXPECT_EQ(message.at("clientMessageId").as_string(), "client-1");
  EXPECT_TRUE(message.at("forwardedFromId").is_null());
  EXPECT_FALSE(message.at("isForwarded").as_bool());
}

TEST(OutboxEvents, AThreadReplySaysWhatItAnswersAndWhichThreadItIsIn) {
  auto m = sample_message();
  m.reply_to_id = "0190a000-0000-7000-8000-000000000002";
  m.quote = "world";
  m.thread_root_id = "0190a000-0000-7000-8000-000000000003";
  m.also_to_chat = true;
  const auto message = payload_of(outbox::message_created(m)).at("message").as_object();
  EXPECT_EQ(message.at("replyToId").as_string(), *m.reply_to_id);
  EXPECT_EQ(message.at("quote").as_string(), "world");
  EXPECT_EQ(message.at("threadRootId").as_string(), *m.thread_root_id);
  EXPECT_TRUE(message.at("alsoToChat").as_bool());
  EXPECT_FALSE(payload_of(outbox::message_created(sample_message())).at("message").as_object().contains("replyToId"));
}

TEST(OutboxEvents, EveryEventHasItsOwnId) {
  const auto m = sample_message();
  EXPECT_NE(outbox::message_created(m).id, outbox::message_created(m).id);
}

TEST(OutboxEvents, StatusChange) {
  StatusChange c{"m1", "c1", "alice", "bob", Status::kRead, kAt + 5, Status::kDelivered};
  const auto e = outbox::status_changed(c);
  expect_envelope(e, "message.status", "chatId");
  EXPECT_EQ(e.key, "c1");
  const auto p = payload_of(e);
  EXPECT_EQ(p.at("messageId").as_string(), "m1");
  EXPECT_EQ(p.at("senderId").as_string(), "alice");
  EXPECT_EQ(p.at("userId").as_string(), "bob");
  EXPECT_EQ(p.at("status").as_string(), "READ");
  EXPECT_EQ(p.at("aggregate").as_string(), "DELIVERED");
}

TEST(OutboxEvents, PinAndUnpin) {
  auto m = sample_message();
  m.pinned_at = kAt + 9;
  m.pinned_by = "bob";
  const auto pinned = outbox::message_pinned(m, true, kAt + 9);
  expect_envelope(pinned, "message.pinned", "chatId");
  EXPECT_EQ(payload_of(pinned).at("pinnedBy").as_string(), "bob");
  EXPECT_EQ(payload_of(pinned).at("messageId").as_string(), m.id);
  const auto unpinned = outbox::message_pinned(m, false, kAt + 10);
  expect_envelope(unpinned, "message.unpinned", "chatId");
  EXPECT_EQ(unpinned.at, kAt + 10);
  EXPECT_FALSE(payload_of(unpinned).contains("pinnedBy"));
}

TEST(OutboxEvents, ChatCreatedListsParticipants) {
  Chat chat;
  chat.id = "c1";
  chat.participants = {"alice", "bob"};
  chat.created_at = kAt;
  const auto e = outbox::chat_created(chat);
  expect_envelope(e, "chat.created", "chatId");
  const auto p = payload_of(e);
  EXPECT_EQ(p.at("kind").as_string(), "private");
  EXPECT_EQ(p.at("participants").as_array(), (json::array{"alice", "bob"}));
}

TEST(OutboxEvents, PresenceIsKeyedByUser) {
  const auto online = outbox::presence_changed("alice", true, std::nullopt, kAt);
  expect_envelope(online, "presence.online", "userId");
  EXPECT_EQ(online.key, "alice");
  EXPECT_TRUE(payload_of(online).at("lastSeen").is_null());
  const auto offline = outbox::presence_changed("alice", false, kAt + 1, kAt + 1);
  expect_envelope(offline, "presence.offline", "userId");
  EXPECT_EQ(payload_of(offline).at("lastSeen").as_int64(), kAt + 1);
}

}  // namespace
}  // namespace parley::store
