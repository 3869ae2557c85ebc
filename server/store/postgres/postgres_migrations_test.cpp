// Tests of the PostgreSQL schema's migrations against a real server: stores opening at once
// migrate once, each release's schema is upgraded with its data kept, a newer schema is
// refused, and a step that must run outside a transaction does. Same server and rules as
// postgres_store_test.cpp (test_schema.hpp).
#include "store/postgres/postgres_store.hpp"

#include "store/job_store.hpp"
#include "store/postgres/schema.hpp"
#include "store/postgres/test_schema.hpp"
#include "store/store_conformance.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <iostream>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace parley::store {
namespace {

using conformance::all_messages;
using conformance::kT0;
using conformance::make_user;
using conformance::message_to;
using conformance::must;
using conformance::uuid;
using postgres::testing::TestSchema;

// ---- Migrations ----

// SQL that takes schema `s` back from migrations 18 to 26 (notifications; mentions and held
// notifications; blocks; reports; auto-moderation; settings; scheduled messages; templates;
// exports) to what
// version 17 left.
std::string without_notifications(const std::string& s) {
  return "DROP TABLE " + s + ".data_exports; DROP TABLE " + s + ".template_uses; DROP TABLE " + s +
         ".message_templates; DROP TABLE " + s + ".scheduled_messages; DROP TABLE " + s +
         ".user_settings; DROP TABLE " + s + ".moderation_notices; DROP TABLE " + s + ".mutes; DROP TABLE " + s +
         ".automod_hits; DROP TABLE " + s + ".automod_rules; DROP TABLE " + s + ".suspensions; DROP TABLE " + s +
         ".server_roles; DROP TABLE " + s + ".moderation_audit; DROP TABLE " + s + ".reports; DROP TABLE " + s +
         ".user_blocks; DROP INDEX " + s + ".thread_follows_root; DROP TABLE " + s + ".notify_held; ALTER TABLE " + s +
         ".messages DROP COLUMN mentions; DROP TABLE " + s + ".chat_notify; DROP TABLE " + s +
         ".notify_settings; DROP TABLE " + s + ".push_subscriptions; ";
}

// SQL that takes schema `s` back from migrations 15 to 18 (message search; the words of users'
// names; notifications) to what version 14 left
// (the pg_trgm extension stays: the database's, not the schema's).
std::string without_search(const std::string& s) {
  return without_notifications(s) + "DROP TABLE " + s + ".user_words; DROP TABLE " + s + ".message_search; ";
}

// SQL that takes schema `s` back from migrations 14 and 15 (files; search) to what version 13 left.
std::string without_files(const std::string& s) {
  std::string sql = without_search(s);
  for (const char* table :
       {"message_files", "file_blobs", "files", "blob_garbage", "blobs", "upload_parts", "uploads"}) {
    sql += "DROP TABLE " + s + "." + table + "; ";
  }
  return sql + "ALTER TABLE " + s + ".messages DROP COLUMN attachments; ";
}

// SQL that takes schema `s` back from migrations 12 to 14 (privacy; custom emoji; files) to
// what version 11 left. The version is left to the caller.
std::string without_privacy(const std::string& s) {
  return without_files(s) + "DROP TABLE " + s + ".custom_emoji; DROP INDEX " + s +
         ".chat_participants_receipt; ALTER TABLE " + s + ".chat_participants DROP COLUMN receipt_seq; ALTER TABLE " +
         s + ".message_status DROP COLUMN quiet; " + "DROP TABLE " + s + ".privacy_exceptions; DROP TABLE " + s +
         ".user_privacy; ";
}

// SQL that takes schema `s` back from migrations 11 and 12 (reactions; privacy) to what version
// 10 left: migration 12 first, then the reactions' tables and the messages' counts go, and
// their indexes with them. The version is left to the caller.
std::string without_reactions(const std::string& s) {
  return without_privacy(s) + "DROP TABLE " + s + ".emoji_use; DROP TABLE " + s + ".unread_reactions; DROP TABLE " + s +
         ".message_reactions; ALTER TABLE " + s + ".messages DROP COLUMN reactions; ";
}

// SQL that takes schema `s` back from migrations 10 and 11 (replies, quotes and threads;
// reactions) to what version 9 left: migration 11 first, then the followers' table and the new
// columns go, and their indexes with them. The version is left to the caller.
std::string without_threads(const std::string& s) {
  return without_reactions(s) + "DROP TABLE " + s + ".thread_follows; DROP INDEX " + s +
         ".messages_thread; DROP INDEX " + s + ".messages_replies; ALTER TABLE " + s +
         ".messages DROP COLUMN reply_to_id, DROP COLUMN quote, DROP COLUMN thread_root_id, DROP COLUMN also_to_chat, "
         "DROP COLUMN thread_count, DROP COLUMN thread_last_at, DROP COLUMN thread_participants; ALTER TABLE " +
         s + ".chats DROP COLUMN edit_window_seconds; ";
}

// SQL that takes schema `s` back from migrations 9 to 11 (edits, deletions, the change feed;
// replies and threads; reactions) to what version 8 left: migrations 10 and 11 first, then the
// versions' and hidden messages' tables and the new columns go, and their indexes with them.
// The version is left to the caller.
std::string without_lifecycle(const std::string& s) {
  return without_threads(s) + "DROP TABLE " + s + ".hidden_messages; DROP TABLE " + s +
         ".message_versions; DROP INDEX " + s + ".messages_changes; ALTER TABLE " + s +
         ".chats DROP COLUMN change_seq; ALTER TABLE " + s +
         ".messages DROP COLUMN edited_at, DROP COLUMN edit_count, DROP COLUMN deleted_at, DROP COLUMN deleted_by, "
         "DROP COLUMN change_seq; ";
}

// SQL that takes schema `s` back from migrations 7 to 11 (groups, their invite links, edits,
// threads, reactions) to what version 6 left: migrations 9 to 11 first, then the invites'
// table and the groups' columns go, and their indexes and CHECKs with them. The version is
// left to the caller.
std::string without_groups(const std::string& s) {
  return without_lifecycle(s) + "DROP TABLE " + s + ".group_invites; DROP INDEX " + s +
         ".chat_participants_order; DROP INDEX " + s + ".chat_participants_delivered; DROP INDEX " + s +
         ".chat_participants_read; ALTER TABLE " + s +
         ".chats DROP COLUMN title, DROP COLUMN description, DROP COLUMN avatar_color, DROP COLUMN perm_send, "
         "DROP COLUMN perm_add, DROP COLUMN perm_edit_info, DROP COLUMN perm_pin, DROP COLUMN history_visible, "
         "DROP COLUMN slow_mode_seconds, DROP COLUMN member_limit, DROP COLUMN member_count, DROP COLUMN version, "
         "DROP COLUMN delivered_floor, DROP COLUMN read_floor; ALTER TABLE " +
         s +
         ".chat_participants DROP COLUMN role, DROP COLUMN visible_after_seq, DROP COLUMN delivered_seq, "
         "DROP COLUMN read_seq, DROP COLUMN delivered_at, DROP COLUMN read_at, DROP COLUMN last_sent_at; ALTER TABLE " +
         s + ".messages DROP COLUMN kind, DROP COLUMN system; ";
}

// Alice (uuid 1) and Bob (uuid 2), their private chat (uuid 10) and three messages from Alice,
// "m", with ids uuid(20) to uuid(22).
Chat three_messages(Store& store) {
  const User alice = make_user(store, 1, "alice");
  const User bob = make_user(store, 2, "bob");
  Chat chat = must(store.find_or_create_private_chat(uuid(10), alice.id, bob.id, kT0), "chat");
  for (std::uint64_t i = 0; i < 3; ++i) {
    must(std::move(store.append_messages({message_to(chat, uuid(20 + i), alice.id, "m")})[0]), "append");
  }
  return chat;
}

// Takes `schema` back to `version` with `undo` (one of the without_* above) and its versions.
void back_to(TestSchema& schema, const std::string& undo, int version) {
  const auto& s = schema.name();
  ASSERT_EQ(
      schema.admin().scalar(undo + "DELETE FROM " + s + ".schema_version WHERE version > " + std::to_string(version)),
      "");
  ASSERT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"), std::to_string(version));
}

TEST(PostgresStore, MigratesOnceWhenStoresOpenTogether) {
  TestSchema schema;
  constexpr int kStores = 4;
  std::vector<std::unique_ptr<Store>> stores(kStores);
  std::atomic<int> failures{0};
  std::latch start(kStores);
  std::vector<std::thread> threads;
  for (int i = 0; i < kStores; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        stores[static_cast<std::size_t>(i)] = open_postgres_store(schema.url());
      } catch (const std::runtime_error& e) {
        std::cerr << e.what() << "\n";
        failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  const auto latest = std::to_string(postgres::latest_schema_version());
  const auto table = schema.name() + ".schema_version";
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + table), latest);
  EXPECT_EQ(schema.admin().scalar("SELECT COUNT(*) FROM " + table), latest);
  make_user(*stores[0], 1, "alice");
  EXPECT_EQ(must(stores[3]->user_by_id(uuid(1)), "user").name, "alice");
}

