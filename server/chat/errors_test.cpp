#include "chat/errors.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace parley::chat {
namespace {

TEST(ErrorCatalogue, EveryErrorOnceWithItsOwnCode) {
  std::set<int> errcs;
  std::set<std::string_view> codes;
  for (const auto& k : kErrorCatalogue) {
    EXPECT_TRUE(errcs.insert(static_cast<int>(k.errc)).second) << k.code;
    EXPECT_TRUE(codes.insert(k.code).second) << k.code;
    EXPECT_GE(k.http_status, 400u);
    EXPECT_FALSE(k.meaning.empty());
  }
  EXPECT_EQ(errcs.size(), static_cast<std::size_t>(Errc::kInternal) + 1) << "an Errc is missing from the catalogue";
  EXPECT_EQ(error_code(Errc::kPinLimit), "pin_limit");
  EXPECT_EQ(http_status(Errc::kRateLimited), 429u);
}

}  // namespace
}  // namespace parley::chat
