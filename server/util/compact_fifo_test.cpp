#include "util/compact_fifo.hpp"

#include <gtest/gtest.h>

#include <string>

namespace parley::util {
namespace {

TEST(CompactFifo, KeepsOrderAcrossCompactionsAndEmptiesCleanly) {
  CompactFifo<std::string> q;
  EXPECT_TRUE(q.empty());
  int next_in = 0;
  int next_out = 0;
  // Interleaved pushes and pops that never let the queue run empty, past several compactions.
  for (int round = 0; round < 1000; ++round) {
    q.push_back(std::to_string(next_in++));
    q.push_back(std::to_string(next_in++));
    ASSERT_EQ(q.front(), std::to_string(next_out));
    q.pop_front();
    ++next_out;
  }
  EXPECT_EQ(q.size(), 1000U);
  for (std::size_t i = 0; i < q.size(); ++i) ASSERT_EQ(q[i], std::to_string(next_out + static_cast<int>(i)));
  while (!q.empty()) {
    ASSERT_EQ(q.front(), std::to_string(next_out++));
    q.pop_front();
  }
  EXPECT_EQ(next_out, next_in);
  q.push_back("again");
  EXPECT_EQ(q.size(), 1U);
  EXPECT_EQ(q.front(), "again");
  q.clear();
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace parley::util
