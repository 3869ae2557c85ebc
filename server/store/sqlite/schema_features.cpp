// Migrations 9 on (schema_steps.hpp).
#include "store/sqlite/schema_steps.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::store::sqlite {
namespace {

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
constexpr std::array kSteps{
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
    Migration{18, "push subscriptions and notification settings", R"sql(
-- A device's Web Push subscription (endpoint unique over all users); a person's notification
-- settings (a JSON object: the domain's document, kept as given); how a chat notifies a
-- participant, where it is not the default (level 0 every message, 1 mentions only, 2 nothing;
-- muted_until epoch ms, 0 not muted).
CREATE TABLE push_subscriptions (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  endpoint   TEXT NOT NULL UNIQUE,
  p256dh     TEXT NOT NULL,
  auth       TEXT NOT NULL,
  label      TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);
CREATE TABLE notify_settings (
  user_id  TEXT PRIMARY KEY REFERENCES users (id),
  settings TEXT NOT NULL CHECK (json_valid(settings) AND json_type(settings) = 'object')
) STRICT, WITHOUT ROWID;
CREATE TABLE chat_notify (
  user_id     TEXT NOT NULL REFERENCES users (id),
  chat_id     TEXT NOT NULL REFERENCES chats (id),
  level       INTEGER NOT NULL CHECK (level BETWEEN 0 AND 2),
  muted_until INTEGER NOT NULL,
  PRIMARY KEY (user_id, chat_id)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{19, "mentions, and notifications held during do not disturb", R"sql(
-- Whom a message mentions: user ids separated by spaces, "@all" for everyone; NULL for nobody.
ALTER TABLE messages ADD COLUMN mentions TEXT;
-- Notifications held back for later, per channel: 'dnd' (for the summary when Do not disturb
-- ends), 'email' (waiting for the email digest).
CREATE TABLE notify_held (
  user_id    TEXT NOT NULL REFERENCES users (id),
  channel    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  chat_id    TEXT NOT NULL REFERENCES chats (id),
  held_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, channel, message_id)
) STRICT, WITHOUT ROWID;
-- Who follows a thread, for its replies' notifications.
CREATE INDEX thread_follows_root ON thread_follows (root_id, user_id) WHERE following = 1;
-- Whether the person gets email digests (the domain's document says how).
ALTER TABLE notify_settings ADD COLUMN emails INTEGER NOT NULL DEFAULT 0 CHECK (emails IN (0, 1));
)sql"},
    Migration{20, "blocks", R"sql(
-- Who blocked whom (one row per direction).
CREATE TABLE user_blocks (
  user_id    TEXT NOT NULL REFERENCES users (id),
  blocked_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, blocked_id)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{21, "reports, the moderation audit log, server roles", R"sql(
-- Reports of messages, people and groups, with the messages they were about as they were.
CREATE TABLE reports (
  id          TEXT PRIMARY KEY,
  reporter_id TEXT NOT NULL REFERENCES users (id),
  kind        TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  chat_id     TEXT NOT NULL,
  category    TEXT NOT NULL,
  comment     TEXT NOT NULL,
  context     TEXT NOT NULL,
  status      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  resolved_by TEXT,
  resolved_at INTEGER,
  resolution  TEXT NOT NULL
) STRICT;
CREATE INDEX reports_status ON reports (status, id);
CREATE INDEX reports_chat ON reports (chat_id, id);
CREATE INDEX reports_reporter ON reports (reporter_id, id);
-- What moderators did: who, what, to whom, where, why, when.
CREATE TABLE moderation_audit (
  id             TEXT PRIMARY KEY,
  actor_id       TEXT NOT NULL,
  action         TEXT NOT NULL,
  target_user_id TEXT NOT NULL,
  chat_id        TEXT NOT NULL,
  report_id      TEXT NOT NULL,
  reason         TEXT NOT NULL,
  details        TEXT NOT NULL,
  at             INTEGER NOT NULL
) STRICT;
CREATE INDEX moderation_audit_chat ON moderation_audit (chat_id, id);
-- Server roles given in the web client (configured administrators are not stored).
CREATE TABLE server_roles (
  user_id    TEXT PRIMARY KEY REFERENCES users (id),
  role       TEXT NOT NULL,
  granted_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- Suspended accounts: none of their tokens works until `until` (NULL: until lifted).
CREATE TABLE suspensions (
  user_id TEXT PRIMARY KEY REFERENCES users (id),
  by_id   TEXT NOT NULL,
  at      INTEGER NOT NULL,
  until   INTEGER,
  reason  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{22, "auto-moderation rules, their hits, mutes, moderation notices", R"sql(
-- Auto-moderation rules of the server (scope '') and of groups (scope: the chat's id).
CREATE TABLE automod_rules (
  id         TEXT PRIMARY KEY,
  scope      TEXT NOT NULL,
  config     TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX automod_rules_scope ON automod_rules (scope, id);
-- What the rules did: messages rejected, held for review, flagged; senders muted.
CREATE TABLE automod_hits (
  id         TEXT PRIMARY KEY,
  scope      TEXT NOT NULL,
  chat_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  action     TEXT NOT NULL,
  rules      TEXT NOT NULL,
  content    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  request    TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  decided_by TEXT,
  decided_at INTEGER
) STRICT;
CREATE INDEX automod_hits_chat ON automod_hits (chat_id, id);
CREATE INDEX automod_hits_status ON automod_hits (status, id);
-- Who may not send, in a group or (chat_id '') anywhere, until when.
CREATE TABLE mutes (
  user_id TEXT NOT NULL REFERENCES users (id),
  chat_id TEXT NOT NULL,
  by_id   TEXT NOT NULL,
  at      INTEGER NOT NULL,
  until   INTEGER NOT NULL,
  reason  TEXT NOT NULL,
  PRIMARY KEY (user_id, chat_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mutes_chat ON mutes (chat_id, until);
-- What moderation told people (warnings, mutes, held messages decided).
CREATE TABLE moderation_notices (
  id      TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  kind    TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  text    TEXT NOT NULL,
  at      INTEGER NOT NULL,
  until   INTEGER
) STRICT;
CREATE INDEX moderation_notices_user ON moderation_notices (user_id, id);
)sql"},
    Migration{23, "settings documents", R"sql(
-- Each person's settings: one document for everything (scope '') and one per chat they
-- override something in (scope: the chat's id); version rises by one with every write.
CREATE TABLE user_settings (
  user_id    TEXT NOT NULL REFERENCES users (id),
  scope      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  document   TEXT NOT NULL CHECK (json_valid(document)),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, scope)
) STRICT, WITHOUT ROWID;
)sql"},
    Migration{24, "scheduled messages", R"sql(
-- Messages people wrote to be sent later, once or recurring (start and rrule in time_zone);
-- next_at is the next occurrence while pending. A lease (owner, until) marks one being sent.
-- attachments: the files it carries, as messages show them (a JSON array), none: NULL.
CREATE TABLE scheduled_messages (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users (id),
  chat_id         TEXT NOT NULL REFERENCES chats (id),
  content         TEXT NOT NULL,
  time_zone       TEXT NOT NULL,
  start           TEXT NOT NULL,
  rrule           TEXT,
  recipient_zone  INTEGER NOT NULL,
  state           TEXT NOT NULL,
  next_at         INTEGER,
  sent_count      INTEGER NOT NULL,
  missed_count    INTEGER NOT NULL,
  last_sent_at    INTEGER,
  last_missed_at  INTEGER,
  last_message_id TEXT,
  reason          TEXT,
  version         INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  lease_owner     TEXT,
  lease_until     INTEGER,
  attachments     TEXT
) STRICT;
CREATE INDEX scheduled_messages_due ON scheduled_messages (next_at) WHERE state = 'pending';
CREATE INDEX scheduled_messages_user ON scheduled_messages (user_id, chat_id, next_at) WHERE state = 'pending';
)sql"},
};

}  // namespace

std::span<const Migration> feature_migrations() { return kSteps; }

}  // namespace parley::store::sqlite
