// Tests of the SQLite schema's migrations: a new database migrates once, each earlier
// release's database is upgraded with its data kept, a newer one is refused.
#include "store/job_store.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/test_files.hpp"
#include "store/sqlite/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace parley::store {
namespace {

using conformance::error_of;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::uuid;
using sqlite::testing::exec;
using sqlite::testing::scalar;
using sqlite::testing::TempDir;

TEST(SqliteStore, MigratesOnceAndReopensWithoutMigrating) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  for (int i = 0; i < 3; ++i) {
    auto store = open_sqlite_store(path);
    EXPECT_TRUE(store->ping().ok());
  }
  const auto latest = std::to_string(sqlite::latest_schema_version());
  EXPECT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), latest);
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM schema_version"), latest);
  EXPECT_EQ(scalar(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'messages_chat_seq'"),
            "1");
}

TEST(SqliteStore, UpgradesADatabaseOfTheReleaseBeforeGroups) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  std::string chat_id;
  std::string message_id;
  {
    auto store = open_sqlite_store(path);
    const User a = make_user(*store, 1, "Ann");
    const User b = make_user(*store, 2, "Ben");
    const Chat chat = must(store->find_or_create_private_chat(uuid(10), a.id, b.id, kT0), "chat");
    chat_id = chat.id;
    auto appended = store->append_messages({message_to(chat, uuid(11), a.id, "before groups")});
    ASSERT_TRUE(appended.at(0).ok());
    message_id = appended[0]->message.id;
  }
  ASSERT_TRUE(exec(path, std::string(sqlite::testing::kUndoSearch) + sqlite::testing::kUndoFiles +
                             sqlite::testing::kUndoEmoji + sqlite::testing::kUndoPrivacy +
                             sqlite::testing::kUndoReactions + sqlite::testing::kUndoLifecycle +
                             sqlite::testing::kUndoGroups));
  ASSERT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), "6");

  auto store = open_sqlite_store(path);
  EXPECT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), std::to_string(sqlite::latest_schema_version()));
  const Chat chat = must(store->chat_by_id(chat_id), "chat_by_id");
  EXPECT_EQ(chat.kind, "private");
  EXPECT_FALSE(chat.group.has_value());
  EXPECT_EQ(chat.participants, (std::vector<std::string>{uuid(1), uuid(2)}));
  EXPECT_EQ(scalar(path, "SELECT member_count FROM chats"), "2");
  const Message m = must(store->message_by_id(message_id), "message_by_id");
  EXPECT_EQ(m.kind, "text");
  EXPECT_EQ(m.content, "before groups");
  EXPECT_FALSE(m.system.has_value());
  EXPECT_EQ(error_of(store->member(chat_id, uuid(1))), Errc::kNotFound);  // not a group
}

TEST(SqliteStore, UpgradesADatabaseOfTheReleaseBeforeTheDirectory) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  {
    auto store = open_sqlite_store(path);
    make_user(*store, 1, "Zoë");
    make_user(*store, 2, "ÉMILE");
  }
  // Back to schema version 2 as that release left it, with a user it stored itself.
  ASSERT_TRUE(
      exec(path, std::string(sqlite::testing::kUndoSearch) + sqlite::testing::kUndoFiles + sqlite::testing::kUndoEmoji +
                     sqlite::testing::kUndoPrivacy + sqlite::testing::kUndoReactions + sqlite::testing::kUndoLifecycle +
                     sqlite::testing::kUndoGroups +
                     "DROP INDEX users_directory; ALTER TABLE users DROP COLUMN name_key; "
                     "ALTER TABLE users DROP COLUMN email_key; DROP TABLE account_issues; DROP TABLE account_checks; "
                     "DROP TABLE server_settings; DROP TABLE jobs; "
                     "DELETE FROM schema_version WHERE version >= 3; "
                     "INSERT INTO users (id, email, name, password_hash, created_at) "
                     "VALUES ('00000000-0000-4000-8000-000000000003', 'old@example.test', 'Ödön', 'hash', 0);"));
  ASSERT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), "2");

  auto store = open_sqlite_store(path);
  EXPECT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), std::to_string(sqlite::latest_schema_version()));
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM users WHERE name_key IS NULL OR email_key IS NULL"), "0");
  DirectoryQuery q;
  q.viewer = uuid(1);
  q.search = "ödö";
  auto page = must(store->directory(q), "directory");
  ASSERT_EQ(page.entries.size(), 1U);
  EXPECT_EQ(page.entries[0].user.email, "old@example.test");
  q.search = "";
  page = must(store->directory(q), "directory");
  ASSERT_EQ(page.entries.size(), 3U);
  EXPECT_EQ(page.entries[0].user.name, "Zoë");  // zoë < émile < ödön, bytewise
  EXPECT_EQ(must(store->user_by_id(uuid(2)), "user").name, "ÉMILE");
  NewJob job;
  job.kind = "after-upgrade";
  EXPECT_TRUE(jobs_of(*store)->enqueue_job(job, kT0).ok()) << "migration 6 made the job queue";
}

