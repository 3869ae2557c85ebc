// The conformance suite of blob::BlobStore: GoogleTest cases written only against the
// interface, so that every backend is held to the same contract. A backend's test instantiates
// it with a factory of fresh, empty backends:
//
//   INSTANTIATE_TEST_SUITE_P(Directory, BlobStoreConformance,
//                            ::testing::Values(BlobBackendFactory{"directory", make_backend}),
//                            blob_backend_name);
#pragma once

#include "blob/blob_store.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley::blob {

void PrintTo(Errc e, std::ostream* os);  // NOLINT(readability-identifier-naming): gtest's name

// What a test needs from a backend: its store, and a look at its storage. The backend lives
// for the test and removes what it made when destroyed, after the store.
class BlobBackend {
 public:
  virtual ~BlobBackend() = default;
  virtual BlobStore& store() = 0;
  // Everything the backend holds: committed blobs and whatever an upload left (files, parts,
  // objects). "Nothing left behind" is checked with it.
  virtual std::size_t stored_items() = 0;
};

struct BlobBackendFactory {
  std::string name;  // part of the test names: letters, digits and '_'
  std::function<std::unique_ptr<BlobBackend>()> make;
};

void PrintTo(const BlobBackendFactory& factory, std::ostream* os);  // NOLINT(readability-identifier-naming)
std::string blob_backend_name(const ::testing::TestParamInfo<BlobBackendFactory>& info);

class BlobStoreConformance : public ::testing::TestWithParam<BlobBackendFactory> {
 protected:
  void SetUp() override { backend_ = GetParam().make(); }
  void TearDown() override { backend_.reset(); }

  BlobStore& store() { return backend_->store(); }
  std::size_t stored_items() { return backend_->stored_items(); }

 private:
  std::unique_ptr<BlobBackend> backend_;
};

// The error of a result, or nullopt when it succeeded.
template <class T>
std::optional<Errc> error_of(const Result<T>& r) {
  return r.ok() ? std::nullopt : std::optional<Errc>(r.error());
}

// The value of a result a test depends on; throws (failing the test) when it is an error.
template <class T>
T must(Result<T> r, std::string_view what) {
  if (!r) throw std::runtime_error(std::string(what) + " failed: " + errc_name(r.error()));
  return std::move(r).value();
}
inline void must(Result<void> r, std::string_view what) {
  if (!r) throw std::runtime_error(std::string(what) + " failed: " + errc_name(r.error()));
}

}  // namespace parley::blob
