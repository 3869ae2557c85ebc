// The conformance suite of BlobStore (blob/blob_store.hpp): round trips, ranges, limits,
// concurrent uploads, removal, and ids that are not blob ids, on every backend alike.
#include "blob/blob_store_conformance.hpp"

#include "blob/sha256.hpp"

#include <latch>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

namespace parley::blob {

void PrintTo(Errc e, std::ostream* os) { *os << errc_name(e); }

void PrintTo(const BlobBackendFactory& factory, std::ostream* os) { *os << factory.name; }

std::string blob_backend_name(const ::testing::TestParamInfo<BlobBackendFactory>& info) { return info.param.name; }

namespace {

constexpr std::uint64_t kNoLimit = std::uint64_t{1} << 40;
constexpr const char* kUnknownId = "0123456789abcdef0123456789abcdef";

// `size` bytes of every value 0..255, different for each seed.
std::string bytes_of(std::size_t size, unsigned seed = 1) {
  std::string bytes(size, '\0');
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& c : bytes) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return bytes;
}

TEST_P(BlobStoreConformance, ARoundTripKeepsEveryByte) {
  for (const std::size_t size : {std::size_t{1}, std::size_t{1000}, std::size_t{300'000}}) {
    const auto bytes = bytes_of(size, static_cast<unsigned>(size));
    const auto stored = must(put(store(), bytes, kNoLimit), "put");
    EXPECT_TRUE(valid_blob_id(stored.id)) << stored.id;
    EXPECT_EQ(stored.size, size);
    EXPECT_EQ(stored.sha256, sha256_hex(bytes));
    EXPECT_EQ(must(read_all(store(), stored.id), "read"), bytes) << size << " bytes";
    EXPECT_EQ(must(store().size_of(stored.id), "size"), size);
  }
}

TEST_P(BlobStoreConformance, AnEmptyBlobIsABlob) {
  const auto stored = must(put(store(), "", kNoLimit), "put");
  EXPECT_EQ(stored.size, 0U);
  EXPECT_EQ(stored.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(must(read_all(store(), stored.id), "read"), "");
  EXPECT_EQ(must(store().size_of(stored.id), "size"), 0U);
}

TEST_P(BlobStoreConformance, ChunksAndStreamsStoreTheSameBytesAndDigest) {
  const auto bytes = bytes_of(200'003, 7);
  auto upload = must(store().begin_upload(kNoLimit), "begin");
  std::size_t at = 0;
  for (std::size_t chunk = 1; at < bytes.size(); chunk = chunk * 3 + 1) {
    const auto n = std::min(chunk, bytes.size() - at);
    must(upload->write(std::string_view(bytes).substr(at, n)), "write");
    at += n;
  }
  must(upload->write(""), "an empty chunk");
  const auto chunked = must(upload->commit(), "commit");

  std::istringstream in(bytes);
  const auto streamed = must(put(store(), in, kNoLimit), "put a stream");
  EXPECT_NE(chunked.id, streamed.id) << "every put is a blob of its own";
  EXPECT_EQ(chunked.sha256, streamed.sha256);
  EXPECT_EQ(chunked.sha256, sha256_hex(bytes));
  EXPECT_EQ(must(read_all(store(), chunked.id), "read"), bytes);
  EXPECT_EQ(must(read_all(store(), streamed.id), "read"), bytes);
  EXPECT_EQ(must(put(store(), "abc", kNoLimit), "put").sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_P(BlobStoreConformance, ARangeReadsItsBytesAndStopsAtTheEnd) {
  const auto id = must(put(store(), "0123456789", kNoLimit), "put").id;
  struct Case {
    ByteRange range;
    const char* bytes;
    std::uint64_t offset;
    std::uint64_t length;
  };
  const Case cases[] = {
      {{0, std::nullopt}, "0123456789", 0, 10},  // everything
      {{3, 4}, "3456", 3, 4},                    // inside
      {{8, 100}, "89", 8, 2},                    // past the end: cut
      {{0, 0}, "", 0, 0},                        // empty
      {{10, std::nullopt}, "", 10, 0},           // at the end: empty
      {{10, 5}, "", 10, 0},
      {{9, std::nullopt}, "9", 9, 1},
  };
  for (const auto& c : cases) {
    std::string got;
    const auto span = must(store().read(id, c.range,
                                        [&](std::string_view chunk) {
                                          got.append(chunk);
                                          return true;
                                        }),
                           "read");
    EXPECT_EQ(got, c.bytes) << c.range.offset;
    EXPECT_EQ(span.blob_size, 10U);
    EXPECT_EQ(span.offset, c.offset);
    EXPECT_EQ(span.length, c.length);
  }
  EXPECT_EQ(error_of(read_all(store(), id, {11, std::nullopt})), Errc::kRange) << "starts past the end";
  EXPECT_EQ(error_of(read_all(store(), id, {1'000'000, 1})), Errc::kRange);

  // Across the chunks a backend reads in.
  const auto big = bytes_of(300'000, 3);
  const auto big_id = must(put(store(), big, kNoLimit), "put").id;
  for (const std::uint64_t offset : {0, 65'530, 131'071, 299'990}) {
    EXPECT_EQ(must(read_all(store(), big_id, {offset, 70'000}), "read"), big.substr(offset, 70'000)) << offset;
  }
}

TEST_P(BlobStoreConformance, ASinkCanStopARead) {
  const auto bytes = bytes_of(500'000, 5);
  const auto id = must(put(store(), bytes, kNoLimit), "put").id;
  std::string got;
  int chunks = 0;
  must(store().read(id, {},
                    [&](std::string_view chunk) {
                      got.append(chunk);
                      ++chunks;
                      return false;
                    }),
       "read");
  EXPECT_EQ(chunks, 1);
  EXPECT_FALSE(got.empty());
  EXPECT_EQ(got, bytes.substr(0, got.size()));
}

TEST_P(BlobStoreConformance, AnUploadPastItsLimitIsRefusedAndLeavesNothing) {
  auto upload = must(store().begin_upload(10), "begin");
  must(upload->write("012345"), "write");
  EXPECT_EQ(error_of(upload->write("67890")), Errc::kTooLarge);
  EXPECT_EQ(stored_items(), 0U) << "refused at once, not when dropped";
  EXPECT_EQ(error_of(upload->write("x")), Errc::kTooLarge) << "the upload is over";
  EXPECT_EQ(error_of(upload->commit()), Errc::kTooLarge);
  upload.reset();
  EXPECT_EQ(stored_items(), 0U);

  EXPECT_EQ(error_of(put(store(), bytes_of(11), 10)), Errc::kTooLarge);
  std::istringstream in(bytes_of(300'000));
  EXPECT_EQ(error_of(put(store(), in, 200'000)), Errc::kTooLarge);
  EXPECT_EQ(stored_items(), 0U);

  const auto exact = must(put(store(), bytes_of(10), 10), "put exactly the limit");
  EXPECT_EQ(exact.size, 10U);
  EXPECT_EQ(error_of(put(store(), "x", 0)), Errc::kTooLarge);
  EXPECT_EQ(must(put(store(), "", 0), "an empty blob within a limit of 0").size, 0U);
  EXPECT_EQ(stored_items(), 2U);
}

TEST_P(BlobStoreConformance, AnUploadDroppedWithoutCommitLeavesNothing) {
  {
    auto upload = must(store().begin_upload(kNoLimit), "begin");
    must(upload->write(bytes_of(100'000)), "write");
  }
  EXPECT_EQ(stored_items(), 0U);
}

TEST_P(BlobStoreConformance, AnUploadCommitsOnce) {
  auto upload = must(store().begin_upload(kNoLimit), "begin");
  must(upload->write("once"), "write");
  const auto stored = must(upload->commit(), "commit");
  EXPECT_EQ(error_of(upload->commit()), Errc::kInvalid);
  EXPECT_EQ(error_of(upload->write("more")), Errc::kInvalid);
  upload.reset();
  EXPECT_EQ(must(read_all(store(), stored.id), "read"), "once") << "dropping a committed upload keeps its blob";
  EXPECT_EQ(stored_items(), 1U);
}

TEST_P(BlobStoreConformance, ConcurrentUploadsEachKeepTheirOwnBytes) {
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::latch start(kThreads);
  std::mutex mutex;
  std::vector<std::pair<StoredBlob, std::string>> stored;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto bytes = bytes_of(static_cast<std::size_t>(1 + (t * 7919 + i * 104'729) % 150'000),
                              static_cast<unsigned>(t * 1000 + i));
        auto upload = store().begin_upload(kNoLimit);
        if (!upload) continue;
        // Interleave the chunks of different uploads.
        const auto half = bytes.size() / 2;
        if (!(*upload)->write(std::string_view(bytes).substr(0, half))) continue;
        std::this_thread::yield();
        if (!(*upload)->write(std::string_view(bytes).substr(half))) continue;
        auto r = (*upload)->commit();
        if (!r) continue;
        std::lock_guard lock(mutex);
        stored.emplace_back(*r, std::move(bytes));
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(stored.size(), static_cast<std::size_t>(kThreads * kEach)) << "every upload committed";
  std::set<std::string> ids;
  for (const auto& [blob, bytes] : stored) {
    ids.insert(blob.id);
    EXPECT_EQ(blob.sha256, sha256_hex(bytes));
    EXPECT_EQ(must(read_all(store(), blob.id), "read"), bytes);
  }
  EXPECT_EQ(ids.size(), stored.size()) << "ids are unique";
  EXPECT_EQ(stored_items(), stored.size());
}

TEST_P(BlobStoreConformance, RemoveDeletesOneBlob) {
  const auto kept = must(put(store(), "kept", kNoLimit), "put");
  const auto gone = must(put(store(), "gone", kNoLimit), "put");
  must(store().remove(gone.id), "remove");
  EXPECT_EQ(error_of(read_all(store(), gone.id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().size_of(gone.id)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().remove(gone.id)), Errc::kNotFound) << "removed once";
  EXPECT_EQ(must(read_all(store(), kept.id), "read"), "kept");
  EXPECT_EQ(stored_items(), 1U);
}

TEST_P(BlobStoreConformance, AnUnknownIdIsNotFound) {
  EXPECT_EQ(error_of(read_all(store(), kUnknownId)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().size_of(kUnknownId)), Errc::kNotFound);
  EXPECT_EQ(error_of(store().remove(kUnknownId)), Errc::kNotFound);
}

TEST_P(BlobStoreConformance, WhatIsNotABlobIdIsRefused) {
  const auto blob = must(put(store(), "precious", kNoLimit), "put");
  const std::string nul_inside =
      std::string(kUnknownId).substr(0, 16) + std::string(1, '\0') + std::string(kUnknownId).substr(17);
  const std::vector<std::string> ids{
      "",
      ".",
      "..",
      "../x",
      "../../../../../../etc/passwd",
      "/etc/passwd",
      "a/b",
      "..%2f..%2fetc%2fpasswd",
      "0123456789abcdef0123456789abcde",    // 31 digits
      "0123456789abcdef0123456789abcdef0",  // 33
      "0123456789ABCDEF0123456789ABCDEF",   // upper case
      "0123456789abcdef0123456789abcdeg",
      nul_inside,
      "./" + blob.id,
      blob.id + "/",
      blob.id.substr(0, 2) + "/" + blob.id.substr(2, 2) + "/" + blob.id,
      "../" + blob.id,
  };
  for (const auto& id : ids) {
    EXPECT_FALSE(valid_blob_id(id)) << id;
    EXPECT_EQ(error_of(read_all(store(), id)), Errc::kInvalid) << id;
    EXPECT_EQ(error_of(store().size_of(id)), Errc::kInvalid) << id;
    EXPECT_EQ(error_of(store().remove(id)), Errc::kInvalid) << id;
  }
  EXPECT_EQ(must(read_all(store(), blob.id), "read"), "precious");
  EXPECT_EQ(stored_items(), 1U);
}

}  // namespace
}  // namespace parley::blob
