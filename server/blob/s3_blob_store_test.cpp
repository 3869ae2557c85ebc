// Tests of the S3 backend against s3rver, a local S3 stand-in (run under scripts/services.sh,
// which starts it and sets PARLEY_TEST_S3_*): the conformance suite, plus what only this
// backend has: multipart uploads and their clean-up, streamed reads, keys to escape, and the
// errors that stop the start. Every backend works under a prefix of its own in the bucket.
#include "blob/s3_blob_store.hpp"

#include "blob/blob_store_conformance.hpp"
#include "blob/s3_client.hpp"
#include "blob/sha256.hpp"
#include "util/ids.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::blob {
namespace {

constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 40;
constexpr std::uint64_t kPart = std::uint64_t{5} << 20;  // S3's smallest part

std::string env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run this test under scripts/services.sh, which starts s3rver");
  }
  return value;
}

// Options for the test bucket, under a new prefix.
S3Options test_options(const std::string& prefix_start = "test-") {
  S3Options options;
  options.endpoint = env("PARLEY_TEST_S3_URL");
  options.bucket = env("PARLEY_TEST_S3_BUCKET");
  options.access_key = env("PARLEY_TEST_S3_ACCESS_KEY");
  options.secret_key = env("PARLEY_TEST_S3_SECRET_KEY");
  options.prefix = prefix_start + util::uuid_v7() + "/";
  options.timeout_seconds = 10;
  return options;
}

S3Response must_send(S3Client& client, const S3Request& request) {
  auto response = client.send(request);
  if (!response.ok()) throw std::runtime_error(request.method + " failed: " + response.describe());
  return response;
}

// Keys of the objects under `prefix` (ListObjectsV2, page by page).
std::vector<std::string> object_keys(S3Client& client, const std::string& prefix) {
  std::vector<std::string> keys;
  std::string token;
  for (;;) {
    sigv4::NameValues query{{"list-type", "2"}, {"prefix", prefix}};
    if (!token.empty()) query.emplace_back("continuation-token", token);
    const auto response = must_send(client, {"GET", "", query, {}, {}});
    for (auto& key : xml_values(response.body, "Key")) keys.push_back(std::move(key));
    const auto next = xml_values(response.body, "NextContinuationToken");
    if (xml_values(response.body, "IsTruncated") != std::vector<std::string>{"true"} || next.empty()) return keys;
    token = next.front();
  }
}

struct PendingUpload {
  std::string key;
  std::string upload_id;
};

// The multipart uploads begun and neither completed nor aborted under `prefix`.
std::vector<PendingUpload> pending_uploads(S3Client& client, const std::string& prefix) {
  const auto response = must_send(client, {"GET", "", {{"uploads", ""}, {"prefix", prefix}}, {}, {}});
  const auto keys = xml_values(response.body, "Key");
  const auto ids = xml_values(response.body, "UploadId");
  if (keys.size() != ids.size()) throw std::runtime_error("a ListMultipartUploads answer without pairs");
  std::vector<PendingUpload> uploads;
  for (std::size_t i = 0; i < keys.size(); ++i) uploads.push_back({keys[i], ids[i]});
  return uploads;
}

class S3Backend final : public BlobBackend {
 public:
  explicit S3Backend(S3Options options = test_options())
      : options_(std::move(options)), client_(options_), store_(open_s3_blob_store(options_)) {}
  ~S3Backend() override {
    store_.reset();
    try {
      for (const auto& upload : pending_uploads(client_, options_.prefix)) {
        client_.send({"DELETE", upload.key, {{"uploadId", upload.upload_id}}, {}, {}});
      }
      for (const auto& key : object_keys(client_, options_.prefix)) client_.send({"DELETE", key, {}, {}, {}});
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cleaning up " << options_.prefix << ": " << e.what();
    }
  }
  S3Backend(const S3Backend&) = delete;
  S3Backend& operator=(const S3Backend&) = delete;

