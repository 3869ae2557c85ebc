#include "chat/wire.hpp"

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

namespace parley::chat {
namespace {

TEST(Wire, ChatMessageHasTheContractsFields) {
  store::Message m;
  m.id = "m1";
  m.chat_id = "c1";
  m.sender_id = "u1";
  m.content = "hi";
  m.status = store::Status::kDelivered;
  m.created_at = 0;
  m.seq = 7;
  m.pinned_at = 1000;
  m.pinned_by = "u2";
  m.forwarded_from_id = "m0";
  m.original_sender_id = "u3";
  EXPECT_EQ(boost::json::serialize(message_json(m)),
            R"({"id":"m1","chatId":"c1","senderId":"u1","content":"hi","status":"DELIVERED",)"
            R"("createdAt":"1970-01-01T00:00:00.000Z","isPinned":true,"pinnedAt":"1970-01-01T00:00:01.000Z",)"
            R"("pinnedBy":"u2","isForwarded":true,"forwardedFromId":"m0","originalSenderId":"u3","seq":7,)"
            R"("clientMessageId":null,"reactions":[]})");
  store::Message plain;
  plain.status = store::Status::kSent;
  const auto o = message_json(plain);
  EXPECT_EQ(o.at("isPinned"), false);
  EXPECT_TRUE(o.at("pinnedAt").is_null());
  EXPECT_EQ(o.at("isForwarded"), false);
  EXPECT_EQ(o.at("status"), "SENT");

  // Reactions in their order, `me` for the reader's own.
  m.reactions = {{"👍", 2}, {"❤️", 1}};
  m.my_reactions = {"❤️"};
  EXPECT_EQ(boost::json::serialize(message_json(m).at("reactions")),
            R"([{"emoji":"👍","count":2,"me":false},{"emoji":"❤️","count":1,"me":true}])");
}

// (Out of line: GCC 12 takes the optional strings set inline for uninitialized.)
[[gnu::noinline]] store::Message a_reply() {
  store::Message reply;
  reply.reply_to_id = "m1";
  reply.quote = "the usual place";
  reply.reply_to = store::ReplyPreview{"m1", "u1", "Ann", "lunch at the usual place?", false};
  reply.thread_root_id = "r1";
  reply.change_seq = 4;
  return reply;
}

TEST(Wire, RepliesAndThreadsShowWhatTheyPointAt) {
  store::Message reply = a_reply();
  auto o = message_json(reply);
  EXPECT_EQ(o.at("replyToId"), "m1");
  EXPECT_EQ(o.at("quote"), "the usual place");
  EXPECT_EQ(boost::json::serialize(o.at("replyTo")),
            R"({"id":"m1","senderId":"u1","senderName":"Ann","excerpt":"lunch at the usual place?","deleted":false})");
  EXPECT_EQ(o.at("threadRootId"), "r1");
  EXPECT_EQ(o.at("alsoToChat"), false);
  EXPECT_EQ(o.at("changeSeq"), 4);
  EXPECT_FALSE(o.contains("thread"));

  reply.hidden = true;  // deleted for the viewer: nothing of the answered text either
  o = message_json(reply);
  EXPECT_FALSE(o.contains("quote"));
  EXPECT_FALSE(o.contains("replyTo"));
  EXPECT_EQ(o.at("replyToId"), "m1");

  store::Message root;
  root.id = "r1";
  root.chat_id = "c1";
  root.thread_count = 3;
  root.thread_last_at = 1000;
  root.thread_participants = {"u2", "u1"};
  root.change_seq = 9;
  EXPECT_EQ(boost::json::serialize(message_json(root).at("thread")),
            R"({"replyCount":3,"lastReplyAt":"1970-01-01T00:00:01.000Z","participants":["u2","u1"]})");
  EXPECT_EQ(boost::json::serialize(thread_event(root)),
            R"({"chatId":"c1","rootId":"r1","thread":{"replyCount":3,"lastReplyAt":"1970-01-01T00:00:01.000Z",)"
            R"("participants":["u2","u1"]},"changeSeq":9})");
}

}  // namespace
}  // namespace parley::chat
