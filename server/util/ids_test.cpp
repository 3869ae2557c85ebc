#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace parley::util {
namespace {

TEST(Ids, UuidV7IsWellFormedUniqueAndTimeOrdered) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    const auto id = uuid_v7();
    ASSERT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[14], '7');                                                         // version
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');  // variant
    EXPECT_TRUE(seen.insert(id).second);
    EXPECT_GE(id.substr(0, 13), previous.substr(0, std::min<std::size_t>(13, previous.size())));
    previous = id;
  }
}

TEST(Ids, UuidV7MadeInOneProcessSortInTheOrderTheyWereMade) {
  std::string previous = uuid_v7();
  for (int i = 0; i < 20000; ++i) {  // many in each millisecond
    const auto id = uuid_v7();
    ASSERT_LT(previous, id);
    previous = id;
  }
}

TEST(Ids, IsUuidRejectsOtherText) {
  EXPECT_FALSE(is_uuid(""));
  EXPECT_FALSE(is_uuid("not-a-uuid"));
  EXPECT_FALSE(is_uuid("0190f3a2-7b1c-7d4e-8f00-00000000000g"));
  EXPECT_FALSE(is_uuid("0190f3a27b1c7d4e8f00000000000000abcd"));
  EXPECT_TRUE(is_uuid("0190F3A2-7B1C-7D4E-8F00-000000000000"));
}

TEST(Ids, Iso8601HasMillisecondsAndUtc) {
  EXPECT_EQ(iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601(1795490495123), "2026-11-24T03:21:35.123Z");
}

}  // namespace
}  // namespace parley::util
