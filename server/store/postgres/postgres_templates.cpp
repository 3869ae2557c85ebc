// PostgresStore: message templates and their use (store/templates.hpp). See postgres_store_impl.hpp.
// A shortcut is unique in its set by the indexes on (user_id, shortcut) and (chat_id, shortcut);
// a set's lock makes its count and an add one step, a person's lock their counts of use.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

#define PARLEY_TEMPLATE_COLUMNS \
  "id, user_id, chat_id, title, category, shortcut, content, created_by, created_at, updated_at, version"
#define PARLEY_TEMPLATE_COLUMNS_T                                                                        \
  "t.id, t.user_id, t.chat_id, t.title, t.category, t.shortcut, t.content, t.created_by, t.created_at, " \
  "t.updated_at, t.version"

constexpr std::string_view kCountInSet =
    "SELECT count(*) FROM message_templates WHERE user_id = $1::text OR chat_id = $2::text";
constexpr std::string_view kAdd =
    "INSERT INTO message_templates (" PARLEY_TEMPLATE_COLUMNS
    ") VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::bigint, "
    "$10::bigint, 1) RETURNING " PARLEY_TEMPLATE_COLUMNS;
constexpr std::string_view kById = "SELECT " PARLEY_TEMPLATE_COLUMNS " FROM message_templates WHERE id = $1::text";
constexpr std::string_view kUpdate =
    "UPDATE message_templates SET title = $3::text, category = $4::text, shortcut = $5::text, content = $6::text, "
    "updated_at = $7::bigint, version = version + 1 WHERE id = $1::text AND version = $2::bigint "
    "RETURNING " PARLEY_TEMPLATE_COLUMNS;
constexpr std::string_view kExists = "SELECT 1 FROM message_templates WHERE id = $1::text";
constexpr std::string_view kRemove =
    "WITH uses AS (DELETE FROM template_uses WHERE template_id = $1::text) "
    "DELETE FROM message_templates WHERE id = $1::text RETURNING " PARLEY_TEMPLATE_COLUMNS;
constexpr std::string_view kFor =
    "SELECT " PARLEY_TEMPLATE_COLUMNS_T
    ", a.uses, a.last_used_at, a.weight, c.uses, c.last_used_at, c.weight FROM message_templates t "
    "LEFT JOIN template_uses a ON a.user_id = $1::text AND a.chat_id = '' AND a.template_id = t.id "
    "LEFT JOIN template_uses c ON $3::text <> '' AND c.user_id = $1::text AND c.chat_id = $3::text "
    "AND c.template_id = t.id WHERE t.user_id = $1::text OR ($2::text <> '' AND t.chat_id = $2::text)";
constexpr std::string_view kOfGroup =
    "SELECT " PARLEY_TEMPLATE_COLUMNS " FROM message_templates WHERE chat_id = $1::text";
// Both rows (the chat's and all chats', '') in one statement, when the template exists.
constexpr std::string_view kCountUse =
    "INSERT INTO template_uses (user_id, template_id, chat_id, uses, last_used_at, weight) "
    "SELECT $1::text, t.id, c.chat_id, 1, $4::bigint, $5::float8 FROM message_templates t "
    "CROSS JOIN (VALUES (''), ($3::text)) AS c (chat_id) WHERE t.id = $2::text "
    "ON CONFLICT (user_id, chat_id, template_id) DO UPDATE SET uses = template_uses.uses + 1, "
    "last_used_at = GREATEST(template_uses.last_used_at, EXCLUDED.last_used_at), "
    "weight = template_uses.weight + EXCLUDED.weight RETURNING 1";

#undef PARLEY_TEMPLATE_COLUMNS
#undef PARLEY_TEMPLATE_COLUMNS_T

MessageTemplate read_template(const Rows& r, int row) {
  MessageTemplate t;
  t.id = r.text(row, 0);
  t.user_id = r.optional_text(row, 1);
  t.chat_id = r.optional_text(row, 2);
  t.title = r.text(row, 3);
  t.category = r.text(row, 4);
  t.shortcut = r.optional_text(row, 5);
  t.content = r.text(row, 6);
  t.created_by = r.text(row, 7);
  t.created_at = r.int64(row, 8);
  t.updated_at = r.int64(row, 9);
  t.version = r.int64(row, 10);
  return t;
}

