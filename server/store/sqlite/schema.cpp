#include "store/sqlite/schema.hpp"

#include "store/sqlite/sqlite_store_impl.hpp"

#include "util/text_fold.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::store::sqlite {
namespace {

struct Migration {
  int version = 0;
  const char* what = nullptr;
  const char* sql = nullptr;
  // Runs after `sql` in the same transaction, for data that SQL alone cannot compute.
  void (*then)(Connection& db) = nullptr;
};

// Migration 3: the directory's search keys of the users created before it. A thousand rows
// per statement, so a large table is not read into memory at once.
void fill_search_keys(Connection& db) {
  static constexpr std::string_view kMissing = "SELECT id, name, email FROM users WHERE name_key IS NULL LIMIT 1000";
  static constexpr std::string_view kSet = "UPDATE users SET name_key = ?2, email_key = ?3 WHERE id = ?1";
  for (;;) {
    std::vector<std::array<std::string, 3>> rows;
    {
      Query q(db, kMissing);
      while (q.next()) rows.push_back({q.text(0), q.text(1), q.text(2)});
      if (q.failed()) throw std::runtime_error("SQLite: cannot read users: " + db.error_message());
    }
    if (rows.empty()) return;
    for (const auto& [id, name, email] : rows) {
      Query q(db, kSet);
      if (!q.bind(id, util::search_fold(name), util::search_fold(email)).run()) {
        throw std::runtime_error("SQLite: cannot set a search key: " + db.error_message());
      }
    }
  }
}

// Migration 16: the words of the names of the users created before it.
void fill_user_words(Connection& db) {
  static constexpr std::string_view kUsers = "SELECT id, name, email FROM users";
  std::vector<std::array<std::string, 3>> users;
  {
    Query q(db, kUsers);
    while (q.next()) users.push_back({q.text(0), q.text(1), q.text(2)});
    if (q.failed()) throw std::runtime_error("SQLite: cannot read users: " + db.error_message());
  }
  for (const auto& [id, name, email] : users) {
    if (!index_user_words(db, id, name, email)) {
      throw std::runtime_error("SQLite: cannot index a user's words: " + db.error_message());
    }
  }
}

// Append new migrations at the end; never edit one that has been released.
constexpr std::array kMigrations{
    Migration{1, "users, sessions, chats, messages, statuses, pins", R"sql(
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen     INTEGER
) STRICT;
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_name ON users (name, id);

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- A private chat keeps its two participants ordered (pair_low < pair_high), so the pair is
-- unique whichever of them asked first. Other kinds leave both NULL.
CREATE TABLE chats (
  id         TEXT PRIMARY KEY,
  kind       TEXT NOT NULL,
  pair_low   TEXT REFERENCES users (id),
  pair_high  TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_seq   INTEGER NOT NULL DEFAULT 0,
  CHECK ((pair_low IS NULL) = (pair_high IS NULL) AND (pair_low IS NULL OR pair_low < pair_high))
) STRICT;
CREATE UNIQUE INDEX chats_pair ON chats (pair_low, pair_high) WHERE pair_low IS NOT NULL;

CREATE TABLE chat_participants (
  chat_id  TEXT NOT NULL REFERENCES chats (id),
  user_id  TEXT NOT NULL REFERENCES users (id),
  position INTEGER NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (chat_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX chat_participants_user ON chat_participants (user_id, chat_id);

-- status is the lowest status over the message's recipients (0 SENT, 1 DELIVERED, 2 READ).
-- forwarded_from_id and original_sender_id are kept as given: history, not references.
CREATE TABLE messages (
  id                 TEXT PRIMARY KEY,
  chat_id            TEXT NOT NULL REFERENCES chats (id),
  sender_id          TEXT NOT NULL REFERENCES users (id),
  content            TEXT NOT NULL,
  seq                INTEGER NOT NULL,
  created_at         INTEGER NOT NULL,
  client_message_id  TEXT,
  status             INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),
  pinned_at          INTEGER,
  pinned_by          TEXT REFERENCES users (id),
  forwarded_from_id  TEXT,
  original_sender_id TEXT
) STRICT;
CREATE UNIQUE INDEX messages_chat_seq ON messages (chat_id, seq);
CREATE UNIQUE INDEX messages_client_id ON messages (sender_id, client_message_id)
  WHERE client_message_id IS NOT NULL;
CREATE INDEX messages_pinned ON messages (chat_id, pinned_at) WHERE pinned_at IS NOT NULL;

-- One row per recipient. chat_id and seq repeat the message's so that "everything of this
-- user in this chat below READ up to seq N" is one range of message_status_user.
CREATE TABLE message_status (
  message_id TEXT NOT NULL REFERENCES messages (id),
  user_id    TEXT NOT NULL REFERENCES users (id),
  chat_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  status     INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_status_user ON message_status (user_id, chat_id, status, seq);
)sql"},
    Migration{2, "the transactional outbox", R"sql(
-- Events waiting for the relay, in commit order (position). AUTOINCREMENT: a position is never
-- reused, even after the newest rows were relayed and removed.
CREATE TABLE outbox (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  id       TEXT NOT NULL,
  type     TEXT NOT NULL,
  key      TEXT NOT NULL,
  payload  TEXT NOT NULL,
  at       INTEGER NOT NULL
) STRICT;
)sql"},
    Migration{3, "account checks and their report", R"sql(
-- Checks of the accounts stored before a change of the account rules; the server runs the
-- unfinished ones at start-up (server/chat/account_check.hpp) and sets done_at.
CREATE TABLE account_checks (
  name    TEXT PRIMARY KEY,
  done_at INTEGER
) STRICT;

-- What the checks found and left to a person: accounts whose emails normalize to one address
-- (kept apart, never merged), and stored emails that break the rules of new accounts.
CREATE TABLE account_issues (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id         TEXT NOT NULL REFERENCES users (id),
  email           TEXT NOT NULL,
  canonical_email TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('collision', 'refused')),
  detail          TEXT NOT NULL,
  found_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX account_issues_user ON account_issues (user_id);

-- Emails are compared in a Unicode-normalized form from now on (server/chat/account_rules.hpp).
INSERT INTO account_checks (name) VALUES ('emails-v1');
)sql"},
    Migration{4, "the user directory's search keys", R"sql(
-- util::search_fold of name and email (Unicode case folding, computed by parley, which fills
-- them for existing users after this script). The directory pages by (name_key, id).
ALTER TABLE users ADD COLUMN name_key TEXT;
ALTER TABLE users ADD COLUMN email_key TEXT;
CREATE INDEX users_directory ON users (name_key, id);
)sql",
              fill_search_keys},
    Migration{5, "settings shared by the processes of a database", R"sql(
-- The token signing secret of a cluster whose processes share the database (name
-- 'jwt_secret'); whoever writes first wins (store.hpp, shared_setting).
CREATE TABLE server_settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
    Migration{6, "background jobs", R"sql(
-- The job queue (store/job_store.hpp): a job waits queued until run_at, is leased to one
-- runner while running (lease_owner until lease_until), and ends done or failed. AUTOINCREMENT:
-- an id is never reused, so a runner holding an old id cannot touch a newer job.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind <> ''),
  payload      TEXT NOT NULL CHECK (json_valid(payload)),
  run_at       INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  lease_owner  TEXT,
  lease_until  INTEGER,
  last_error   TEXT,
  created_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  dedupe_key   TEXT,
  CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'failed');
)sql"},
    Migration{7, "group chats: info, settings, roles, watermarks, system messages", R"sql(
-- A group's info and settings (NULL or 0 for private chats). perm_*: who may send, add
-- members, edit the info, pin: 0 everyone, 1 admins. version rises with every change to the
-- group (store/groups.hpp). member_count counts chat_participants. The floors are the lowest
-- delivered / read watermark over the members.
ALTER TABLE chats ADD COLUMN title TEXT;
ALTER TABLE chats ADD COLUMN description TEXT;
ALTER TABLE chats ADD COLUMN avatar_color TEXT;
ALTER TABLE chats ADD COLUMN perm_send INTEGER NOT NULL DEFAULT 0 CHECK (perm_send IN (0, 1));
ALTER TABLE chats ADD COLUMN perm_add INTEGER NOT NULL DEFAULT 0 CHECK (perm_add IN (0, 1));
ALTER TABLE chats ADD COLUMN perm_edit_info INTEGER NOT NULL DEFAULT 1 CHECK (perm_edit_info IN (0, 1));
ALTER TABLE chats ADD COLUMN perm_pin INTEGER NOT NULL DEFAULT 0 CHECK (perm_pin IN (0, 1));
ALTER TABLE chats ADD COLUMN history_visible INTEGER NOT NULL DEFAULT 1;
ALTER TABLE chats ADD COLUMN slow_mode_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN member_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN delivered_floor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN read_floor INTEGER NOT NULL DEFAULT 0;
UPDATE chats SET member_count = (SELECT COUNT(*) FROM chat_participants p WHERE p.chat_id = chats.id);

-- role: 0 member, 1 admin, 2 owner. A member sees the messages with seq above
-- visible_after_seq; delivered_seq and read_seq are the member's watermarks in a group.
ALTER TABLE chat_participants ADD COLUMN role INTEGER NOT NULL DEFAULT 0 CHECK (role BETWEEN 0 AND 2);
ALTER TABLE chat_participants ADD COLUMN visible_after_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD COLUMN delivered_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD COLUMN delivered_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD COLUMN read_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD COLUMN last_sent_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX chat_participants_order ON chat_participants (chat_id, position);
CREATE INDEX chat_participants_role ON chat_participants (chat_id, role, position);
CREATE INDEX chat_participants_delivered ON chat_participants (chat_id, delivered_seq);
CREATE INDEX chat_participants_read ON chat_participants (chat_id, read_seq);

-- kind 'system': a change of the chat told in its timeline; system holds what changed (JSON).
ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'system'));
ALTER TABLE messages ADD COLUMN system TEXT CHECK (system IS NULL OR json_valid(system));
)sql"},
    Migration{8, "invite links of groups", R"sql(
-- An invite link of a group: whoever holds the token may join while it is usable (not
-- revoked, before expires_at, fewer than max_uses uses). 0 in expires_at, max_uses and
-- revoked_at: never, no limit, not revoked.
CREATE TABLE group_invites (
  token      TEXT PRIMARY KEY,
  chat_id    TEXT NOT NULL REFERENCES chats (id),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL DEFAULT 0,
  max_uses   INTEGER NOT NULL DEFAULT 0 CHECK (max_uses >= 0),
  uses       INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
  revoked_at INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE INDEX group_invites_chat ON group_invites (chat_id, created_at);
)sql"},
    Migration{9, "edits, deletions and the change feed", R"sql(
-- Messages after they are sent. An edit keeps the text it replaces in message_versions
-- (version 0: as sent; written_at: when that text was written). Deletion for everyone leaves
-- a tombstone (empty content, deleted_at, deleted_by; no versions, no pin); deletion for
-- oneself is a row of hidden_messages. The change feed: chats.change_seq rises by one with
-- every such change (and with pins), and the changed message or hidden row keeps the value.
ALTER TABLE chats ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_by TEXT;
ALTER TABLE messages ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_changes ON messages (chat_id, change_seq) WHERE change_seq > 0;
CREATE TABLE message_versions (
  message_id TEXT NOT NULL REFERENCES messages (id),
  version    INTEGER NOT NULL,
  content    TEXT NOT NULL,
  written_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, version)
) STRICT, WITHOUT ROWID;
CREATE TABLE hidden_messages (
  user_id    TEXT NOT NULL REFERENCES users (id),
  message_id TEXT NOT NULL REFERENCES messages (id),
  chat_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  change_seq INTEGER NOT NULL,
  hidden_at  INTEGER NOT NULL,
  PRIMARY KEY (user_id, message_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX hidden_messages_seq ON hidden_messages (chat_id, user_id, seq);
CREATE INDEX hidden_messages_changes ON hidden_messages (chat_id, change_seq);
)sql"},
    Migration{10, "replies, quotes and threads; a group's edit window", R"sql(
-- A reply names the message it answers (reply_to_id, same chat) and may quote a fragment of
-- its text (quote, removed when that message is deleted for everyone). A thread reply names
-- its root (thread_root_id); also_to_chat = 1 shows it in the timeline too. A root keeps its
-- thread's summary: thread_count replies, the last at thread_last_at, the latest repliers in
-- thread_participants (ids separated by spaces, newest first). thread_follows: who follows
-- which thread (following = 0: stopped), and up to which seq they read it.
ALTER TABLE messages ADD COLUMN reply_to_id TEXT;
ALTER TABLE messages ADD COLUMN quote TEXT;
ALTER TABLE messages ADD COLUMN thread_root_id TEXT;
ALTER TABLE messages ADD COLUMN also_to_chat INTEGER NOT NULL DEFAULT 0 CHECK (also_to_chat IN (0, 1));
ALTER TABLE messages ADD COLUMN thread_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN thread_last_at INTEGER;
ALTER TABLE messages ADD COLUMN thread_participants TEXT NOT NULL DEFAULT '';
-- A group may allow editing for less time than the server does (0: the server's window).
ALTER TABLE chats ADD COLUMN edit_window_seconds INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_thread ON messages (thread_root_id, seq) WHERE thread_root_id IS NOT NULL;
CREATE INDEX messages_replies ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;
CREATE TABLE thread_follows (
  user_id     TEXT NOT NULL REFERENCES users (id),
  root_id     TEXT NOT NULL REFERENCES messages (id),
  chat_id     TEXT NOT NULL,
  read_seq    INTEGER NOT NULL,
  following   INTEGER NOT NULL DEFAULT 1 CHECK (following IN (0, 1)),
  followed_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, root_id)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{11, "reactions, unread reactions, most used emoji", R"sql(
-- Who put which emoji on which message; the message keeps its counts in reactions ("emoji
-- count" lines by first use), recomputed from these rows by each change. unread_reactions:
-- others' reactions on a user's messages they have not looked at. emoji_use: each user's use
-- of each emoji, for their picker.
ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT '';
CREATE TABLE message_reactions (
  message_id TEXT NOT NULL REFERENCES messages (id),
  user_id    TEXT NOT NULL REFERENCES users (id),
  emoji      TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_reactions_order ON message_reactions (message_id, created_at, user_id, emoji);
CREATE TABLE unread_reactions (
  user_id    TEXT NOT NULL REFERENCES users (id),
  chat_id    TEXT NOT NULL,
  message_id TEXT NOT NULL REFERENCES messages (id),
  reactor_id TEXT NOT NULL,
  emoji      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, message_id, reactor_id, emoji)
) STRICT, WITHOUT ROWID;
CREATE INDEX unread_reactions_chat ON unread_reactions (user_id, chat_id, created_at);
CREATE INDEX unread_reactions_message ON unread_reactions (message_id);
CREATE TABLE emoji_use (
  user_id      TEXT NOT NULL REFERENCES users (id),
  emoji        TEXT NOT NULL,
  uses         INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, emoji)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{12, "privacy settings; reads without receipts", R"sql(
-- One row per user who changed the defaults (read receipts and typing on, last seen shared
-- with everybody: 0; 1 the people they chat with; 2 nobody), and their exceptions (share 1:
-- always, 0: never). message_status.quiet: this recipient read the message with receipts off,
-- so the message's status counts it as DELIVERED. receipt_seq: how far a group member's reads
-- count for the group's read floor and receipts (read_seq rises also with receipts off).
CREATE TABLE user_privacy (
  user_id       TEXT PRIMARY KEY REFERENCES users (id),
  read_receipts INTEGER NOT NULL CHECK (read_receipts IN (0, 1)),
  typing        INTEGER NOT NULL CHECK (typing IN (0, 1)),
  last_seen     INTEGER NOT NULL CHECK (last_seen BETWEEN 0 AND 2)
) STRICT, WITHOUT ROWID;
CREATE TABLE privacy_exceptions (
  user_id  TEXT NOT NULL REFERENCES users (id),
  other_id TEXT NOT NULL REFERENCES users (id),
  share    INTEGER NOT NULL CHECK (share IN (0, 1)),
  position INTEGER NOT NULL,
  PRIMARY KEY (user_id, other_id)
) STRICT, WITHOUT ROWID;
ALTER TABLE message_status ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_participants ADD COLUMN receipt_seq INTEGER NOT NULL DEFAULT 0;
UPDATE chat_participants SET receipt_seq = read_seq;
CREATE INDEX chat_participants_receipt ON chat_participants (chat_id, receipt_seq);
)sql"},
    Migration{13, "custom emoji", R"sql(
-- A shortcode and its image (a few KiB), server-wide (scope '') or a group's (its chat id).
CREATE TABLE custom_emoji (
  id         TEXT PRIMARY KEY,
  scope      TEXT NOT NULL,
  shortcode  TEXT NOT NULL,
  mime       TEXT NOT NULL,
  image      TEXT NOT NULL,  -- base64
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX custom_emoji_name ON custom_emoji (scope, shortcode);
)sql"},
    Migration{14, "files: uploads, files, blobs, message attachments", R"sql(
-- An upload in progress keeps its parts (blobs) in order; a finished one becomes the file with
-- the same id. Blobs are content-addressed (sha256) and counted (refs: file_blobs rows); a blob
-- no longer used waits in blob_garbage until the blob store has removed it. A message's
-- attachments are kept as the JSON array messages show (attachments) and as message_files
-- rows, which decide who may read a file and when it is removed.
CREATE TABLE uploads (
  id         TEXT PRIMARY KEY,
  owner_id   TEXT NOT NULL REFERENCES users (id),
  length     INTEGER NOT NULL,
  name       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  voice      INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX uploads_owner ON uploads (owner_id);
CREATE INDEX uploads_expiry ON uploads (expires_at);
CREATE TABLE upload_parts (
  upload_id  TEXT NOT NULL REFERENCES uploads (id),
  position   INTEGER NOT NULL,
  blob_id    TEXT NOT NULL,
  size       INTEGER NOT NULL,
  PRIMARY KEY (upload_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE blobs (
  id     TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size   INTEGER NOT NULL,
  refs   INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX blobs_sha256 ON blobs (sha256);
CREATE TABLE blob_garbage (
  blob_id TEXT PRIMARY KEY,
  since   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE files (
  id         TEXT PRIMARY KEY,
  owner_id   TEXT NOT NULL REFERENCES users (id),
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  attachment TEXT NOT NULL CHECK (json_valid(attachment)),
  created_at INTEGER NOT NULL,
  attached   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX files_owner ON files (owner_id);
CREATE INDEX files_unattached ON files (created_at) WHERE attached = 0;
CREATE TABLE file_blobs (
  file_id TEXT NOT NULL REFERENCES files (id),
  variant TEXT NOT NULL,
  blob_id TEXT NOT NULL REFERENCES blobs (id),
  mime    TEXT NOT NULL,
  PRIMARY KEY (file_id, variant)
) STRICT, WITHOUT ROWID;
CREATE TABLE message_files (
  message_id TEXT NOT NULL REFERENCES messages (id),
  file_id    TEXT NOT NULL REFERENCES files (id),
  chat_id    TEXT NOT NULL,
  PRIMARY KEY (message_id, file_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX message_files_file ON message_files (file_id, chat_id);
ALTER TABLE messages ADD COLUMN attachments TEXT CHECK (attachments IS NULL OR json_valid(attachments));
)sql"},
    Migration{15, "message search", R"sql(
-- The search index (store/search.hpp): a row per text message not deleted for everyone, with
-- its search form in body and what the filters need; flags 1: has a link, 2: has files. The
-- messages stored before this version get rows without a body, in the order they were sent,
-- which index_pending_messages fills a batch at a time.
CREATE TABLE message_search (
  position   INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE REFERENCES messages (id),
  chat_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  sender_id  TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  flags      INTEGER NOT NULL DEFAULT 0,
  body       TEXT
) STRICT;
CREATE INDEX message_search_chat ON message_search (chat_id, position);
CREATE INDEX message_search_sender ON message_search (sender_id, position);
CREATE INDEX message_search_pending ON message_search (position) WHERE body IS NULL;
-- Trigrams of the bodies: MATCH '"text"' is an exact substring test. Kept in step by triggers.
CREATE VIRTUAL TABLE message_search_text USING fts5 (
  body, content = 'message_search', content_rowid = 'position', tokenize = 'trigram case_sensitive 1'
);
CREATE TRIGGER message_search_added AFTER INSERT ON message_search WHEN new.body IS NOT NULL BEGIN
  INSERT INTO message_search_text (rowid, body) VALUES (new.position, new.body);
END;
CREATE TRIGGER message_search_removed AFTER DELETE ON message_search WHEN old.body IS NOT NULL BEGIN
  INSERT INTO message_search_text (message_search_text, rowid, body) VALUES ('delete', old.position, old.body);
END;
CREATE TRIGGER message_search_changed AFTER UPDATE OF body ON message_search BEGIN
  INSERT INTO message_search_text (message_search_text, rowid, body)
    SELECT 'delete', old.position, old.body WHERE old.body IS NOT NULL;
  INSERT INTO message_search_text (rowid, body) SELECT new.position, new.body WHERE new.body IS NOT NULL;
END;
INSERT INTO message_search (message_id, chat_id, seq, sender_id, created_at, flags)
  SELECT id, chat_id, seq, sender_id, created_at, CASE WHEN attachments IS NULL THEN 0 ELSE 2 END
  FROM messages WHERE kind = 'text' AND deleted_at IS NULL ORDER BY created_at, seq;
)sql"},
    Migration{16, "the words of users' names, for the chat switcher", R"sql(
-- Each word of a user's name (kind 0: the words of its search form, util/search_text.hpp) and
-- their folded email (kind 1), so that "the users with a word starting with ..." is a range of
-- the primary key. Filled for the users already there after this script.
CREATE TABLE user_words (
  word    TEXT NOT NULL,
  kind    INTEGER NOT NULL CHECK (kind IN (0, 1)),
  user_id TEXT NOT NULL REFERENCES users (id),
  PRIMARY KEY (kind, word, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_words_user ON user_words (user_id);
)sql",
              fill_user_words},
    Migration{17, "the trigram index updated in batches", R"sql(
-- message_search_text follows message_search up to search_state.indexed_upto: a send writes
-- only its row, and SqliteStore's search indexer adds the rows above it to the index a batch at
-- a time (FTS5 writes a segment per transaction: one per batch instead of one per commit).
-- A search tests the rows above it one by one. detail = none: the index keeps which rows hold a
-- trigram, not where; a search ANDs a pattern's trigrams and tests the substring itself.
-- columnsize = 0: no text lengths either (they serve only bm25 ranking). message_search loses
-- message_id (its unique index was one more random page per send): a row is its message's
-- (chat_id, seq). AUTOINCREMENT: a position is never given twice, not even after the newest
-- row was deleted; one at or below the mark must have been indexed. The index is rebuilt by
-- the indexer from position 0.
DROP TRIGGER message_search_added;
DROP TRIGGER message_search_removed;
DROP TRIGGER message_search_changed;
DROP TABLE message_search_text;
CREATE TABLE message_search_17 (
  position   INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id    TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  sender_id  TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  flags      INTEGER NOT NULL DEFAULT 0,
  body       TEXT
) STRICT;
INSERT INTO message_search_17 (position, chat_id, seq, sender_id, created_at, flags, body)
  SELECT position, chat_id, seq, sender_id, created_at, flags, body FROM message_search ORDER BY position;
DROP TABLE message_search;
ALTER TABLE message_search_17 RENAME TO message_search;
CREATE UNIQUE INDEX message_search_chat ON message_search (chat_id, seq);
CREATE INDEX message_search_sender ON message_search (sender_id, position);
CREATE INDEX message_search_pending ON message_search (position) WHERE body IS NULL;
CREATE VIRTUAL TABLE message_search_text USING fts5 (
  body, content = 'message_search', content_rowid = 'position', tokenize = 'trigram case_sensitive 1',
  detail = none, columnsize = 0
);
CREATE TABLE search_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
) STRICT;
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);
-- Rows at or below indexed_upto are in the index: a change to one changes the index.
CREATE TRIGGER message_search_removed AFTER DELETE ON message_search
WHEN old.body IS NOT NULL AND old.position <= (SELECT indexed_upto FROM search_state) BEGIN
  INSERT INTO message_search_text (message_search_text, rowid, body) VALUES ('delete', old.position, old.body);
END;
CREATE TRIGGER message_search_changed AFTER UPDATE OF body ON message_search
WHEN old.position <= (SELECT indexed_upto FROM search_state) BEGIN
  INSERT INTO message_search_text (message_search_text, rowid, body)
    SELECT 'delete', old.position, old.body WHERE old.body IS NOT NULL;
  INSERT INTO message_search_text (rowid, body) SELECT new.position, new.body WHERE new.body IS NOT NULL;
END;
)sql"},
};

constexpr const char* kCreateVersionTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
  version    INTEGER PRIMARY KEY,
  applied_at INTEGER NOT NULL
) STRICT;
)sql";

constexpr std::string_view kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
constexpr std::string_view kRecordVersion = "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)";

int current_version(Connection& db) {
  Query q(db, kCurrentVersion);
  if (!q.next()) throw std::runtime_error("SQLite: cannot read the schema version: " + db.error_message());
  return static_cast<int>(q.int64(0));
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void apply(Connection& db, const Migration& migration) {
  db.exec_or_throw("BEGIN IMMEDIATE", "start a migration");
  try {
    // Another process may have migrated between our check and BEGIN.
    if (current_version(db) >= migration.version) {
      db.exec_or_throw("COMMIT", "end a migration");
      return;
    }
    db.exec_or_throw(migration.sql, "migration " + std::to_string(migration.version) + " (" + migration.what + ")");
    if (migration.then != nullptr) migration.then(db);
    Query record(db, kRecordVersion);
    if (!record.bind(migration.version, now_ms()).run()) {
      throw std::runtime_error("SQLite: cannot record schema version: " + db.error_message());
    }
    db.exec_or_throw("COMMIT", "commit migration " + std::to_string(migration.version));
  } catch (...) {
    if (db.in_transaction()) db.exec_or_throw("ROLLBACK", "roll back a failed migration");
    throw;
  }
}

}  // namespace

int latest_schema_version() { return kMigrations.back().version; }

std::vector<std::pair<int, std::string>> migration_steps() {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& m : kMigrations) out.emplace_back(m.version, m.what);
  return out;
}

int migrate(Connection& db) {
  db.exec_or_throw(kCreateVersionTable, "create schema_version");
  const int before = current_version(db);
  if (before > latest_schema_version()) {
    throw std::runtime_error("SQLite: the database has schema version " + std::to_string(before) +
                             ", newer than this build of parley knows (" + std::to_string(latest_schema_version()) +
                             ")");
  }
  for (const auto& migration : kMigrations) {
    if (migration.version > before) apply(db, migration);
  }
  return before;
}

}  // namespace parley::store::sqlite
