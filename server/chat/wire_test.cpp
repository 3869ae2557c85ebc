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
            R"("clientMessageId":null})");
  store::Message plain;
  plain.status = store::Status::kSent;
  const auto o = message_json(plain);
  EXPECT_EQ(o.at("isPinned"), false);
  EXPECT_TRUE(o.at("pinnedAt").is_null());
  EXPECT_EQ(o.at("isForwarded"), false);
  EXPECT_EQ(o.at("status"), "SENT");
}

}  // namespace
}  // namespace parley::chat
