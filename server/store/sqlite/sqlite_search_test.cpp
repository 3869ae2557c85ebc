// Tests of the SQLite search index's batches: a search finds the same messages before and after
// their text joins the trigram index, edits and deletions on either side of the mark reach it,
// and a database of the release before the batches is upgraded with its index rebuilt.
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"
#include "store/sqlite/test_files.hpp"
#include "store/sqlite/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace parley::store {
namespace {

using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::uuid;
using sqlite::testing::exec;
using sqlite::testing::scalar;
using sqlite::testing::TempDir;

// FTS5's own check that its index holds exactly the rows' bodies up to the mark: every row of
// message_search at or below indexed_upto, no other.
constexpr const char* kIndexIsExact =
    "INSERT INTO message_search_text (message_search_text, rank) VALUES ('integrity-check', 1);";

std::unique_ptr<Store> open_without_indexer(const std::string& path) {
  SqliteOptions options;
  options.search_index_delay = std::chrono::milliseconds(0);
  return open_sqlite_store(path, options);
}

sqlite::SqliteStore& sqlite_of(Store& store) { return dynamic_cast<sqlite::SqliteStore&>(store); }

std::vector<std::string> contents(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.message.content);
  return out;
}

std::vector<std::string> find(Store& store, const std::string& viewer, std::vector<std::string> all) {
  MessageSearch s;
  s.viewer = viewer;
  s.all = std::move(all);
  return contents(must(store.search_messages(s), "search"));
}

// Indexes everything waiting, a batch of `batch` at a time; the rounds it took.
int index_all(Store& store, std::size_t batch) {
  int rounds = 0;
  while (true) {
    const auto r = must(sqlite_of(store).index_search_tail(batch), "index");
    if (r.indexed == 0) return rounds;
    ++rounds;
    EXPECT_LE(r.indexed, batch);
  }
}

// Ann and Ben and their private chat, in `store`.
struct Pair {
  User ann;
  User ben;
  Chat chat;
};
Pair pair_in(Store& store) {
  Pair p{make_user(store, 1, "Ann"), make_user(store, 2, "Ben"), {}};
  p.chat = must(store.find_or_create_private_chat(uuid(10), p.ann.id, p.ben.id, kT0), "chat");
  return p;
}

TEST(SqliteSearch, FindsTheSameMessagesBeforeAndAfterTheirTextIsIndexed) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  auto store = open_without_indexer(path);
  const auto [ann, ben, chat] = pair_in(*store);
  std::vector<std::string> ids;
  for (const char* text : {"deploy to prod", "lunch at noon", "redeployed the 東京 build", "deploy again",
                           "nothing here", "we deploy on Fridays"}) {
    ids.push_back(uuid(20 + ids.size()));
    ASSERT_TRUE(store->append_messages({message_to(chat, ids.back(), ann.id, text)}).at(0).ok());
  }
  EXPECT_EQ(scalar(path, "SELECT indexed_upto FROM search_state"), "0");
  const std::vector<std::string> expected{"we deploy on Fridays", "deploy again", "redeployed the 東京 build",
                                          "deploy to prod"};
  EXPECT_EQ(find(*store, ben.id, {"deploy"}), expected) << "not indexed: each row tested";
  EXPECT_EQ(find(*store, ben.id, {" 東 京 "}), std::vector<std::string>{"redeployed the 東京 build"});

  // An edit and a deletion before the rows are indexed: the index takes the rows as they are.
  must(store->edit_message(ids[3], "deployment again", kT0 + 1), "edit");
  must(store->delete_messages(chat.id, {ids[0]}, ann.id, kT0 + 2), "delete");
  EXPECT_EQ(index_all(*store, 4), 2);
  EXPECT_TRUE(exec(path, kIndexIsExact));
  const std::vector<std::string> indexed{"we deploy on Fridays", "deployment again", "redeployed the 東京 build"};
  EXPECT_EQ(find(*store, ben.id, {"deploy"}), indexed);
  EXPECT_EQ(find(*store, ben.id, {"deploy", "again"}), std::vector<std::string>{"deployment again"});
  EXPECT_EQ(find(*store, ben.id, {"ployment"}), std::vector<std::string>{"deployment again"}) << "a long pattern";
  EXPECT_TRUE(find(*store, ben.id, {"deploy deploy"}).empty()) << "its trigrams are all in one row, not the text";

  // After: the triggers change the index with the rows.
  must(store->edit_message(ids[5], "we ship on Fridays", kT0 + 3), "edit");
  must(store->delete_messages(chat.id, {ids[2]}, ann.id, kT0 + 4), "delete");
  EXPECT_TRUE(exec(path, kIndexIsExact));
  EXPECT_EQ(find(*store, ben.id, {"deploy"}), std::vector<std::string>{"deployment again"});

  // New rows above the mark and indexed rows below it, in one answer, newest first.
  ASSERT_TRUE(store->append_messages({message_to(chat, uuid(40), ben.id, "deploy now?")}).at(0).ok());
  EXPECT_EQ(find(*store, ann.id, {"deploy"}), (std::vector<std::string>{"deploy now?", "deployment again"}));
  EXPECT_EQ(index_all(*store, 100), 1);
  EXPECT_TRUE(exec(path, kIndexIsExact));
  EXPECT_EQ(find(*store, ann.id, {"deploy"}), (std::vector<std::string>{"deploy now?", "deployment again"}));
}