  BlobStore& store() override { return *store_; }
  std::size_t stored_items() override { return objects() + pending(); }
  std::size_t objects() { return object_keys(client_, options_.prefix).size(); }
  std::size_t pending() { return pending_uploads(client_, options_.prefix).size(); }
  const S3Options& options() const { return options_; }

 private:
  const S3Options options_;
  S3Client client_;
  std::unique_ptr<BlobStore> store_;
};

INSTANTIATE_TEST_SUITE_P(S3, BlobStoreConformance,
                         ::testing::Values(BlobBackendFactory{"s3", [] { return std::make_unique<S3Backend>(); }}),
                         blob_backend_name);

std::unique_ptr<S3Backend> small_parts_backend() {
  auto options = test_options();
  options.part_size = kPart;
  return std::make_unique<S3Backend>(options);
}

// `size` bytes that differ from part to part.
std::string bytes_of(std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t x = 12345;
  for (auto& c : bytes) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return bytes;
}

TEST(S3BlobStore, ABlobOfSeveralPartsIsAMultipartUploadAndReadsBackInRanges) {
  auto backend = small_parts_backend();
  const auto bytes = bytes_of(2 * kPart + 12'345);
  auto upload = must(backend->store().begin_upload(kNoLimit), "begin");
  must(upload->write(std::string_view(bytes).substr(0, kPart)), "write a part");
  EXPECT_EQ(backend->pending(), 0U) << "a full part waits for more bytes";
  std::size_t at = kPart;
  while (at < bytes.size()) {
    const auto n = std::min<std::size_t>(1'000'003, bytes.size() - at);
    must(upload->write(std::string_view(bytes).substr(at, n)), "write");
    at += n;
    EXPECT_EQ(backend->pending(), 1U) << "one multipart upload, begun with the first part";
  }
  EXPECT_EQ(backend->objects(), 0U) << "no object before commit";
  const auto stored = must(upload->commit(), "commit");
  EXPECT_EQ(stored.size, bytes.size());
  EXPECT_EQ(stored.sha256, sha256_hex(bytes));
  EXPECT_EQ(backend->pending(), 0U);
  EXPECT_EQ(backend->objects(), 1U);

  EXPECT_EQ(must(backend->store().size_of(stored.id), "size"), bytes.size());
  EXPECT_EQ(must(read_all(backend->store(), stored.id), "read"), bytes);
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges{
      {0, 1}, {kPart - 5, 10}, {2 * kPart - 1, 2}, {kPart, kPart}, {2 * kPart + 12'000, 1'000}};
  for (const auto& [offset, length] : ranges) {
    EXPECT_EQ(must(read_all(backend->store(), stored.id, {offset, length}), "read a range"),
              bytes.substr(offset, length))
        << offset << "+" << length;
  }
}

TEST(S3BlobStore, ABlobOfExactlyOnePartIsOnePut) {
  auto backend = small_parts_backend();
  const auto bytes = bytes_of(kPart);
  auto upload = must(backend->store().begin_upload(kNoLimit), "begin");
  must(upload->write(bytes), "write");
  const auto stored = must(upload->commit(), "commit");
  EXPECT_EQ(backend->pending(), 0U);
  EXPECT_EQ(must(read_all(backend->store(), stored.id, {kPart - 3, std::nullopt}), "read"), bytes.substr(kPart - 3));
}

TEST(S3BlobStore, ADroppedMultipartUploadLeavesNoObjectAndNoPendingUpload) {
  auto backend = small_parts_backend();
  {
    auto upload = must(backend->store().begin_upload(kNoLimit), "begin");
    must(upload->write(bytes_of(kPart + 1)), "write");
    ASSERT_EQ(backend->pending(), 1U);
  }
  EXPECT_EQ(backend->pending(), 0U) << "aborted";
  EXPECT_EQ(backend->objects(), 0U);
}

TEST(S3BlobStore, PassingTheLimitMidMultipartAbortsAtOnce) {
  auto backend = small_parts_backend();
  auto upload = must(backend->store().begin_upload(kPart + 100), "begin");
  must(upload->write(bytes_of(kPart + 50)), "write");
  ASSERT_EQ(backend->pending(), 1U);
  EXPECT_EQ(error_of(upload->write(bytes_of(51))), Errc::kTooLarge);
  EXPECT_EQ(backend->stored_items(), 0U) << "aborted before the upload is dropped";
  EXPECT_EQ(error_of(upload->commit()), Errc::kTooLarge);
}

TEST(S3BlobStore, AReadStreamsInChunksAndStopsWithTheSink) {
  S3Backend backend;
  const auto bytes = bytes_of(3 << 20);
  const auto id = must(put(backend.store(), bytes, kNoLimit), "put").id;
  std::size_t chunks = 0;
  std::size_t largest = 0;
  std::string got;
  const auto span = must(backend.store().read(id, {},
                                              [&](std::string_view chunk) {
                                                ++chunks;
                                                largest = std::max(largest, chunk.size());
                                                got.append(chunk);
                                                return true;
                                              }),
                         "read");
  EXPECT_EQ(got, bytes);
  EXPECT_EQ(span.length, bytes.size());
  EXPECT_GT(chunks, 10U) << "the body reaches the sink as it arrives";
  EXPECT_LT(largest, std::size_t{1} << 20);

  std::size_t taken = 0;
  must(backend.store().read(id, {},
                            [&](std::string_view chunk) {
                              taken += chunk.size();
                              return false;
                            }),
       "a stopped read");
  EXPECT_GT(taken, 0U);
  EXPECT_LT(taken, bytes.size());
  EXPECT_EQ(must(read_all(backend.store(), id, {100, 5}), "a read after a stopped one"), bytes.substr(100, 5));
}

TEST(S3BlobStore, KeysWithCharactersToEscapeAreSignedAndStored) {
  S3Backend backend(test_options("odd prefix+ü=&~*'()$/"));
  const auto stored = must(put(backend.store(), "escaped", kNoLimit), "put");
  EXPECT_EQ(must(read_all(backend.store(), stored.id), "read"), "escaped");
  EXPECT_EQ(must(backend.store().size_of(stored.id), "size"), 7U);
  EXPECT_EQ(backend.objects(), 1U);
  must(backend.store().remove(stored.id), "remove");
  EXPECT_EQ(backend.objects(), 0U);
}

// Opening with `options` throws an error whose message has `words`.
void expect_start_error(const S3Options& options, const std::vector<std::string>& words) {
  try {
    open_s3_blob_store(options);
    ADD_FAILURE() << "opened";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    for (const auto& word : words) EXPECT_NE(message.find(word), std::string::npos) << message;
  }
}

TEST(S3BlobStore, WrongCredentialsStopTheStartWithTheReason) {
  auto options = test_options();
  options.access_key = "NOT-A-KEY";
  expect_start_error(options, {options.endpoint, options.bucket, "403", "access key"});
  options = test_options();
  options.secret_key = "not the secret";
  expect_start_error(options, {"403", "secret key"});
}

TEST(S3BlobStore, AMissingBucketOrAnUnreachableEndpointStopsTheStart) {
  auto options = test_options();
  options.bucket = "no-such-bucket";
  expect_start_error(options, {"no-such-bucket", "no such bucket", "404"});
  options = test_options();
  options.endpoint = "http://127.0.0.1:1";
  expect_start_error(options, {"http://127.0.0.1:1", "cannot connect"});
}

TEST(S3BlobStore, OptionsOutsideS3sLimitsStopTheStart) {
  auto options = test_options();
  options.part_size = kPart - 1;
  expect_start_error(options, {"part_size", "5 MiB"});
  options = test_options();
  options.endpoint = "ftp://127.0.0.1";
  expect_start_error(options, {"ftp://127.0.0.1", "http"});
  options = test_options();
  options.bucket.clear();
  expect_start_error(options, {"no bucket"});
}

}  // namespace
}  // namespace parley::blob
