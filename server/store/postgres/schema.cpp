#include "store/postgres/schema.hpp"

#include "store/postgres/postgres_store_impl.hpp"

#include "util/text_fold.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>

namespace parley::store::postgres {
namespace {

// Migration 3: the directory's search keys of the users created before it. A thousand rows
// per statement, so a large table is not read into memory at once.
void fill_search_keys(Connection& db) {
  static constexpr std::string_view kMissing =
      "SELECT id, name, email FROM users WHERE name_key IS NULL ORDER BY id LIMIT 1000";
  static constexpr std::string_view kSet =
      "UPDATE users SET name_key = $2::text, email_key = $3::text WHERE id = $1::text";
  for (;;) {
    auto rows = db.query(kMissing, Params(), Plan::kEachTime);
    if (!rows) throw std::runtime_error("PostgreSQL: cannot read users: " + rows.error().message);
    if (rows->empty()) return;
    for (int i = 0; i < rows->size(); ++i) {
      auto r = db.query(
          kSet, Params(rows->text(i, 0), util::search_fold(rows->text(i, 1)), util::search_fold(rows->text(i, 2))),
          Plan::kEachTime);
      if (!r) throw std::runtime_error("PostgreSQL: cannot set a search key: " + r.error().message);
    }
  }
}

// Migration 16: the words of the names of the users created before it.
void fill_user_words(Connection& db) {
  auto users = db.query("SELECT id, name, email FROM users", Params(), Plan::kEachTime);
  if (!users) throw std::runtime_error("PostgreSQL: cannot read users: " + users.error().message);
  for (int i = 0; i < users->size(); ++i) {
    if (!index_user_words(db, users->text(i, 0), users->text(i, 1), users->text(i, 2))) {
      throw std::runtime_error("PostgreSQL: cannot index a user's words");
    }
  }
}

// Append new migrations at the end; never edit one that has been released. Ids are text (the
// caller's UUID strings, returned exactly as given); times are epoch milliseconds.
constexpr std::array kMigrations{
    Migration{1, "users, sessions, chats, messages, statuses, pins", R"sql(
CREATE TABLE users (
  id            text PRIMARY KEY,
  email         text NOT NULL,
  name          text NOT NULL,
  password_hash text NOT NULL,
  created_at    bigint NOT NULL,
  last_seen     bigint
);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_name ON users (name COLLATE "C", id);

CREATE TABLE sessions (
  id         text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  revoked    boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_user ON sessions (user_id);

-- A private chat keeps its two participants ordered (pair_low < pair_high), so the pair is
-- unique whichever of them asked first. Other kinds leave both NULL. The row is also the
-- chat's lock: appends take it (UPDATE of last_seq), so seq follows commit order.
CREATE TABLE chats (
  id         text PRIMARY KEY,
  kind       text NOT NULL,
  pair_low   text REFERENCES users (id),
  pair_high  text REFERENCES users (id),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  last_seq   bigint NOT NULL DEFAULT 0,
  CHECK ((pair_low IS NULL) = (pair_high IS NULL) AND (pair_low IS NULL OR pair_low < pair_high))
);
CREATE UNIQUE INDEX chats_pair ON chats (pair_low, pair_high) WHERE pair_low IS NOT NULL;

CREATE TABLE chat_participants (
  chat_id  text NOT NULL REFERENCES chats (id),
  user_id  text NOT NULL REFERENCES users (id),
  position integer NOT NULL,
  added_at bigint NOT NULL,
  PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_participants_user ON chat_participants (user_id, chat_id);

-- status is the lowest status over the message's recipients (0 SENT, 1 DELIVERED, 2 READ).
-- forwarded_from_id and original_sender_id are kept as given: history, not references.
CREATE TABLE messages (
  id                 text PRIMARY KEY,
  chat_id            text NOT NULL REFERENCES chats (id),
  sender_id          text NOT NULL REFERENCES users (id),
  content            text NOT NULL,
  seq                bigint NOT NULL,
  created_at         bigint NOT NULL,
  client_message_id  text,
  status             smallint NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),
  pinned_at          bigint,
  pinned_by          text REFERENCES users (id),
  forwarded_from_id  text,
  original_sender_id text
);
CREATE UNIQUE INDEX messages_chat_seq ON messages (chat_id, seq);
CREATE UNIQUE INDEX messages_client_id ON messages (sender_id, client_message_id)
  WHERE client_message_id IS NOT NULL;
CREATE INDEX messages_pinned ON messages (chat_id, pinned_at) WHERE pinned_at IS NOT NULL;

-- One row per recipient. chat_id and seq repeat the message's so that "everything of this
-- user in this chat below READ up to seq N" is one range of message_status_user.
CREATE TABLE message_status (
  message_id text NOT NULL REFERENCES messages (id),
  user_id    text NOT NULL REFERENCES users (id),
  chat_id    text NOT NULL,
  seq        bigint NOT NULL,
  status     smallint NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),
  updated_at bigint NOT NULL,
  PRIMARY KEY (message_id, user_id)
);
CREATE INDEX message_status_user ON message_status (user_id, chat_id, status, seq);
)sql"},
    Migration{2, "the transactional outbox", R"sql(
-- Events waiting for the relay (docs/events.md). payload is json, not jsonb, so that it is
-- kept byte for byte as the builders wrote it.
CREATE TABLE outbox (
  position bigserial PRIMARY KEY,
  id       uuid NOT NULL,
  type     text NOT NULL,
  key      text NOT NULL,
  payload  json NOT NULL,
  at       bigint NOT NULL
);
)sql"},
    Migration{3, "account checks and their report", R"sql(
-- Checks of the accounts stored before a change of the account rules; the server runs the
-- unfinished ones at start-up (server/chat/account_check.hpp) and sets done_at.
CREATE TABLE account_checks (
  name    text PRIMARY KEY,
  done_at bigint
);

-- What the checks found and left to a person: accounts whose emails normalize to one address
-- (kept apart, never merged), and stored emails that break the rules of new accounts.
CREATE TABLE account_issues (
  id              bigserial PRIMARY KEY,
  user_id         text NOT NULL REFERENCES users (id),
  email           text NOT NULL,
  canonical_email text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('collision', 'refused')),
  detail          text NOT NULL,
  found_at        bigint NOT NULL
);
CREATE INDEX account_issues_user ON account_issues (user_id);

-- Emails are compared in a Unicode-normalized form from now on (server/chat/account_rules.hpp).
INSERT INTO account_checks (name) VALUES ('emails-v1');
)sql"},
    Migration{4, "the user directory's search keys", R"sql(
-- util::search_fold of name and email (Unicode case folding, computed by parley, which fills
-- them for existing users after this script), compared bytewise as in SQLite. The directory
-- pages by (name_key, id).
ALTER TABLE users ADD COLUMN name_key text COLLATE "C";
ALTER TABLE users ADD COLUMN email_key text COLLATE "C";
CREATE INDEX users_directory ON users (name_key, id COLLATE "C");
)sql",
              fill_search_keys},
    Migration{5, "settings shared by the processes of a database", R"sql(
-- The token signing secret of a cluster whose processes share the database (name
-- 'jwt_secret'); whoever writes first wins (store.hpp, shared_setting).
CREATE TABLE server_settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
)sql"},
    Migration{6, "background jobs", R"sql(
-- The job queue (store/job_store.hpp): a job waits queued until run_at, is leased to one
-- runner while running (lease_owner until lease_until), and ends done or failed. Runners of
-- every process claim with FOR UPDATE SKIP LOCKED. payload is json, kept as given.
CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind <> ''),
  payload      json NOT NULL,
  run_at       bigint NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL CHECK (max_attempts >= 1),
  state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  lease_owner  text,
  lease_until  bigint,
  last_error   text,
  created_at   bigint NOT NULL,
  finished_at  bigint,
  dedupe_key   text,
  CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'failed');
)sql"},
    Migration{7, "group chats: info, settings, roles, watermarks, system messages", R"sql(
-- A group's info and settings (NULL or the defaults for private chats). perm_*: who may send,
-- add members, edit the info, pin: 0 everyone, 1 admins. version rises with every change to
-- the group (store/groups.hpp); 0 for private chats. member_count counts chat_participants.
-- The floors are the lowest delivered / read watermark over the members (a group message's
-- status), kept with every change of watermarks and members.
-- Every new column has a constant default, so adding it rewrites no table; the CHECKs are
-- added NOT VALID, so that they hold for new rows without scanning the old ones, which all
-- have the default.
ALTER TABLE chats
  ADD COLUMN title             text,
  ADD COLUMN description       text,
  ADD COLUMN avatar_color      text,
  ADD COLUMN perm_send         smallint NOT NULL DEFAULT 0,
  ADD COLUMN perm_add          smallint NOT NULL DEFAULT 0,
  ADD COLUMN perm_edit_info    smallint NOT NULL DEFAULT 1,
  ADD COLUMN perm_pin          smallint NOT NULL DEFAULT 0,
  ADD COLUMN history_visible   boolean NOT NULL DEFAULT true,
  ADD COLUMN slow_mode_seconds bigint NOT NULL DEFAULT 0,
  ADD COLUMN member_limit      bigint NOT NULL DEFAULT 0,
  ADD COLUMN member_count      bigint NOT NULL DEFAULT 0,
  ADD COLUMN version           bigint NOT NULL DEFAULT 0,
  ADD COLUMN delivered_floor   bigint NOT NULL DEFAULT 0,
  ADD COLUMN read_floor        bigint NOT NULL DEFAULT 0;
ALTER TABLE chats ADD CONSTRAINT chats_perms
  CHECK (perm_send IN (0, 1) AND perm_add IN (0, 1) AND perm_edit_info IN (0, 1) AND perm_pin IN (0, 1)) NOT VALID;
UPDATE chats c SET member_count = p.n
  FROM (SELECT chat_id, COUNT(*) AS n FROM chat_participants GROUP BY chat_id) p WHERE p.chat_id = c.id;

-- position is the join order. role: 0 member, 1 admin, 2 owner. A member sees the messages
-- with seq above visible_after_seq; delivered_seq and read_seq are the member's watermarks in
-- a group, delivered_at and read_at when each last rose; last_sent_at is the time of their
-- last message (slow mode). The watermarks' indexes give the floors (their MIN) and a
-- message's receipts.
ALTER TABLE chat_participants
  ADD COLUMN role              smallint NOT NULL DEFAULT 0,
  ADD COLUMN visible_after_seq bigint NOT NULL DEFAULT 0,
  ADD COLUMN delivered_seq     bigint NOT NULL DEFAULT 0,
  ADD COLUMN read_seq          bigint NOT NULL DEFAULT 0,
  ADD COLUMN delivered_at      bigint NOT NULL DEFAULT 0,
  ADD COLUMN read_at           bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_sent_at      bigint NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD CONSTRAINT chat_participants_role_range CHECK (role BETWEEN 0 AND 2) NOT VALID;
CREATE INDEX chat_participants_order ON chat_participants (chat_id, position);
CREATE INDEX chat_participants_role ON chat_participants (chat_id, role, position);
CREATE INDEX chat_participants_delivered ON chat_participants (chat_id, delivered_seq);
CREATE INDEX chat_participants_read ON chat_participants (chat_id, read_seq);

-- kind 'system': a change of the chat told in its timeline; system holds what changed, a JSON
-- object kept as text byte for byte (the cast checks that it is JSON).
ALTER TABLE messages
  ADD COLUMN kind   text NOT NULL DEFAULT 'text',
  ADD COLUMN system text;
ALTER TABLE messages ADD CONSTRAINT messages_kind
  CHECK (kind IN ('text', 'system') AND (system IS NULL OR system::json IS NOT NULL)) NOT VALID;
)sql"},
    Migration{8, "invite links of groups", R"sql(
-- An invite link of a group: whoever holds the token may join while it is usable (not
-- revoked, before expires_at, fewer than max_uses uses). 0 in expires_at, max_uses and
-- revoked_at: never, no limit, not revoked. Tokens compare bytewise, as in SQLite (a group's
-- invites of one time are listed by token).
CREATE TABLE group_invites (
  token      text COLLATE "C" PRIMARY KEY,
  chat_id    text NOT NULL REFERENCES chats (id),
  created_by text NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL DEFAULT 0,
  max_uses   bigint NOT NULL DEFAULT 0 CHECK (max_uses >= 0),
  uses       bigint NOT NULL DEFAULT 0 CHECK (uses >= 0),
  revoked_at bigint NOT NULL DEFAULT 0
);
CREATE INDEX group_invites_chat ON group_invites (chat_id, created_at);
)sql"},
    Migration{9, "edits, deletions and the change feed", R"sql(
-- Messages after they are sent. An edit keeps the text it replaces in message_versions
-- (version 0: as sent; written_at: when that text was written). Deletion for everyone leaves
-- a tombstone (empty content, deleted_at, deleted_by; no versions, no pin); deletion for
-- oneself is a row of hidden_messages. The change feed: chats.change_seq rises by one with
-- every such change (and with pins), and the changed message or hidden row keeps the value.
-- Raising it takes the chat's row lock, so change_seqs follow commit order within a chat.
-- The new columns have constant defaults (no table is rewritten); the partial index holds
-- only the messages changed, none when it is built.
ALTER TABLE chats ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE messages
  ADD COLUMN edited_at  bigint,
  ADD COLUMN edit_count bigint NOT NULL DEFAULT 0,
  ADD COLUMN deleted_at bigint,
  ADD COLUMN deleted_by text,
  ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
CREATE INDEX messages_changes ON messages (chat_id, change_seq) WHERE change_seq > 0;
CREATE TABLE message_versions (
  message_id text NOT NULL REFERENCES messages (id),
  version    bigint NOT NULL,
  content    text NOT NULL,
  written_at bigint NOT NULL,
  PRIMARY KEY (message_id, version)
);
CREATE TABLE hidden_messages (
  user_id    text NOT NULL REFERENCES users (id),
  message_id text NOT NULL REFERENCES messages (id),
  chat_id    text NOT NULL,
  seq        bigint NOT NULL,
  change_seq bigint NOT NULL,
  hidden_at  bigint NOT NULL,
  PRIMARY KEY (user_id, message_id)
);
CREATE INDEX hidden_messages_seq ON hidden_messages (chat_id, user_id, seq);
CREATE INDEX hidden_messages_changes ON hidden_messages (chat_id, change_seq);
)sql"},
    Migration{10, "replies, quotes and threads; a group's edit window", R"sql(
-- A reply names the message it answers (reply_to_id, same chat) and may quote a fragment of
-- its text (quote, removed when that message is deleted for everyone). A thread reply names
-- its root (thread_root_id); also_to_chat shows it in the timeline too. A root keeps its
-- thread's summary: thread_count replies, the last at thread_last_at, the latest repliers in
-- thread_participants (newest first). Updating it locks the root's row, so concurrent replies
-- are all counted. thread_follows: who follows which thread (following false: stopped), and
-- up to which seq they read it. The new columns have constant defaults (no table is
-- rewritten); the partial indexes hold no row when they are built.
ALTER TABLE messages
  ADD COLUMN reply_to_id         text,
  ADD COLUMN quote               text,
  ADD COLUMN thread_root_id      text,
  ADD COLUMN also_to_chat        boolean NOT NULL DEFAULT false,
  ADD COLUMN thread_count        bigint NOT NULL DEFAULT 0,
  ADD COLUMN thread_last_at      bigint,
  ADD COLUMN thread_participants text[] NOT NULL DEFAULT '{}';
-- A group may allow editing for less time than the server does (0: the server's window).
ALTER TABLE chats ADD COLUMN edit_window_seconds bigint NOT NULL DEFAULT 0;
CREATE INDEX messages_thread ON messages (thread_root_id, seq) WHERE thread_root_id IS NOT NULL;
CREATE INDEX messages_replies ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;
CREATE TABLE thread_follows (
  user_id     text NOT NULL REFERENCES users (id),
  root_id     text NOT NULL REFERENCES messages (id),
  chat_id     text NOT NULL,
  read_seq    bigint NOT NULL,
  following   boolean NOT NULL DEFAULT true,
  followed_at bigint NOT NULL,
  PRIMARY KEY (user_id, root_id)
);
)sql"},
    Migration{11, "reactions, unread reactions, most used emoji", R"sql(
-- Who put which emoji on which message; the message keeps its counts in reactions ("emoji
-- count" lines by first use), recomputed from these rows by each change with the message's
-- row locked. unread_reactions: others' reactions on a user's messages they have not looked
-- at. emoji_use: each user's use of each emoji, for their picker. Ids and emoji sort bytewise
-- (COLLATE "C"), as in SQLite. The new column has a constant default (no table is rewritten).
ALTER TABLE messages ADD COLUMN reactions text NOT NULL DEFAULT '';
CREATE TABLE message_reactions (
  message_id text NOT NULL REFERENCES messages (id),
  user_id    text NOT NULL REFERENCES users (id),
  emoji      text NOT NULL,
  chat_id    text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
);
CREATE INDEX message_reactions_order
  ON message_reactions (message_id, created_at, user_id COLLATE "C", emoji COLLATE "C");
CREATE TABLE unread_reactions (
  user_id    text NOT NULL REFERENCES users (id),
  chat_id    text NOT NULL,
  message_id text NOT NULL REFERENCES messages (id),
  reactor_id text NOT NULL,
  emoji      text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (user_id, message_id, reactor_id, emoji)
);
CREATE INDEX unread_reactions_chat ON unread_reactions (user_id, chat_id, created_at);
CREATE INDEX unread_reactions_message ON unread_reactions (message_id);
CREATE TABLE emoji_use (
  user_id      text NOT NULL REFERENCES users (id),
  emoji        text NOT NULL,
  uses         bigint NOT NULL,
  last_used_at bigint NOT NULL,
  PRIMARY KEY (user_id, emoji)
);
)sql"},
    Migration{12, "privacy settings; reads without receipts", R"sql(
-- One row per user who changed the defaults (read receipts and typing on, last seen shared
-- with everybody: 0; 1 the people they chat with; 2 nobody), and their exceptions (share:
-- always, or never). message_status.quiet: this recipient read the message with receipts off,
-- so the message's status counts it as DELIVERED. receipt_seq: how far a group member's reads
-- count for the group's read floor and receipts (read_seq rises also with receipts off).
-- The new columns have constant defaults (no table is rewritten) but receipt_seq's first value.
CREATE TABLE user_privacy (
  user_id       text PRIMARY KEY REFERENCES users (id),
  read_receipts boolean NOT NULL,
  typing        boolean NOT NULL,
  last_seen     smallint NOT NULL CHECK (last_seen BETWEEN 0 AND 2)
);
CREATE TABLE privacy_exceptions (
  user_id  text NOT NULL REFERENCES users (id),
  other_id text NOT NULL REFERENCES users (id),
  share    boolean NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (user_id, other_id)
);
ALTER TABLE message_status ADD COLUMN quiet boolean NOT NULL DEFAULT false;
ALTER TABLE chat_participants ADD COLUMN receipt_seq bigint NOT NULL DEFAULT 0;
UPDATE chat_participants SET receipt_seq = read_seq WHERE read_seq <> 0;
CREATE INDEX chat_participants_receipt ON chat_participants (chat_id, receipt_seq);
)sql"},
    Migration{13, "custom emoji", R"sql(
-- A shortcode and its image (a few KiB), server-wide (scope '') or a group's (its chat id).
CREATE TABLE custom_emoji (
  id         text PRIMARY KEY,
  scope      text NOT NULL,
  shortcode  text NOT NULL,
  mime       text NOT NULL,
  image      text NOT NULL,  -- base64
  created_by text NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL
);
CREATE UNIQUE INDEX custom_emoji_name ON custom_emoji (scope, shortcode);
)sql"},
    Migration{14, "files: uploads, files, blobs, message attachments", R"sql(
-- As in the SQLite schema: uploads in progress and their parts (blobs), files and their blobs
-- by variant, blobs counted by use and kept once by content (sha256), blobs no longer used
-- waiting for removal, and which messages hold which files.
CREATE TABLE uploads (
  id         text PRIMARY KEY,
  owner_id   text NOT NULL REFERENCES users (id),
  length     bigint NOT NULL,
  name       text NOT NULL,
  mime       text NOT NULL,
  voice      boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX uploads_owner ON uploads (owner_id);
CREATE INDEX uploads_expiry ON uploads (expires_at);
CREATE TABLE upload_parts (
  upload_id text NOT NULL REFERENCES uploads (id),
  position  integer NOT NULL,
  blob_id   text NOT NULL,
  size      bigint NOT NULL,
  PRIMARY KEY (upload_id, position)
);
CREATE TABLE blobs (
  id     text PRIMARY KEY,
  sha256 text NOT NULL UNIQUE,
  size   bigint NOT NULL,
  refs   bigint NOT NULL
);
CREATE TABLE blob_garbage (
  blob_id text PRIMARY KEY,
  since   bigint NOT NULL
);
CREATE TABLE files (
  id         text PRIMARY KEY,
  owner_id   text NOT NULL REFERENCES users (id),
  name       text NOT NULL,
  kind       text NOT NULL,
  mime       text NOT NULL,
  size       bigint NOT NULL,
  attachment jsonb NOT NULL,
  created_at bigint NOT NULL,
  attached   boolean NOT NULL DEFAULT false
);
CREATE INDEX files_owner ON files (owner_id);
CREATE INDEX files_unattached ON files (created_at) WHERE NOT attached;
CREATE TABLE file_blobs (
  file_id text NOT NULL REFERENCES files (id),
  variant text NOT NULL,
  blob_id text NOT NULL REFERENCES blobs (id),
  mime    text NOT NULL,
  PRIMARY KEY (file_id, variant)
);
CREATE TABLE message_files (
  message_id text NOT NULL REFERENCES messages (id),
  file_id    text NOT NULL REFERENCES files (id),
  chat_id    text NOT NULL,
  PRIMARY KEY (message_id, file_id)
);
CREATE INDEX message_files_file ON message_files (file_id, chat_id);
ALTER TABLE messages ADD COLUMN attachments jsonb;
)sql"},
    Migration{15, "message search", R"sql(
-- Trigram indexes (pg_trgm, part of PostgreSQL's contrib): in public, made once per database
-- (stores in other schemas of the database wait for the first one).
SELECT pg_advisory_xact_lock(hashtextextended('parley.pg_trgm', 0));
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
-- The search index (store/search.hpp): a row per text message not deleted for everyone, with
-- its search form in body and what the filters need; flags 1: has a link, 2: has files. The
-- messages stored before this version get rows without a body, in the order they were sent,
-- which index_pending_messages fills a batch at a time.
CREATE TABLE message_search (
  position   bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE REFERENCES messages (id),
  chat_id    text NOT NULL,
  seq        bigint NOT NULL,
  sender_id  text NOT NULL,
  created_at bigint NOT NULL,
  flags      integer NOT NULL DEFAULT 0,
  body       text
);
CREATE INDEX message_search_chat ON message_search (chat_id, position);
CREATE INDEX message_search_sender ON message_search (sender_id, position);
CREATE INDEX message_search_pending ON message_search (position) WHERE body IS NULL;
-- body LIKE '%text%' through the trigrams of the bodies.
CREATE INDEX message_search_body ON message_search USING gin (body public.gin_trgm_ops);
INSERT INTO message_search (message_id, chat_id, seq, sender_id, created_at, flags)
  SELECT id, chat_id, seq, sender_id, created_at, CASE WHEN attachments IS NULL THEN 0 ELSE 2 END
  FROM messages WHERE kind = 'text' AND deleted_at IS NULL ORDER BY created_at, seq;
)sql"},
    Migration{16, "the words of users' names, for the chat switcher", R"sql(
-- Each word of a user's name (kind 0: the words of its search form, util/search_text.hpp) and
-- their folded email (kind 1), so that "the users with a word starting with ..." is a range of
-- the primary key (bytewise: COLLATE "C"). Filled for the users already there after this script.
CREATE TABLE user_words (
  word    text COLLATE "C" NOT NULL,
  kind    smallint NOT NULL CHECK (kind IN (0, 1)),
  user_id text COLLATE "C" NOT NULL REFERENCES users (id),
  PRIMARY KEY (kind, word, user_id)
);
CREATE INDEX user_words_user ON user_words (user_id);
)sql",
              fill_user_words},
    Migration{17, "the trigram index updated in batches", R"sql(
-- New rows reach the GIN index through its pending list, merged into the index in batches (by
-- VACUUM, or by the insert that fills the list): a send pays for one list entry, not for a
-- posting per trigram. PostgreSQL's default, made explicit here, with a 4 MiB list; a search
-- reads the list as well, so nothing is missed meanwhile.
ALTER INDEX message_search_body SET (fastupdate = on, gin_pending_list_limit = 4096);
)sql"},
};

// One lock per schema, so that stores in different schemas of a database migrate in parallel.
constexpr const char* kLock =
    "SELECT pg_advisory_lock(hashtextextended('parley.migrate.' || COALESCE(current_schema(), ''), 0))";
constexpr const char* kUnlock =
    "SELECT pg_advisory_unlock(hashtextextended('parley.migrate.' || COALESCE(current_schema(), ''), 0))";

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version    integer PRIMARY KEY,
  applied_at bigint NOT NULL
)
)sql";

