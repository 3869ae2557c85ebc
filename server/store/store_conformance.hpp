// The conformance suite of store::Store: GoogleTest cases written only against the interface,
// so that every backend (SQLite, PostgreSQL) is held to the same contract. A backend's test
// instantiates it with a factory of fresh, empty stores:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
//                            ::testing::Values(conformance::BackendFactory{"sqlite", make_backend}),
//                            conformance::backend_name);
//
// Ids in the tests are UUID strings, as the contract asks. Each test opens its own store and
// destroys it (then its backend, which removes what it made) at the end.
#pragma once

#include "store/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::store {

// Readable values in failure messages; gtest finds these by their name.
void PrintTo(Errc e, std::ostream* os);    // NOLINT(readability-identifier-naming)
void PrintTo(Status s, std::ostream* os);  // NOLINT(readability-identifier-naming)

}  // namespace parley::store

namespace parley::store::conformance {

// What one test needs from a backend: a new, empty store. The backend object lives for the
// test and cleans up (files, schemas) when destroyed, after the store.
//
// The outbox tests (store_conformance_outbox.cpp) also need open_with_outbox(): the backend's
// same database (the one open() gave) opened with the outbox enabled. The fixture destroys the
// store it holds before each call, so a second call is a reopen: everything committed must be
// there. A backend without an outbox returns nullptr, and those tests are skipped.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::unique_ptr<Store> open() = 0;
  virtual std::unique_ptr<Store> open_with_outbox() { return nullptr; }
};

struct BackendFactory {
  std::string name;  // part of the test names: letters, digits and '_'
  std::function<std::unique_ptr<Backend>()> make;
};

void PrintTo(const BackendFactory& factory, std::ostream* os);  // NOLINT(readability-identifier-naming): gtest's name

std::string backend_name(const ::testing::TestParamInfo<BackendFactory>& info);

const char* errc_name(Errc e);

// The error of a result, or nullopt when it succeeded; for EXPECT_EQ(error_of(r), Errc::k...).
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
void must(Result<void> r, std::string_view what);

// History queries: the newest page, the page before a message, the catch-up after a seq.
HistoryQuery newest(std::size_t limit = 50);
HistoryQuery before(std::string id, std::size_t limit = 50);
HistoryQuery after(std::int64_t seq, std::size_t limit = 50);

inline constexpr TimeMs kT0 = 1'700'000'000'000;  // a fixed "now" for the tests

class StoreConformance : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Store& store() { return *store_; }
  // Closes the store and opens the same database with the outbox enabled; false when the
  // backend has no outbox (the test should skip).
  bool reopen_with_outbox();

  // A fresh UUID string, unique within the test; safe from any thread.
  std::string next_id();
  User add_user(const std::string& name);
  Chat add_chat(const User& a, const User& b, TimeMs at = kT0);
  // A message from `sender` to the other participants of `chat`.
  NewMessage new_message(const Chat& chat, const User& sender, std::string content,
                         std::optional<std::string> client_message_id = std::nullopt, TimeMs at = kT0);
  Message send(const Chat& chat, const User& sender, std::string content, TimeMs at = kT0);
  Appended append_one(const NewMessage& message);
  // A group of `members` (the first its owner, the others members, joined at kT0) with its
  // "created" line from the owner; not stored.
  NewGroup new_group(const std::vector<User>& members, const std::string& title);
  // An edit of `chat` (a group) expecting the version it has.
  static GroupEdit edit_of(const Chat& chat, TimeMs at);
  // `g` after `by` (its owner) hid the history from new members and added `who` (at `at`), who
  // sees the messages from then on.
  GroupEdited add_hiding_history(const GroupEdited& g, const User& by, const User& who, TimeMs at);
  // A system line of `actor` in `chat_id` saying `what` (also its system object's "type").
  NewMessage system_line(const std::string& chat_id, const User& actor, const std::string& what, TimeMs at);

  // The usual cast: users alice_, bob_, carol_, and chat_ of alice and bob (carol is not in it).
  void add_cast();
  // `count` messages from alice_ into chat_, content "m<seq>", at kT0 + seq, in one batch.
  std::vector<Message> fill(int count);

  User alice_, bob_, carol_;
  Chat chat_;

 private:
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Store> store_;
  std::atomic<std::uint64_t> ids_{0};
};

void expect_same_message(const Message& actual, const Message& expected);

// Helpers for a backend's own tests, outside the fixture.
std::string uuid(std::uint64_t n);                                       // a fixed, valid UUID string per n
User make_user(Store& store, std::uint64_t n, const std::string& name);  // stored; named <name>@example.test
// A message from `sender` to the other participants of `chat`, at kT0.
NewMessage message_to(const Chat& chat, const std::string& id, const std::string& sender, const std::string& content);
// Every message of a chat, oldest first, read a page at a time.
std::vector<Message> all_messages(Store& store, const std::string& chat_id);
std::vector<std::int64_t> seqs_of(const std::vector<Message>& messages);
std::vector<std::int64_t> range(std::int64_t from, std::int64_t to);  // [from, to]
// Files (store_conformance_files.cpp): a blob id and a SHA-256 made from a number; an upload of
// `owner`'s; the file it becomes, with one blob made from `content`.
std::string blob_id(int n);
std::string sha(int n);
Upload upload_of(const std::string& id, const User& owner, std::uint64_t length, TimeMs expires_at = kT0 + 1000);
StoredFile file_of(const Upload& u, int content, std::uint64_t size);

}  // namespace parley::store::conformance