// A schema of the previous release (version 2: no account checks) with look-alike accounts
// its rules let in: migration 3 adds the checks and their report, schedules the email check,
// and keeps every account as it was (the check itself runs in chat/account_check.cpp).
TEST(PostgresStore, MigrationThreeSchedulesTheEmailCheckAndKeepsTheAccounts) {
  TestSchema schema;
  open_postgres_store(schema.url()).reset();
  const auto& s = schema.name();
  schema.admin().scalar(without_groups(s) + "DROP INDEX " + s + ".users_directory; ALTER TABLE " + s +
                        ".users DROP COLUMN name_key, DROP COLUMN email_key; DROP TABLE " + s +
                        ".account_issues; DROP TABLE " + s + ".account_checks; DROP TABLE " + s +
                        ".server_settings; DROP TABLE " + s + ".jobs; DELETE FROM " + s +
                        ".schema_version WHERE version > 2");
  schema.admin().scalar("INSERT INTO " + s +
                        ".users (id, email, name, password_hash, created_at) VALUES "
                        "('" +
                        uuid(1) + "', 'twin@x.test', 'a', 'h', 1), ('" + uuid(2) + "', 'twin@x.test.', 'b', 'h', 1)");
  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(must(store->pending_account_checks(), "pending"), std::vector<std::string>{"emails-v1"});
  const auto accounts = must(store->account_emails(), "accounts");
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].email, "twin@x.test");
  EXPECT_EQ(accounts[1].email, "twin@x.test.");
  const std::vector<AccountIssue> issues{{uuid(1), "twin@x.test", "twin@x.test", "collision", "two", kT0},
                                         {uuid(2), "twin@x.test.", "twin@x.test", "collision", "two", kT0}};
  ASSERT_TRUE(must(store->finish_email_check("emails-v1", {}, issues, kT0), "finish").finished_here);
  EXPECT_EQ(schema.admin().scalar("SELECT COUNT(*) FROM " + s + ".account_issues WHERE kind = 'collision'"), "2");
}

TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeTheDirectory) {
  TestSchema schema;
  {
    auto store = open_postgres_store(schema.url());
    make_user(*store, 1, "Zoë");
    make_user(*store, 2, "ÉMILE");
  }
  // Back to schema version 2 as that release left it, with a user it stored itself.
  const auto& s = schema.name();
  EXPECT_EQ(schema.admin().scalar(without_groups(s) + "DROP INDEX " + s + ".users_directory; ALTER TABLE " + s +
                                  ".users DROP COLUMN name_key, DROP COLUMN email_key; DROP TABLE " + s +
                                  ".account_issues; DROP TABLE " + s + ".account_checks; DROP TABLE " + s +
                                  ".server_settings; DROP TABLE " + s + ".jobs; DELETE FROM " + s +
                                  ".schema_version WHERE version >= 3; INSERT INTO " + s +
                                  ".users (id, email, name, password_hash, created_at) VALUES "
                                  "('00000000-0000-4000-8000-000000000003', 'old@example.test', 'Ödön', 'hash', 0)"),
            "");
  ASSERT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"), "2");

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(schema.admin().scalar("SELECT COUNT(*) FROM " + s + ".users WHERE name_key IS NULL OR email_key IS NULL"),
            "0");
  DirectoryQuery q;
  q.viewer = uuid(1);
  q.search = "ödö";
  auto page = must(store->directory(q), "directory");
  ASSERT_EQ(page.entries.size(), 1U);
  EXPECT_EQ(page.entries[0].user.email, "old@example.test");
  q.search = "";
  page = must(store->directory(q), "directory");
  ASSERT_EQ(page.entries.size(), 3U);
  EXPECT_EQ(page.entries[0].user.name, "Zoë");  // zoë < émile < ödön, bytewise as in SQLite
  EXPECT_EQ(page.entries[2].user.name, "Ödön");
  NewJob job;
  job.kind = "after-upgrade";
  EXPECT_TRUE(jobs_of(*store)->enqueue_job(job, kT0).ok()) << "migration 6 made the job queue";
}

