// The two stores are one schema in two dialects: their migration lists must agree step for
// step (same versions, same purpose, in order), so that a version number means the same in
// both and a feature's migration is never added to one store only.
#include "store/postgres/schema.hpp"
#include "store/sqlite/schema.hpp"

#include <gtest/gtest.h>

namespace parley::store {
namespace {

TEST(Migrations, SqliteAndPostgresListsAgreeStepForStep) {
  const auto sqlite_steps = sqlite::migration_steps();
  const auto postgres_steps = postgres::migration_steps();
  ASSERT_EQ(sqlite_steps.size(), postgres_steps.size()) << "a migration exists in one store only";
  for (std::size_t i = 0; i < sqlite_steps.size(); ++i) {
    EXPECT_EQ(sqlite_steps[i].first, static_cast<int>(i) + 1) << "versions are 1, 2, 3, ... in order";
    EXPECT_EQ(sqlite_steps[i], postgres_steps[i]) << "step " << i + 1;
  }
  EXPECT_EQ(sqlite::latest_schema_version(), postgres::latest_schema_version());
}

}  // namespace
}  // namespace parley::store
