// Migrations 1 to 8 (schema_steps.hpp).
#include "store/sqlite/schema_steps.hpp"

#include "util/text_fold.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::store::sqlite {
namespace {

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

// Append new migrations at the end; never edit one that has been released.
constexpr std::array kSteps{
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
};

}  // namespace

std::span<const Migration> base_migrations() { return kSteps; }

}  // namespace parley::store::sqlite