TEST(SqliteStore, UpgradesADatabaseOfTheReleaseBeforeReactions) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  Chat chat;
  std::string message_id;
  {
    auto store = open_sqlite_store(path);
    const User a = make_user(*store, 1, "Ann");
    make_user(*store, 2, "Ben");
    chat = must(store->find_or_create_private_chat(uuid(10), a.id, uuid(2), kT0), "chat");
    auto appended = store->append_messages({message_to(chat, uuid(11), a.id, "before reactions")});
    ASSERT_TRUE(appended.at(0).ok());
    message_id = appended[0]->message.id;
  }
  ASSERT_TRUE(exec(path, std::string(sqlite::testing::kUndoSearch) + sqlite::testing::kUndoFiles +
                             sqlite::testing::kUndoEmoji + sqlite::testing::kUndoPrivacy +
                             sqlite::testing::kUndoReactions));
  ASSERT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), "10");

  auto store = open_sqlite_store(path);
  EXPECT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), std::to_string(sqlite::latest_schema_version()));
  const Message m = must(store->message_by_id(message_id), "message_by_id");
  EXPECT_EQ(m.content, "before reactions");
  EXPECT_TRUE(m.reactions.empty());
  ReactionChange c;
  c.message_id = message_id;
  c.user_id = uuid(2);
  c.emoji = "👍";
  c.at = kT0 + 1;
  EXPECT_EQ(must(store->react(c), "react").message.reactions, (std::vector<ReactionCount>{{"👍", 1}}));
}

TEST(SqliteStore, UpgradesADatabaseOfTheReleaseBeforeSearchAndIndexesItsMessagesInBatches) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  Chat chat;
  {
    auto store = open_sqlite_store(path);
    const User a = make_user(*store, 1, "Ann");
    make_user(*store, 2, "Ben");
    chat = must(store->find_or_create_private_chat(uuid(10), a.id, uuid(2), kT0), "chat");
    for (std::uint64_t i = 0; i < 5; ++i) {
      ASSERT_TRUE(
          store->append_messages({message_to(chat, uuid(20 + i), a.id, "Größe " + std::to_string(i))}).at(0).ok());
    }
  }
  ASSERT_TRUE(exec(path, sqlite::testing::kUndoSearch));
  ASSERT_EQ(scalar(path, "SELECT MAX(version) FROM schema_version"), "14");

  auto store = open_sqlite_store(path);
  MessageSearch s;
  s.viewer = uuid(2);
  s.all = {"grosse"};
  EXPECT_TRUE(must(store->search_messages(s), "search").empty()) << "not indexed yet";
  // A batch at a time, resuming where the last one stopped, oldest first.
  EXPECT_EQ(must(store->index_pending_messages(2), "index").pending, 3U);
  const auto first = must(store->search_messages(s), "search");
  ASSERT_EQ(first.size(), 2U);
  EXPECT_EQ(first[0].message.content, "Größe 1");
  store.reset();
  store = open_sqlite_store(path);
  EXPECT_EQ(must(store->index_pending_messages(2), "index").pending, 1U);
  const auto last = must(store->index_pending_messages(2), "index");
  EXPECT_EQ(last.indexed, 1U);
  EXPECT_EQ(last.pending, 0U);
  EXPECT_EQ(must(store->search_messages(s), "search").size(), 5U);
  EXPECT_EQ(must(store->index_pending_messages(2), "index").indexed, 0U);
}

TEST(SqliteStore, RefusesADatabaseNewerThanItsCode) {
  TempDir dir;
  const auto path = dir.file("parley.db");
  open_sqlite_store(path).reset();
  EXPECT_EQ(scalar(path, "INSERT INTO schema_version (version, applied_at) VALUES (9999, 0) RETURNING version"),
            "9999");
  try {
    open_sqlite_store(path);
    FAIL() << "opened a database from the future";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("9999"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace parley::store
