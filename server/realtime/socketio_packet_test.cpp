#include "realtime/socketio_packet.hpp"

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

#include <string>

namespace parley::realtime::sio {
namespace {

const DecodeLimits kLimits{};

Packet must_decode(std::string_view text) {
  auto r = decode(text, kLimits);
  EXPECT_TRUE(r.packet) << text << ": " << r.error;
  return r.packet ? std::move(*r.packet) : Packet{};
}

void must_fail(std::string_view text, const DecodeLimits& limits = kLimits) {
  auto r = decode(text, limits);
  EXPECT_FALSE(r.packet) << "accepted: " << text;
  if (!r.packet) {
    EXPECT_FALSE(r.error.empty());
  }
}

TEST(SocketIoPacket, DecodesConnect) {
  auto p = must_decode("0");
  EXPECT_EQ(p.type, PacketType::kConnect);
  EXPECT_EQ(p.nsp, "/");
  EXPECT_FALSE(p.has_data);

  p = must_decode("0/custom,{\"token\":\"abc\"}");
  EXPECT_EQ(p.nsp, "/custom");
  ASSERT_TRUE(p.data.is_object());
  EXPECT_EQ(p.data.at("token").as_string(), "abc");

  p = must_decode("0/custom");
  EXPECT_EQ(p.nsp, "/custom");
}

TEST(SocketIoPacket, DecodesEventWithAckId) {
  auto p = must_decode("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
  EXPECT_EQ(p.type, PacketType::kEvent);
  ASSERT_TRUE(p.id);
  EXPECT_EQ(*p.id, 456u);
  EXPECT_EQ(p.data.as_array().size(), 4u);
}

TEST(SocketIoPacket, DecodesBinaryEvent) {
  auto p = must_decode(R"(52-/chat,7["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
  EXPECT_EQ(p.type, PacketType::kBinaryEvent);
  EXPECT_EQ(p.attachments, 2u);
  EXPECT_EQ(p.nsp, "/chat");
  EXPECT_EQ(*p.id, 7u);
}

TEST(SocketIoPacket, RoundTrips) {
  for (std::string_view text :
       {"0", "0/admin,{\"a\":1}", "1", "1/admin,", "2[\"ev\",1,\"x\"]", "2/a,12[\"ev\"]", "312[]",
        "4{\"message\":\"Invalid namespace\"}", R"(51-["b",{"_placeholder":true,"num":0}])",
        R"(61-/n,3[{"_placeholder":true,"num":0}])"}) {
    auto p = must_decode(text);
    EXPECT_EQ(encode(p), text);
  }
}

TEST(SocketIoPacket, RejectsWrongTypesAndShapes) {
  must_fail("");
  must_fail("9");
  must_fail("abc");
  must_fail("2{}");                // event payload must be an array
  must_fail("2[]");                // with an event name
  must_fail("2[1]");               // that is a string
  must_fail("2abc[\"message\"]");  // invalid ack id
  must_fail("0[1]");               // connect payload must be an object
  must_fail("1{}");                // disconnect has no payload
  must_fail("3[\"x\"]");           // ack without id
  must_fail("31{}");               // ack payload must be an array
  must_fail("4");                  // connect error needs a payload
  must_fail("2[\"ev\"");           // truncated JSON
  must_fail("2[\"ev\"]garbage");   // trailing bytes
}

TEST(SocketIoPacket, RejectsHugeNumbersAndAttachments) {
  must_fail("29007199254740993[\"ev\"]");  // ack id above 2^53
  must_fail("2123456789012345678901234567890[\"ev\"]");
  must_fail("5[\"ev\"]");  // binary without a count
  must_fail("5x-[\"ev\"]");
  must_fail("51234567-[\"ev\"]");  // count too long
  DecodeLimits small;
  small.max_attachments = 2;
  must_fail(R"(53-["b",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},{"_placeholder":true,"num":2}])",
            small);
  must_fail(R"(51-["b",{"_placeholder":true,"num":5}])");  // placeholder out of range
  must_fail(R"(52-["b",{"_placeholder":true,"num":0}])");  // attachment never referenced
}

TEST(SocketIoPacket, RejectsNumbersBeyondDouble) {
  must_fail("2[\"ev\",1e400]");
  must_fail("2[\"ev\",{\"a\":[-1e999]}]");
  EXPECT_TRUE(decode("2[\"ev\",1.5e300]", kLimits).packet);
}

TEST(SocketIoPacket, LimitsJsonDepth) {
  DecodeLimits limits;
  limits.max_json_depth = 8;
  std::string deep = "2[\"ev\",";
  for (int i = 0; i < 50; ++i) deep += "[";
  for (int i = 0; i < 50; ++i) deep += "]";
  deep += "]";
  must_fail(deep, limits);
}

TEST(SocketIoPacket, RejectsInvalidUtf8InJson) { must_fail("2[\"ev\",\"\xC3\x28\"]"); }

TEST(SocketIoPacket, Placeholders) {
  EXPECT_EQ(placeholder_index(make_placeholder(3)), 3u);
  EXPECT_FALSE(placeholder_index(boost::json::value(1)));
  EXPECT_FALSE(placeholder_index(boost::json::object{{"_placeholder", false}, {"num", 1}}));
  EXPECT_FALSE(placeholder_index(boost::json::object{{"_placeholder", true}, {"num", -1}}));
}

}  // namespace
}  // namespace parley::realtime::sio
