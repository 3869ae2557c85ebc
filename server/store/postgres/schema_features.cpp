// Migrations 9 on (schema_steps.hpp).
#include "store/postgres/schema_steps.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::store::postgres {
namespace {

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
constexpr std::array kSteps{
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
    Migration{18, "push subscriptions and notification settings", R"sql(
-- A device's Web Push subscription (endpoint unique over all users); a person's notification
-- settings (a JSON object: the domain's document, kept as given); how a chat notifies a
-- participant, where it is not the default (level 0 every message, 1 mentions only, 2 nothing;
-- muted_until epoch ms, 0 not muted).
CREATE TABLE push_subscriptions (
  id         text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id),
  endpoint   text NOT NULL UNIQUE,
  p256dh     text NOT NULL,
  auth       text NOT NULL,
  label      text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, created_at);
CREATE TABLE notify_settings (
  user_id  text PRIMARY KEY REFERENCES users (id),
  settings text NOT NULL CHECK (jsonb_typeof(settings::jsonb) = 'object')
);
CREATE TABLE chat_notify (
  user_id     text NOT NULL REFERENCES users (id),
  chat_id     text NOT NULL REFERENCES chats (id),
  level       smallint NOT NULL CHECK (level BETWEEN 0 AND 2),
  muted_until bigint NOT NULL,
  PRIMARY KEY (user_id, chat_id)
);
)sql"},
    Migration{19, "mentions, and notifications held during do not disturb", R"sql(
-- Whom a message mentions: user ids separated by spaces, "@all" for everyone; NULL for nobody
-- (a column without a default: no table rewrite).
ALTER TABLE messages ADD COLUMN mentions text;
-- Notifications held back for later, per channel: 'dnd' (for the summary when Do not disturb
-- ends), 'email' (waiting for the email digest).
CREATE TABLE notify_held (
  user_id    text NOT NULL REFERENCES users (id),
  channel    text NOT NULL,
  message_id text NOT NULL,
  chat_id    text NOT NULL REFERENCES chats (id),
  held_at    bigint NOT NULL,
  PRIMARY KEY (user_id, channel, message_id)
);
-- Who follows a thread, for its replies' notifications.
CREATE INDEX thread_follows_root ON thread_follows (root_id, user_id) WHERE following;
-- Whether the person gets email digests (the domain's document says how).
ALTER TABLE notify_settings ADD COLUMN emails boolean NOT NULL DEFAULT false;
)sql"},
    Migration{20, "blocks", R"sql(
-- Who blocked whom (one row per direction).
CREATE TABLE user_blocks (
  user_id    text NOT NULL REFERENCES users (id),
  blocked_id text NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL,
  PRIMARY KEY (user_id, blocked_id)
);
)sql"},
    Migration{21, "reports, the moderation audit log, server roles", R"sql(
-- Reports of messages, people and groups, with the messages they were about as they were.
CREATE TABLE reports (
  id          text PRIMARY KEY,
  reporter_id text NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  target_id   text NOT NULL,
  user_id     text NOT NULL,
  chat_id     text NOT NULL,
  category    text NOT NULL,
  comment     text NOT NULL,
  context     text NOT NULL,
  status      text NOT NULL,
  created_at  bigint NOT NULL,
  resolved_by text,
  resolved_at bigint,
  resolution  text NOT NULL
);
CREATE INDEX reports_status ON reports (status, id COLLATE "C");
CREATE INDEX reports_chat ON reports (chat_id, id COLLATE "C");
CREATE INDEX reports_reporter ON reports (reporter_id, id COLLATE "C");
-- What moderators did: who, what, to whom, where, why, when.
CREATE TABLE moderation_audit (
  id             text PRIMARY KEY,
  actor_id       text NOT NULL,
  action         text NOT NULL,
  target_user_id text NOT NULL,
  chat_id        text NOT NULL,
  report_id      text NOT NULL,
  reason         text NOT NULL,
  details        text NOT NULL,
  at             bigint NOT NULL
);
CREATE INDEX moderation_audit_chat ON moderation_audit (chat_id, id COLLATE "C");
-- Server roles given in the web client (configured administrators are not stored).
CREATE TABLE server_roles (
  user_id    text PRIMARY KEY REFERENCES users (id),
  role       text NOT NULL,
  granted_at bigint NOT NULL
);
-- Suspended accounts: none of their tokens works until `until` (NULL: until lifted).
CREATE TABLE suspensions (
  user_id text PRIMARY KEY REFERENCES users (id),
  by_id   text NOT NULL,
  at      bigint NOT NULL,
  until   bigint,
  reason  text NOT NULL
);
)sql"},
    Migration{22, "auto-moderation rules, their hits, mutes, moderation notices", R"sql(
-- Auto-moderation rules of the server (scope '') and of groups (scope: the chat's id).
CREATE TABLE automod_rules (
  id         text PRIMARY KEY,
  scope      text NOT NULL,
  config     text NOT NULL,
  updated_by text NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX automod_rules_scope ON automod_rules (scope, id COLLATE "C");
-- What the rules did: messages rejected, held for review, flagged; senders muted.
CREATE TABLE automod_hits (
  id         text PRIMARY KEY,
  scope      text NOT NULL,
  chat_id    text NOT NULL,
  user_id    text NOT NULL,
  action     text NOT NULL,
  rules      text NOT NULL,
  content    text NOT NULL,
  message_id text NOT NULL,
  request    text NOT NULL,
  status     text NOT NULL,
  created_at bigint NOT NULL,
  decided_by text,
  decided_at bigint
);
CREATE INDEX automod_hits_chat ON automod_hits (chat_id, id COLLATE "C");
CREATE INDEX automod_hits_status ON automod_hits (status, id COLLATE "C");
-- Who may not send, in a group or (chat_id '') anywhere, until when.
CREATE TABLE mutes (
  user_id text NOT NULL REFERENCES users (id),
  chat_id text NOT NULL,
  by_id   text NOT NULL,
  at      bigint NOT NULL,
  until   bigint NOT NULL,
  reason  text NOT NULL,
  PRIMARY KEY (user_id, chat_id)
);
CREATE INDEX mutes_chat ON mutes (chat_id, until);
-- What moderation told people (warnings, mutes, held messages decided).
CREATE TABLE moderation_notices (
  id      text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  kind    text NOT NULL,
  chat_id text NOT NULL,
  text    text NOT NULL,
  at      bigint NOT NULL,
  until   bigint
);
CREATE INDEX moderation_notices_user ON moderation_notices (user_id, id COLLATE "C");
)sql"},
    Migration{23, "settings documents", R"sql(
-- Each person's settings: one document for everything (scope '') and one per chat they
-- override something in (scope: the chat's id); version rises by one with every write.
CREATE TABLE user_settings (
  user_id    text NOT NULL REFERENCES users (id),
  scope      text NOT NULL,
  version    bigint NOT NULL,
  document   text NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (user_id, scope)
);
)sql"},
    Migration{24, "scheduled messages", R"sql(
-- Messages people wrote to be sent later, once or recurring (start and rrule in time_zone);
-- next_at is the next occurrence while pending. A lease (owner, until) marks one being sent.
-- attachments: the files it carries, as messages show them (a JSON array), none: NULL.
CREATE TABLE scheduled_messages (
  id              text PRIMARY KEY,
  user_id         text NOT NULL REFERENCES users (id),
  chat_id         text NOT NULL REFERENCES chats (id),
  content         text NOT NULL,
  time_zone       text NOT NULL,
  start           text NOT NULL,
  rrule           text,
  recipient_zone  boolean NOT NULL,
  state           text NOT NULL,
  next_at         bigint,
  sent_count      bigint NOT NULL,
  missed_count    bigint NOT NULL,
  last_sent_at    bigint,
  last_missed_at  bigint,
  last_message_id text,
  reason          text,
  version         bigint NOT NULL,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  lease_owner     text,
  lease_until     bigint,
  attachments     text
);
CREATE INDEX scheduled_messages_due ON scheduled_messages (next_at) WHERE state = 'pending';
CREATE INDEX scheduled_messages_user ON scheduled_messages (user_id, chat_id, next_at) WHERE state = 'pending';
)sql"},
};

}  // namespace

std::span<const Migration> feature_migrations() { return kSteps; }

}  // namespace parley::store::postgres