// The newest row deleted once it is indexed: the next message must not take its position,
// which is at the mark, where nothing is indexed any more.
TEST(SqliteSearch, APositionIsNeverGivenTwice) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  auto store = open_without_indexer(path);
  const auto [ann, ben, chat] = pair_in(*store);
  ASSERT_TRUE(store->append_messages({message_to(chat, uuid(20), ann.id, "orbit one")}).at(0).ok());
  ASSERT_TRUE(store->append_messages({message_to(chat, uuid(21), ann.id, "orbit two")}).at(0).ok());
  EXPECT_EQ(index_all(*store, 10), 1);
  must(store->delete_messages(chat.id, {uuid(21)}, ann.id, kT0 + 1), "delete");
  ASSERT_TRUE(store->append_messages({message_to(chat, uuid(22), ann.id, "orbit three")}).at(0).ok());
  EXPECT_EQ(find(*store, ben.id, {"orbit"}), (std::vector<std::string>{"orbit three", "orbit one"}));
  must(store->edit_message(uuid(22), "orbit three, edited", kT0 + 2), "an edit of the new row");
  EXPECT_EQ(index_all(*store, 10), 1);
  EXPECT_TRUE(exec(path, kIndexIsExact));
  EXPECT_EQ(find(*store, ben.id, {"orbit"}), (std::vector<std::string>{"orbit three, edited", "orbit one"}));
}

TEST(SqliteSearch, AStoreStopsItsIndexerAndTheNextIndexesWhatIsLeft) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  SqliteOptions options;
  options.search_index_delay = std::chrono::milliseconds(1);
  auto store = open_sqlite_store(path, options);
  const auto [ann, ben, chat] = pair_in(*store);
  ASSERT_TRUE(store->append_messages({message_to(chat, uuid(20), ann.id, "the quarterly numbers")}).at(0).ok());
  EXPECT_EQ(find(*store, ben.id, {"quarterly"}), std::vector<std::string>{"the quarterly numbers"});
  store.reset();  // stops the indexer after its round in flight
  // Whether that round ran or not, the next store indexes what is left before anything else.
  store = open_without_indexer(path);
  index_all(*store, 10);
  EXPECT_EQ(scalar(path, "SELECT indexed_upto = (SELECT max(position) FROM message_search) FROM search_state"), "1");
  EXPECT_EQ(find(*store, ben.id, {"quarterly"}), std::vector<std::string>{"the quarterly numbers"});
}

TEST(SqliteSearch, UpgradesTheIndexOfTheReleaseBeforeBatches) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  std::string ben_id;
  {
    auto store = open_without_indexer(path);
    const auto [ann, ben, chat] = pair_in(*store);
    ben_id = ben.id;
    for (std::uint64_t i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          store->append_messages({message_to(chat, uuid(20 + i), ann.id, "Größe " + std::to_string(i))}).at(0).ok());
    }
  }
  ASSERT_TRUE(exec(path, sqlite::testing::kUndoBatchedIndex));
  ASSERT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), "16");
  ASSERT_EQ(scalar(path, "SELECT count(*) FROM message_search_text WHERE message_search_text MATCH '\"grosse\"'"), "5");

  auto store = open_without_indexer(path);
  EXPECT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), std::to_string(sqlite::latest_schema_version()));
  EXPECT_EQ(scalar(path, "SELECT seq FROM sqlite_sequence WHERE name = 'message_search'"), "5")
      << "positions go on above the copied rows'";
  EXPECT_EQ(find(*store, ben_id, {"grosse"}).size(), 5U) << "the rebuilt index is empty: every row tested";
  EXPECT_EQ(index_all(*store, 2), 3);
  EXPECT_TRUE(exec(path, kIndexIsExact));
  EXPECT_EQ(find(*store, ben_id, {"grosse"}),
            (std::vector<std::string>{"Größe 4", "Größe 3", "Größe 2", "Größe 1", "Größe 0"}));
}

}  // namespace
}  // namespace parley::store
