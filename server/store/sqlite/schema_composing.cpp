// Migrations 25 on (schema_steps.hpp): what people prepare to write (templates, canned
// responses) and what follows.
#include "store/sqlite/schema_steps.hpp"

#include <array>

namespace parley::store::sqlite {
namespace {

// Append new migrations at the end; never edit one that has been released.
constexpr std::array kSteps{
    Migration{25, "message templates and canned responses", R"sql(
-- Text to insert while writing: a person's own (user_id) or a group's canned responses
-- (chat_id), exactly one of the two. A shortcut is unique in its set (NULLs are distinct, so
-- the same indexes also find a set's templates).
CREATE TABLE message_templates (
  id         TEXT PRIMARY KEY,
  user_id    TEXT REFERENCES users (id),
  chat_id    TEXT REFERENCES chats (id),
  title      TEXT NOT NULL,
  category   TEXT NOT NULL,
  shortcut   TEXT,
  content    TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version    INTEGER NOT NULL,
  CHECK ((user_id IS NULL) <> (chat_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX message_templates_user ON message_templates (user_id, shortcut);
CREATE UNIQUE INDEX message_templates_chat ON message_templates (chat_id, shortcut);
-- How often and how lately each person used each template, in one chat and in all (chat_id '').
CREATE TABLE template_uses (
  user_id      TEXT NOT NULL REFERENCES users (id),
  chat_id      TEXT NOT NULL,
  template_id  TEXT NOT NULL REFERENCES message_templates (id),
  uses         INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  weight       REAL NOT NULL,
  PRIMARY KEY (user_id, chat_id, template_id)
) STRICT;
CREATE INDEX template_uses_template ON template_uses (template_id);
)sql"},
    Migration{26, "data exports", R"sql(
-- A person's exports of their chats: the request, the progress of the job that writes the
-- file, and the file's blob until it expires.
CREATE TABLE data_exports (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users (id),
  format      TEXT NOT NULL,
  options     TEXT NOT NULL,
  state       TEXT NOT NULL,
  done        INTEGER NOT NULL,
  total       INTEGER NOT NULL,
  blob_id     TEXT,
  size        INTEGER NOT NULL,
  error       TEXT,
  created_at  INTEGER NOT NULL,
  finished_at INTEGER,
  expires_at  INTEGER
) STRICT;
CREATE INDEX data_exports_user ON data_exports (user_id, created_at);
CREATE INDEX data_exports_expiry ON data_exports (expires_at) WHERE expires_at IS NOT NULL;
)sql"},
};

}  // namespace

std::span<const Migration> composing_migrations() { return kSteps; }

}  // namespace parley::store::sqlite