// A database of the release before groups (schema version 6) with a private chat, its
// messages and a pin: migration 7 keeps them all as they were, private chats count their two
// members and stay at version 0, old messages are text; and groups work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeGroups) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    chat = three_messages(*store);
    make_user(*store, 3, "carol");
    must(store->pin(uuid(21), uuid(2), kT0 + 1, 10), "pin");
    before = all_messages(*store, chat.id);
  }
  ASSERT_NO_FATAL_FAILURE(back_to(schema, without_groups(s), 6));

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(schema.admin().scalar("SELECT member_count || ' ' || version FROM " + s + ".chats"), "2 0");
  EXPECT_EQ(schema.admin().scalar("SELECT string_agg(DISTINCT role || ' ' || visible_after_seq, ',') FROM " + s +
                                  ".chat_participants"),
            "0 0");
  EXPECT_EQ(schema.admin().scalar("SELECT string_agg(DISTINCT kind, ',') FROM " + s + ".messages"), "text");
  const Chat read = must(store->chat_by_id(chat.id), "chat_by_id");
  EXPECT_EQ(read.participants, chat.participants);
  EXPECT_EQ(read.last_seq, 3);
  EXPECT_FALSE(read.group.has_value());
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    before[i].change_seq = 0;  // undone with migration 9: the pin's change came before the feed
    conformance::expect_same_message(after[i], before[i]);
  }
  EXPECT_EQ(after[1].pinned_by, uuid(2));

  NewGroup group;
  group.id = uuid(30);
  group.info.title = "After the upgrade";
  group.at = kT0;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    Member m;
    m.user_id = uuid(i);
    m.role = i == 1 ? Role::kOwner : Role::kMember;
    group.members.push_back(m);
  }
  group.created = message_to(read, uuid(31), uuid(1), "created");
  group.created.chat_id = group.id;
  group.created.recipients.clear();
  group.created.kind = "system";
  group.created.system = R"({"type":"created"})";
  const GroupEdited created = must(store->create_group(group), "create_group");
  EXPECT_EQ(created.chat.group->member_count, 3);
  EXPECT_EQ(must(store->member(group.id, uuid(3)), "member").position, 2);
  EXPECT_EQ(must(store->message_by_id(uuid(31)), "message").system, group.created.system);
  Invite invite;
  invite.token = "tok-upgrade-aaaaaaaaaa";
  invite.chat_id = group.id;
  invite.created_by = uuid(1);
  invite.created_at = kT0;
  EXPECT_EQ(must(store->create_invite(invite, 10), "create_invite"), invite) << "migration 8 made the invites";
}

