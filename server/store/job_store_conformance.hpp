// The conformance suite of store::JobStore (store/job_store.hpp), run against every Store
// backend that keeps jobs (jobs_of() is not null) with the same factories as StoreConformance:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, JobStoreConformance, ::testing::Values(factory),
//                            conformance::backend_name);
//
// Besides the fixture's store, some tests open a second one with Backend::open() while the
// first is open: a second process on the same database, claiming at the same time.
#pragma once

#include "store/job_store.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <ostream>

namespace parley::store {

void PrintTo(JobState s, std::ostream* os);  // NOLINT(readability-identifier-naming): gtest's name

}  // namespace parley::store

namespace parley::store::conformance {

class JobStoreConformance : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  JobStore& jobs() { return *jobs_; }
  // Another store on the same database, as another process would open it.
  std::unique_ptr<Store> open_another();

 private:
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Store> store_;
  JobStore* jobs_ = nullptr;
};

}  // namespace parley::store::conformance
