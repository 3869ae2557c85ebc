// SqliteStore: message templates and their use (store/templates.hpp). See sqlite_store_impl.hpp.
// A shortcut is unique in its set by the indexes on (user_id, shortcut) and (chat_id, shortcut).
#include "store/sqlite/sqlite_store_impl.hpp"

namespace parley::store::sqlite {
namespace {

using util::fail;

#define PARLEY_TEMPLATE_COLUMNS \
  "id, user_id, chat_id, title, category, shortcut, content, created_by, created_at, updated_at, version"
#define PARLEY_TEMPLATE_COLUMNS_T                                                                        \
  "t.id, t.user_id, t.chat_id, t.title, t.category, t.shortcut, t.content, t.created_by, t.created_at, " \
  "t.updated_at, t.version"

constexpr std::string_view kCountInSet = "SELECT count(*) FROM message_templates WHERE user_id = ?1 OR chat_id = ?2";
constexpr std::string_view kAdd =
    "INSERT INTO message_templates (" PARLEY_TEMPLATE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1) RETURNING " PARLEY_TEMPLATE_COLUMNS;
constexpr std::string_view kById = "SELECT " PARLEY_TEMPLATE_COLUMNS " FROM message_templates WHERE id = ?1";
constexpr std::string_view kUpdate =
    "UPDATE message_templates SET title = ?3, category = ?4, shortcut = ?5, content = ?6, updated_at = ?7, "
    "version = version + 1 WHERE id = ?1 AND version = ?2 RETURNING " PARLEY_TEMPLATE_COLUMNS;
constexpr std::string_view kForgetUses = "DELETE FROM template_uses WHERE template_id = ?1";
constexpr std::string_view kRemove = "DELETE FROM message_templates WHERE id = ?1 RETURNING " PARLEY_TEMPLATE_COLUMNS;
constexpr std::string_view kFor =
    "SELECT " PARLEY_TEMPLATE_COLUMNS_T
    ", a.uses, a.last_used_at, a.weight, c.uses, c.last_used_at, c.weight FROM message_templates t "
    "LEFT JOIN template_uses a ON a.user_id = ?1 AND a.chat_id = '' AND a.template_id = t.id "
    "LEFT JOIN template_uses c ON ?3 <> '' AND c.user_id = ?1 AND c.chat_id = ?3 AND c.template_id = t.id "
    "WHERE t.user_id = ?1 OR (?2 <> '' AND t.chat_id = ?2)";
constexpr std::string_view kOfGroup = "SELECT " PARLEY_TEMPLATE_COLUMNS " FROM message_templates WHERE chat_id = ?1";
constexpr std::string_view kExists = "SELECT 1 FROM message_templates WHERE id = ?1";
constexpr std::string_view kCountUse =
    "INSERT INTO template_uses (user_id, template_id, chat_id, uses, last_used_at, weight) "
    "VALUES (?1, ?2, ?3, 1, ?4, ?5) ON CONFLICT (user_id, chat_id, template_id) DO UPDATE SET "
    "uses = uses + 1, last_used_at = max(last_used_at, excluded.last_used_at), weight = weight + excluded.weight";

#undef PARLEY_TEMPLATE_COLUMNS
#undef PARLEY_TEMPLATE_COLUMNS_T

MessageTemplate read_template(const Query& q) {
  MessageTemplate t;
  t.id = q.text(0);
  t.user_id = q.optional_text(1);
  t.chat_id = q.optional_text(2);
  t.title = q.text(3);
  t.category = q.text(4);
  t.shortcut = q.optional_text(5);
  t.content = q.text(6);
  t.created_by = q.text(7);
  t.created_at = q.int64(8);
  t.updated_at = q.int64(9);
  t.version = q.int64(10);
  return t;
}

TemplateUse read_use(const Query& q, int first) {
  TemplateUse use;
  if (q.is_null(first)) return use;
  use.uses = q.int64(first);
  use.last_used_at = q.optional_int64(first + 1);
  use.weight = q.real(first + 2);
  return use;
}

}  // namespace

Result<MessageTemplate> SqliteStore::add_template(const MessageTemplate& t, std::size_t max_in_set) {
  return write<MessageTemplate>([&](Connection& db) -> Result<MessageTemplate> {
    {
      Query count(db, kCountInSet);
      count.bind(t.user_id, t.chat_id);
      if (!count.next()) return fail(count.failed() ? count.error() : Errc::kUnavailable);
      if (static_cast<std::uint64_t>(count.int64(0)) >= max_in_set) return fail(Errc::kLimit);
    }
    Query q(db, kAdd);
    q.bind(t.id, t.user_id, t.chat_id, t.title, t.category, t.shortcut, t.content, t.created_by, t.created_at,
           t.updated_at);
    if (q.next()) return read_template(q);
    return fail(q.failed() ? q.error() : Errc::kUnavailable);
  });
}

Result<MessageTemplate> SqliteStore::template_by_id(std::string_view id) {
  auto db = readers_->acquire();
  Query q(*db, kById);
  q.bind(id);
  if (q.next()) return read_template(q);
  return fail(q.failed() ? q.error() : Errc::kNotFound);
}

Result<MessageTemplate> SqliteStore::update_template(const MessageTemplate& t, std::int64_t expected_version) {
  return write<MessageTemplate>([&](Connection& db) -> Result<MessageTemplate> {
    {
      Query q(db, kUpdate);
      q.bind(t.id, expected_version, t.title, t.category, t.shortcut, t.content, t.updated_at);
      if (q.next()) return read_template(q);
      if (q.failed()) return fail(q.error());
    }
    Query exists(db, kExists);
    exists.bind(t.id);
    if (exists.next()) return fail(Errc::kConflict);
    return fail(exists.failed() ? exists.error() : Errc::kNotFound);
  });
}

Result<MessageTemplate> SqliteStore::remove_template(std::string_view id) {
  return write<MessageTemplate>([&](Connection& db) -> Result<MessageTemplate> {
    if (auto r = Query(db, kForgetUses).bind(id).run(); !r) return fail(r.error());
    Query q(db, kRemove);
    q.bind(id);
    if (q.next()) return read_template(q);
    return fail(q.failed() ? q.error() : Errc::kNotFound);
  });
}

Result<std::vector<MessageTemplate>> SqliteStore::templates_for(std::string_view user_id, std::string_view group_id,
                                                                std::string_view use_chat_id) {
  auto db = readers_->acquire();
  Query q(*db, kFor);
  q.bind(user_id, group_id, use_chat_id);
  std::vector<MessageTemplate> out;
  while (q.next()) {
    auto& t = out.emplace_back(read_template(q));
    t.use = read_use(q, 11);
    t.chat_use = read_use(q, 14);
  }
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<MessageTemplate>> SqliteStore::group_templates(std::string_view chat_id) {
  auto db = readers_->acquire();
  Query q(*db, kOfGroup);
  q.bind(chat_id);
  std::vector<MessageTemplate> out;
  while (q.next()) out.push_back(read_template(q));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<void> SqliteStore::count_template_use(std::string_view user_id, std::string_view template_id,
                                             std::string_view chat_id, TimeMs at, double weight) {
  return write<void>([&](Connection& db) -> Result<void> {
    {
      Query exists(db, kExists);
      exists.bind(template_id);
      if (!exists.next()) return fail(exists.failed() ? exists.error() : Errc::kNotFound);
    }
    for (const std::string_view scope : {std::string_view(), chat_id}) {
      if (auto r = Query(db, kCountUse).bind(user_id, template_id, scope, at, weight).run(); !r) return r;
    }
    return {};
  });
}

}  // namespace parley::store::sqlite