constexpr std::string_view kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
constexpr std::string_view kRecordVersion = "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)";

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int current_version(Connection& db) {
  auto rows = db.query(kCurrentVersion);
  if (!rows || rows->empty()) {
    throw std::runtime_error("PostgreSQL: cannot read the schema version" +
                             (rows ? std::string() : ": " + rows.error().message));
  }
  return static_cast<int>(rows->int64(0, 0));
}

void apply(Connection& db, const Migration& migration) {
  const std::string name = "migration " + std::to_string(migration.version) + " (" + migration.what + ")";
  if (migration.outside_transaction) {
    db.exec_or_throw(migration.sql, name);
    if (auto r = db.query(kRecordVersion, Params(migration.version, now_ms())); !r) {
      throw std::runtime_error("PostgreSQL: cannot record schema version: " + r.error().message);
    }
    return;
  }
  db.exec_or_throw("BEGIN", "start " + name);
  try {
    db.exec_or_throw(migration.sql, name);
    if (migration.then != nullptr) migration.then(db);
    if (auto r = db.query(kRecordVersion, Params(migration.version, now_ms())); !r) {
      throw std::runtime_error("PostgreSQL: cannot record schema version: " + r.error().message);
    }
    db.exec_or_throw("COMMIT", "commit " + name);
  } catch (...) {
    if (!db.broken()) {
      try {
        db.exec_or_throw("ROLLBACK", "roll back " + name);
      } catch (const std::runtime_error&) {  // the first error is the one to report
      }
    }
    throw;
  }
}