TemplateUse read_use(const Rows& r, int row, int first) {
  TemplateUse use;
  if (r.is_null(row, first)) return use;
  use.uses = r.int64(row, first);
  use.last_used_at = r.optional_int64(row, first + 1);
  use.weight = r.real(row, first + 2);
  return use;
}

// The lock of a template's set (its owner's or its group's).
std::string set_lock(const MessageTemplate& t) {
  return t.user_id ? lock_name("templates", *t.user_id) : lock_name("group-templates", t.chat_id.value_or(""));
}

}  // namespace

Result<MessageTemplate> PostgresStore::add_template(const MessageTemplate& t, std::size_t max_in_set) {
  return write<MessageTemplate>(lock_names({set_lock(t)}), [&](Connection& db) -> Result<MessageTemplate> {
    auto count = db.query(kCountInSet, Params(t.user_id, t.chat_id));
    if (!count) return fail(errc_of(count));
    if (static_cast<std::uint64_t>(count->int64(0, 0)) >= max_in_set) return fail(Errc::kLimit);
    auto r = db.query(kAdd, Params(t.id, t.user_id, t.chat_id, t.title, t.category, t.shortcut, t.content, t.created_by,
                                   t.created_at, t.updated_at));
    if (!r) return fail(errc_of(r));
    return read_template(*r, 0);
  });
}

Result<MessageTemplate> PostgresStore::template_by_id(std::string_view id) {
  return read([&](Connection& db) -> Result<MessageTemplate> {
    auto r = db.query(kById, Params(id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return read_template(*r, 0);
  });
}

Result<MessageTemplate> PostgresStore::update_template(const MessageTemplate& t, std::int64_t expected_version) {
  return write<MessageTemplate>(lock_names({set_lock(t)}), [&](Connection& db) -> Result<MessageTemplate> {
    auto r =
        db.query(kUpdate, Params(t.id, expected_version, t.title, t.category, t.shortcut, t.content, t.updated_at));
    if (!r) return fail(errc_of(r));
    if (!r->empty()) return read_template(*r, 0);
    auto exists = db.query(kExists, Params(t.id));
    if (!exists) return fail(errc_of(exists));
    return fail(exists->empty() ? Errc::kNotFound : Errc::kConflict);
  });
}

Result<MessageTemplate> PostgresStore::remove_template(std::string_view id) {
  return write<MessageTemplate>(lock_names({lock_name("template", id)}),
                                [&](Connection& db) -> Result<MessageTemplate> {
                                  auto r = db.query(kRemove, Params(id));
                                  if (!r) return fail(errc_of(r));
                                  if (r->empty()) return fail(Errc::kNotFound);
                                  return read_template(*r, 0);
                                });
}

Result<std::vector<MessageTemplate>> PostgresStore::templates_for(std::string_view user_id, std::string_view group_id,
                                                                  std::string_view use_chat_id) {
  return read([&](Connection& db) -> Result<std::vector<MessageTemplate>> {
    auto r = db.query(kFor, Params(user_id, group_id, use_chat_id));
    if (!r) return fail(errc_of(r));
    std::vector<MessageTemplate> out;
    for (int i = 0; i < r->size(); ++i) {
      auto& t = out.emplace_back(read_template(*r, i));
      t.use = read_use(*r, i, 11);
      t.chat_use = read_use(*r, i, 14);
    }
    return out;
  });
}

Result<std::vector<MessageTemplate>> PostgresStore::group_templates(std::string_view chat_id) {
  return read([&](Connection& db) -> Result<std::vector<MessageTemplate>> {
    auto r = db.query(kOfGroup, Params(chat_id));
    if (!r) return fail(errc_of(r));
    std::vector<MessageTemplate> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_template(*r, i));
    return out;
  });
}

Result<void> PostgresStore::count_template_use(std::string_view user_id, std::string_view template_id,
                                               std::string_view chat_id, TimeMs at, double weight) {
  return write<void>(lock_names({lock_name("template-uses", user_id)}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kCountUse, Params(user_id, template_id, chat_id, at, weight));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return {};
  });
}

}  // namespace parley::store::postgres