// A database of the release before edits (schema version 8) with a private chat, its messages
// and a pin: migration 9 keeps them as they were, with nothing changed yet (change_seq 0, no
// edits, no deletions); and edits, deletions and the change feed work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeSearchAndIndexesItsMessagesInBatches) {
  TestSchema schema;
  const auto& s = schema.name();
  {
    auto store = open_postgres_store(schema.url());
    three_messages(*store);
  }
  ASSERT_NO_FATAL_FAILURE(back_to(schema, without_search(s), 14));

  auto store = open_postgres_store(schema.url());
  MessageSearch q;
  q.viewer = uuid(2);
  q.all = {" m "};
  EXPECT_TRUE(must(store->search_messages(q), "search").empty()) << "not indexed yet";
  EXPECT_EQ(must(store->index_pending_messages(2), "index").pending, 1U);
  EXPECT_EQ(must(store->search_messages(q), "search").size(), 2U);
  store.reset();
  store = open_postgres_store(schema.url());
  const auto last = must(store->index_pending_messages(2), "index");
  EXPECT_EQ(last.indexed, 1U);
  EXPECT_EQ(last.pending, 0U);
  const auto all = must(store->search_messages(q), "search");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].message.id, uuid(22)) << "newest first: the order they were sent in";
}

TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeEdits) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    chat = three_messages(*store);
    must(store->pin(uuid(21), uuid(2), kT0 + 1, 10), "pin");
    before = all_messages(*store, chat.id);
  }
  ASSERT_NO_FATAL_FAILURE(back_to(schema, without_lifecycle(s), 8));

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  EXPECT_EQ(must(store->chat_by_id(chat.id), "chat_by_id").change_seq, 0);
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    before[i].change_seq = 0;  // the pin's change came before the feed
    conformance::expect_same_message(after[i], before[i]);
  }
  EXPECT_EQ(after[1].pinned_by, uuid(2));

  const Message edited = must(store->edit_message(uuid(20), "edited", kT0 + 2), "edit_message");
  EXPECT_EQ(edited.change_seq, 1);
  EXPECT_EQ(must(store->message_versions(uuid(20)), "message_versions"),
            (std::vector<TextVersion>{{"m", before[0].created_at}, {"edited", kT0 + 2}}));
  must(store->delete_messages(chat.id, {uuid(21)}, uuid(1), kT0 + 3), "delete_messages");
  EXPECT_EQ(must(store->hide_messages(chat.id, uuid(2), {uuid(22)}, kT0 + 4), "hide_messages"), 3);
  ChangeQuery q;
  q.viewer = uuid(2);
  const auto page = must(store->changes(chat.id, q), "changes");
  ASSERT_EQ(page.messages.size(), 2U);
  EXPECT_EQ(page.messages[1].id, uuid(21));
  EXPECT_FALSE(page.messages[1].pinned_at.has_value());
  EXPECT_EQ(page.hidden, std::vector<std::string>{uuid(22)});
  EXPECT_EQ(page.until, 3);
}

// A database of the release before threads (schema version 9) with a private chat, its
// messages, an edit and a deletion: migration 10 keeps them as they were (no replies, no
// threads), and thread replies work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeThreads) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    chat = three_messages(*store);
    must(store->edit_message(uuid(20), "edited", kT0 + 1), "edit_message");
    must(store->delete_messages(chat.id, {uuid(21)}, uuid(1), kT0 + 2), "delete_messages");
    before = all_messages(*store, chat.id);
  }
  ASSERT_NO_FATAL_FAILURE(back_to(schema, without_threads(s), 9));

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) conformance::expect_same_message(after[i], before[i]);

  NewMessage reply = message_to(chat, uuid(30), uuid(2), "in the thread");
  reply.thread_root_id = uuid(20);
  const Appended appended = must(std::move(store->append_messages({reply})[0]), "append");
  ASSERT_TRUE(appended.thread_root.has_value());
  EXPECT_EQ(appended.thread_root->thread_count, 1);
  EXPECT_EQ(appended.thread_root->thread_participants, std::vector<std::string>{uuid(2)});
  EXPECT_EQ(appended.thread_root->change_seq, 3) << "after the edit's and the deletion's";
  FollowedQuery q;
  q.user_id = uuid(1);
  const auto followed = must(store->followed_threads(q), "followed_threads");
  ASSERT_EQ(followed.size(), 1U);
  EXPECT_EQ(followed[0].unread, 1);
}

