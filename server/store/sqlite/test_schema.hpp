// For tests that start from a database of an earlier release: SQL that takes today's schema
// back, one migration at a time. Header-only, for test executables.
#pragma once

namespace parley::store::sqlite::testing {

// What migrations 26 (exports), 25 (templates), 24 (scheduled messages), 23 (settings), 22 (auto-moderation), 21
// (reports), 20 (blocks), 19 (mentions, held notifications), 18 (notifications) and 17 (the trigram index in batches)
// changed, taken back: message_search with message_id, the index of every row kept by triggers, with positions.
#define PARLEY_SQLITE_UNDO_17                                                                                      \
  "DROP TABLE data_exports; DROP TABLE template_uses; DROP TABLE message_templates; "                              \
  "DROP TABLE scheduled_messages; DROP TABLE user_settings; "                                                      \
  "DROP TABLE moderation_notices; DROP TABLE mutes; DROP TABLE automod_hits; DROP TABLE automod_rules; "           \
  "DROP TABLE suspensions; DROP TABLE server_roles; DROP TABLE moderation_audit; DROP TABLE reports; DROP TABLE "  \
  "user_blocks; DROP INDEX "                                                                                       \
  "thread_follows_root; DROP TABLE notify_held; ALTER TABLE messages DROP COLUMN "                                 \
  "mentions; "                                                                                                     \
  "DELETE FROM schema_version WHERE version >= 19; "                                                               \
  "DROP TABLE chat_notify; DROP TABLE notify_settings; DROP TABLE push_subscriptions; "                            \
  "DELETE FROM schema_version WHERE version >= 18; "                                                               \
  "DROP TRIGGER message_search_removed; DROP TRIGGER message_search_changed; DROP TABLE search_state; "            \
  "DROP TABLE message_search_text; "                                                                               \
  "CREATE TABLE message_search_16 (position INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE REFERENCES "      \
  "messages (id), chat_id TEXT NOT NULL, seq INTEGER NOT NULL, sender_id TEXT NOT NULL, created_at INTEGER NOT "   \
  "NULL, flags INTEGER NOT NULL DEFAULT 0, body TEXT) STRICT; "                                                    \
  "INSERT INTO message_search_16 SELECT s.position, m.id, s.chat_id, s.seq, s.sender_id, s.created_at, s.flags, "  \
  "s.body FROM message_search s JOIN messages m ON m.chat_id = s.chat_id AND m.seq = s.seq; "                      \
  "DROP TABLE message_search; ALTER TABLE message_search_16 RENAME TO message_search; "                            \
  "CREATE INDEX message_search_chat ON message_search (chat_id, position); "                                       \
  "CREATE INDEX message_search_sender ON message_search (sender_id, position); "                                   \
  "CREATE INDEX message_search_pending ON message_search (position) WHERE body IS NULL; "                          \
  "CREATE VIRTUAL TABLE message_search_text USING fts5 (body, content = 'message_search', "                        \
  "content_rowid = 'position', tokenize = 'trigram case_sensitive 1'); "                                           \
  "CREATE TRIGGER message_search_added AFTER INSERT ON message_search WHEN new.body IS NOT NULL BEGIN "            \
  "INSERT INTO message_search_text (rowid, body) VALUES (new.position, new.body); END; "                           \
  "CREATE TRIGGER message_search_removed AFTER DELETE ON message_search WHEN old.body IS NOT NULL BEGIN "          \
  "INSERT INTO message_search_text (message_search_text, rowid, body) VALUES ('delete', old.position, old.body); " \
  "END; "                                                                                                          \
  "CREATE TRIGGER message_search_changed AFTER UPDATE OF body ON message_search BEGIN "                            \
  "INSERT INTO message_search_text (message_search_text, rowid, body) "                                            \
  "SELECT 'delete', old.position, old.body WHERE old.body IS NOT NULL; "                                           \
  "INSERT INTO message_search_text (rowid, body) SELECT new.position, new.body WHERE new.body IS NOT NULL; END; "  \
  "INSERT INTO message_search_text (message_search_text) VALUES ('rebuild'); "                                     \
  "DELETE FROM schema_version WHERE version >= 17; "
inline constexpr const char* kUndoBatchedIndex = PARLEY_SQLITE_UNDO_17;

// What migrations 15 to 26 (message search; the words of users' names; notifications; mentions; blocks;
// reports; auto-moderation; settings; scheduled messages; templates; exports)
// added, taken away again.
inline constexpr const char* kUndoSearch =
    "DROP TABLE data_exports; DROP TABLE template_uses; DROP TABLE message_templates; "
    "DROP TABLE scheduled_messages; DROP TABLE user_settings; "
    "DROP TABLE moderation_notices; DROP TABLE mutes; DROP TABLE automod_hits; DROP TABLE automod_rules; "
    "DROP TABLE suspensions; DROP TABLE server_roles; DROP TABLE moderation_audit; DROP TABLE reports; DROP TABLE "
    "user_blocks; DROP INDEX "
    "thread_follows_root; DROP TABLE notify_held; ALTER TABLE messages DROP COLUMN "
    "mentions; "
    "DELETE FROM schema_version WHERE version >= 19; "
    "DROP TABLE chat_notify; DROP TABLE notify_settings; DROP TABLE push_subscriptions; "
    "DELETE FROM schema_version WHERE version >= 18; "
    "DROP TRIGGER message_search_removed; DROP TRIGGER message_search_changed; DROP TABLE search_state; "
    "DELETE FROM schema_version WHERE version >= 17; "
    "DROP TABLE user_words; DELETE FROM schema_version WHERE version >= 16; "
    "DROP TABLE message_search_text; DROP TABLE message_search; DELETE FROM schema_version WHERE version >= 15; ";

// After kUndoSearch: what migration 14 (files) added, taken away again.
inline constexpr const char* kUndoFiles =
    "DROP TABLE message_files; DROP TABLE file_blobs; DROP TABLE files; DROP TABLE blob_garbage; DROP TABLE blobs; "
    "DROP TABLE upload_parts; DROP TABLE uploads; ALTER TABLE messages DROP COLUMN attachments; "
    "DELETE FROM schema_version WHERE version >= 14; ";

// After kUndoFiles: what migration 13 (custom emoji) added, taken away again.
inline constexpr const char* kUndoEmoji = "DROP TABLE custom_emoji; DELETE FROM schema_version WHERE version >= 13; ";

// After kUndoEmoji: what migration 12 (privacy) added, taken away again.
inline constexpr const char* kUndoPrivacy =
    "DROP INDEX chat_participants_receipt; ALTER TABLE chat_participants DROP COLUMN receipt_seq; "
    "ALTER TABLE message_status DROP COLUMN quiet; DROP TABLE privacy_exceptions; DROP TABLE user_privacy; "
    "DELETE FROM schema_version WHERE version >= 12; ";

// After kUndoPrivacy: what migration 11 (reactions) added, taken away again.
inline constexpr const char* kUndoReactions =
    "DROP TABLE emoji_use; DROP TABLE unread_reactions; DROP TABLE message_reactions; "
    "ALTER TABLE messages DROP COLUMN reactions; DELETE FROM schema_version WHERE version >= 11; ";

// After kUndoReactions: what migrations 9 and 10 (edits, deletions, the change feed; replies and
// threads) added, taken away again.
inline constexpr const char* kUndoLifecycle =
    "DROP TABLE thread_follows; DROP INDEX messages_thread; DROP INDEX messages_replies; "
    "ALTER TABLE messages DROP COLUMN reply_to_id; ALTER TABLE messages DROP COLUMN quote; "
    "ALTER TABLE messages DROP COLUMN thread_root_id; ALTER TABLE messages DROP COLUMN also_to_chat; "
    "ALTER TABLE messages DROP COLUMN thread_count; ALTER TABLE messages DROP COLUMN thread_last_at; "
    "ALTER TABLE messages DROP COLUMN thread_participants; ALTER TABLE chats DROP COLUMN edit_window_seconds; "
    "DROP TABLE hidden_messages; DROP TABLE message_versions; DROP INDEX messages_changes; "
    "ALTER TABLE chats DROP COLUMN change_seq; ALTER TABLE messages DROP COLUMN edited_at; "
    "ALTER TABLE messages DROP COLUMN edit_count; ALTER TABLE messages DROP COLUMN deleted_at; "
    "ALTER TABLE messages DROP COLUMN deleted_by; ALTER TABLE messages DROP COLUMN change_seq; "
    "DELETE FROM schema_version WHERE version >= 9; ";

// What migrations 7 and 8 (groups, their invite links) added, taken away again, after
// kUndoLifecycle: together, a database of the release before groups.
inline constexpr const char* kUndoGroups =
    "DROP TABLE group_invites; DROP INDEX chat_participants_order; DROP INDEX chat_participants_role; "
    "DROP INDEX chat_participants_delivered; DROP INDEX chat_participants_read; "
    "ALTER TABLE chats DROP COLUMN title; ALTER TABLE chats DROP COLUMN description; "
    "ALTER TABLE chats DROP COLUMN avatar_color; ALTER TABLE chats DROP COLUMN perm_send; "
    "ALTER TABLE chats DROP COLUMN perm_add; ALTER TABLE chats DROP COLUMN perm_edit_info; "
    "ALTER TABLE chats DROP COLUMN perm_pin; ALTER TABLE chats DROP COLUMN history_visible; "
    "ALTER TABLE chats DROP COLUMN slow_mode_seconds; ALTER TABLE chats DROP COLUMN member_limit; "
    "ALTER TABLE chats DROP COLUMN member_count; ALTER TABLE chats DROP COLUMN version; "
    "ALTER TABLE chats DROP COLUMN delivered_floor; ALTER TABLE chats DROP COLUMN read_floor; "
    "ALTER TABLE chat_participants DROP COLUMN role; ALTER TABLE chat_participants DROP COLUMN visible_after_seq; "
    "ALTER TABLE chat_participants DROP COLUMN delivered_seq; ALTER TABLE chat_participants DROP COLUMN read_seq; "
    "ALTER TABLE chat_participants DROP COLUMN last_sent_at; ALTER TABLE chat_participants DROP COLUMN delivered_at; "
    "ALTER TABLE chat_participants DROP COLUMN read_at; "
    "ALTER TABLE messages DROP COLUMN kind; ALTER TABLE messages DROP COLUMN system; "
    "DELETE FROM schema_version WHERE version >= 7; ";

}  // namespace parley::store::sqlite::testing