int migrate_locked(Connection& db, std::span<const Migration> migrations) {
  db.exec_or_throw(kCreateVersionTable, "create schema_version");
  const int before = current_version(db);
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (before > latest) {
    throw std::runtime_error("PostgreSQL: the database has schema version " + std::to_string(before) +
                             ", newer than this build of parley knows (" + std::to_string(latest) + ")");
  }
  for (const auto& migration : migrations) {
    if (migration.version > before) apply(db, migration);
  }
  return before;
}

}  // namespace

int latest_schema_version() { return kMigrations.back().version; }

std::vector<std::pair<int, std::string>> migration_steps() {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& m : kMigrations) out.emplace_back(m.version, m.what);
  return out;
}

int migrate(Connection& db) { return migrate(db, kMigrations); }

int migrate(Connection& db, std::span<const Migration> migrations) {
  // A session lock, held across the migrations' own transactions; the connection's end would
  // release it too.
  db.exec_or_throw(kLock, "lock the schema for migration");
  try {
    const int before = migrate_locked(db, migrations);
    db.exec_or_throw(kUnlock, "unlock the schema");
    return before;
  } catch (...) {
    if (!db.broken()) {
      try {
        db.exec_or_throw(kUnlock, "unlock the schema");
      } catch (const std::runtime_error&) {  // the first error is the one to report
      }
    }
    throw;
  }
}

}  // namespace parley::store::postgres