// A database of the release before reactions (schema version 10) with a private chat, its
// messages, an edit, a deletion and a thread reply: migration 11 keeps them as they were (no
// reactions), and reactions work afterwards.
TEST(PostgresStore, UpgradesASchemaOfTheReleaseBeforeReactions) {
  TestSchema schema;
  const auto& s = schema.name();
  Chat chat;
  std::vector<Message> before;
  {
    auto store = open_postgres_store(schema.url());
    chat = three_messages(*store);
    must(store->edit_message(uuid(20), "edited", kT0 + 1), "edit_message");
    must(store->delete_messages(chat.id, {uuid(21)}, uuid(1), kT0 + 2), "delete_messages");
    NewMessage reply = message_to(chat, uuid(30), uuid(2), "in the thread");
    reply.thread_root_id = uuid(20);
    must(std::move(store->append_messages({reply})[0]), "append");
    before = all_messages(*store, chat.id);
  }
  ASSERT_NO_FATAL_FAILURE(back_to(schema, without_reactions(s), 10));

  auto store = open_postgres_store(schema.url());
  EXPECT_EQ(schema.admin().scalar("SELECT MAX(version) FROM " + s + ".schema_version"),
            std::to_string(postgres::latest_schema_version()));
  const auto after = all_messages(*store, chat.id);
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) conformance::expect_same_message(after[i], before[i]);

  ReactionChange change;
  change.message_id = uuid(20);
  change.user_id = uuid(2);
  change.emoji = "👍";
  change.at = kT0 + 3;
  const Reacted reacted = must(store->react(change), "react");
  EXPECT_EQ(reacted.message.reactions, (std::vector<ReactionCount>{{"👍", 1}}));
  EXPECT_EQ(reacted.message.change_seq, 4) << "after the edit's, the deletion's and the reply's";
  EXPECT_EQ(reacted.author_unread, 1);
  EXPECT_EQ(must(store->unread_reactions(uuid(1)), "unread_reactions"),
            (std::vector<UnreadReactions>{{chat.id, 1, uuid(20)}}));
}

TEST(PostgresStore, RefusesASchemaNewerThanItsCode) {
  TestSchema schema;
  open_postgres_store(schema.url()).reset();
  schema.admin().scalar("INSERT INTO " + schema.name() + ".schema_version (version, applied_at) VALUES (9999, 0)");
  try {
    open_postgres_store(schema.url());
    FAIL() << "opened a schema from the future";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("9999"), std::string::npos) << e.what();
  }
}

TEST(PostgresSchema, AStepOutsideATransactionRunsAsSuch) {
  // CREATE INDEX CONCURRENTLY fails inside a transaction block: this list migrates only when
  // step 2 runs outside one, and each step is recorded.
  TestSchema schema;
  auto db = postgres::Connection::open(schema.url(), {});
  const std::array<postgres::Migration, 3> steps{{
      {1, "a table", "CREATE TABLE live (id text PRIMARY KEY, chat_id text NOT NULL)"},
      {2, "an index built without locking writes",
       "CREATE INDEX CONCURRENTLY IF NOT EXISTS live_by_chat ON live (chat_id)", nullptr, true},
      {3, "a column", "ALTER TABLE live ADD COLUMN note text"},
  }};
  EXPECT_EQ(postgres::migrate(*db, steps), 0);
  EXPECT_EQ(schema.admin().scalar("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + schema.name() +
                                  ".schema_version"),
            "1,2,3");
  EXPECT_EQ(schema.admin().scalar("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'live_by_chat' "
                                  "AND n.nspname = '" +
                                  schema.name() + "'"),
            "t");
  EXPECT_EQ(postgres::migrate(*db, steps), 3);  // current: nothing runs again
  // Inside a transaction the same step fails, so the test above proves the difference.
  const std::array<postgres::Migration, 1> inside{{
      {1, "an index in a transaction", "CREATE INDEX CONCURRENTLY other_by_chat ON live (chat_id)"},
  }};
  TestSchema other;
  auto db2 = postgres::Connection::open(other.url(), {});
  other.admin().scalar("CREATE TABLE " + other.name() + ".live (id text PRIMARY KEY, chat_id text NOT NULL)");
  EXPECT_THROW(postgres::migrate(*db2, inside), std::runtime_error);
}

}  // namespace
}  // namespace parley::store
