#include "realtime/adapter.hpp"

#include <gtest/gtest.h>

namespace parley::realtime {
namespace {

TEST(ClusterBroadcast, RoundTripsRoomsExceptionsAndTextAndBinaryFrames) {
  EncodedBroadcast b{"/",
                     {"chat:1", "user:2"},
                     {"sock-a"},
                     {eio::Frame::text("451-[\"file\",{\"_placeholder\":true,\"num\":0}]"),
                      eio::Frame::bytes(std::string("\x00\xff\x10 bytes", 9))}};
  const auto decoded = decode_from_cluster(encode_for_cluster(b, "instance-1", 42));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->origin, "instance-1");
  EXPECT_EQ(decoded->seq, 42u);
  EXPECT_EQ(decoded->broadcast.nsp, "/");
  EXPECT_EQ(decoded->broadcast.rooms, b.rooms);
  EXPECT_EQ(decoded->broadcast.except, b.except);
  ASSERT_EQ(decoded->broadcast.frames.size(), 2u);
  EXPECT_FALSE(decoded->broadcast.frames[0].binary);
  EXPECT_EQ(*decoded->broadcast.frames[0].data, *b.frames[0].data);
  EXPECT_TRUE(decoded->broadcast.frames[1].binary);
  EXPECT_EQ(*decoded->broadcast.frames[1].data, *b.frames[1].data);
}

TEST(ClusterBroadcast, RoundTripsARoomChange) {
  const auto decoded = decode_from_cluster(
      encode_for_cluster(RoomChange{.nsp = "/", .in_room = "user:7", .room = "chat:9", .join = false}, "i2", 5));
  ASSERT_TRUE(decoded);
  ASSERT_TRUE(decoded->change);
  EXPECT_EQ(decoded->origin, "i2");
  EXPECT_EQ(decoded->seq, 5u);
  EXPECT_EQ(decoded->change->nsp, "/");
  EXPECT_EQ(decoded->change->in_room, "user:7");
  EXPECT_EQ(decoded->change->room, "chat:9");
  EXPECT_FALSE(decoded->change->join);
  EXPECT_FALSE(decode_from_cluster(R"({"o":"i","s":1,"n":"/","c":{"in":"a","room":1,"join":true}})"));
}

TEST(ClusterBroadcast, RefusesWhatIsNotOne) {
  for (const char* text :
       {"", "[]", "not json", R"({"o":"i","s":1,"n":"/","r":[],"x":[]})", R"({"o":"i","n":"/","r":[],"x":[],"f":[]})",
        R"({"o":"i","s":1,"n":"/","r":[1],"x":[],"f":[]})",
        R"({"o":"i","s":1,"n":"/","r":[],"x":[],"f":[{"b":true,"d":"%%%"}]})"}) {
    EXPECT_FALSE(decode_from_cluster(text)) << text;
  }
}

}  // namespace
}  // namespace parley::realtime
