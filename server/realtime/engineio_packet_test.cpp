#include "realtime/engineio_packet.hpp"

#include <gtest/gtest.h>

namespace parley::realtime::eio {
namespace {

TEST(EngineIoPacket, DecodesTextFrames) {
  auto p = decode_text("4hello");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->type, PacketType::kMessage);
  EXPECT_EQ(p->data, "hello");
  EXPECT_FALSE(p->binary);

  auto ping = decode_text("2probe");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->type, PacketType::kPing);
  EXPECT_EQ(ping->data, "probe");
}

TEST(EngineIoPacket, RejectsUnknownOrEmptyFrames) {
  EXPECT_FALSE(decode_text(""));
  EXPECT_FALSE(decode_text("abc"));
  EXPECT_FALSE(decode_text("7"));
  EXPECT_FALSE(decode_text("\x1e"));
}

TEST(EngineIoPacket, DecodesPayloadWithTextAndBinary) {
  auto packets = decode_payload(
      "4hello\x1e"
      "bAQIDBA==\x1e"
      "3",
      100);
  ASSERT_TRUE(packets);
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0].data, "hello");
  EXPECT_TRUE((*packets)[1].binary);
  EXPECT_EQ((*packets)[1].data, std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ((*packets)[2].type, PacketType::kPong);
}

TEST(EngineIoPacket, RejectsMalformedPayloads) {
  EXPECT_FALSE(decode_payload("", 10));        // empty body
  EXPECT_FALSE(decode_payload("4a\x1e", 10));  // trailing separator
  EXPECT_FALSE(
      decode_payload("4a\x1e\x1e"
                     "4b",
                     10));                   // empty part
  EXPECT_FALSE(decode_payload("babc", 10));  // bad base64
  EXPECT_FALSE(
      decode_payload("4a\x1e"
                     "9",
                     10));  // unknown type
  EXPECT_FALSE(
      decode_payload("4a\x1e"
                     "4b\x1e"
                     "4c",
                     2));  // too many packets
}

TEST(EngineIoPacket, EncodesPayloadInOrder) {
  std::vector<Frame> frames{Frame::text("4test1"), Frame::bytes(std::string("\x01\x02\x03\x04", 4)), Frame::text("2")};
  EXPECT_EQ(encode_payload(frames),
            "4test1\x1e"
            "bAQIDBA==\x1e"
            "2");
  EXPECT_EQ(encode_payload({}), "");
}

}  // namespace
}  // namespace parley::realtime::eio
