// Migrations 25 on (schema_steps.hpp): what people prepare to write (templates, canned
// responses) and what follows.
#include "store/postgres/schema_steps.hpp"

#include <array>

namespace parley::store::postgres {
namespace {

// Append new migrations at the end; never edit one that has been released.
constexpr std::array kSteps{
    Migration{25, "message templates and canned responses", R"sql(
-- Text to insert while writing: a person's own (user_id) or a group's canned responses
-- (chat_id), exactly one of the two. A shortcut is unique in its set (NULLs are distinct, so
-- the same indexes also find a set's templates).
CREATE TABLE message_templates (
  id         text PRIMARY KEY,
  user_id    text REFERENCES users (id),
  chat_id    text REFERENCES chats (id),
  title      text NOT NULL,
  category   text NOT NULL,
  shortcut   text,
  content    text NOT NULL,
  created_by text NOT NULL REFERENCES users (id),
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  version    bigint NOT NULL,
  CHECK ((user_id IS NULL) <> (chat_id IS NULL))
);
CREATE UNIQUE INDEX message_templates_user ON message_templates (user_id, shortcut);
CREATE UNIQUE INDEX message_templates_chat ON message_templates (chat_id, shortcut);
-- How often and how lately each person used each template, in one chat and in all (chat_id '').
CREATE TABLE template_uses (
  user_id      text NOT NULL REFERENCES users (id),
  chat_id      text NOT NULL,
  template_id  text NOT NULL REFERENCES message_templates (id),
  uses         bigint NOT NULL,
  last_used_at bigint NOT NULL,
  weight       double precision NOT NULL,
  PRIMARY KEY (user_id, chat_id, template_id)
);
CREATE INDEX template_uses_template ON template_uses (template_id);
)sql"},
    Migration{26, "data exports", R"sql(
-- A person's exports of their chats: the request, the progress of the job that writes the
-- file, and the file's blob until it expires.
CREATE TABLE data_exports (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  format      text NOT NULL,
  options     text NOT NULL,
  state       text NOT NULL,
  done        bigint NOT NULL,
  total       bigint NOT NULL,
  blob_id     text,
  size        bigint NOT NULL,
  error       text,
  created_at  bigint NOT NULL,
  finished_at bigint,
  expires_at  bigint
);
CREATE INDEX data_exports_user ON data_exports (user_id, created_at);
CREATE INDEX data_exports_expiry ON data_exports (expires_at) WHERE expires_at IS NOT NULL;
)sql"},
};

}  // namespace

std::span<const Migration> composing_migrations() { return kSteps; }

}  // namespace parley::store::postgres
