// Migrations 1 to 8 (schema_steps.hpp).
#include "store/postgres/schema_steps.hpp"

#include "util/text_fold.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <vector>

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

// Append new migrations at the end; never edit one that has been released. Ids are text (the
// caller's UUID strings, returned exactly as given); times are epoch milliseconds.
constexpr std::array kSteps{
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
};

}  // namespace

std::span<const Migration> base_migrations() { return kSteps; }

}  // namespace parley::store::postgres
