// SqliteStore: messages after they are sent (store/lifecycle.hpp): edits and their versions,
// deletion for everyone and for oneself, the change feed. See sqlite_store_impl.hpp.
#include "store/change_page.hpp"
#include "store/mentions_text.hpp"
#include "store/outbox_events.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kNextChange =
    "UPDATE chats SET change_seq = change_seq + 1 WHERE id = ?1 RETURNING change_seq";
constexpr std::string_view kKeepVersion =
    "INSERT INTO message_versions (message_id, version, content, written_at) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kEdit =
    "UPDATE messages SET content = ?2, edited_at = ?3, edit_count = edit_count + 1, change_seq = ?4, mentions = ?5 "
    "WHERE id = ?1";
constexpr std::string_view kVersions =
    "SELECT content, written_at FROM message_versions WHERE message_id = ?1 ORDER BY version";
constexpr std::string_view kTombstone =
    "UPDATE messages SET content = '', quote = NULL, reactions = '', attachments = NULL, mentions = NULL, deleted_at = "
    "?2, deleted_by = "
    "?3, "
    "pinned_at = NULL, pinned_by = NULL, change_seq = ?4 WHERE id = ?1";
constexpr std::string_view kForgetVersions = "DELETE FROM message_versions WHERE message_id = ?1";
constexpr std::string_view kForgetReactions = "DELETE FROM message_reactions WHERE message_id = ?1";
constexpr std::string_view kForgetUnreadReactions = "DELETE FROM unread_reactions WHERE message_id = ?1";
// The replies quoting a deleted message lose the quote: none of its text stays.
constexpr std::string_view kForgetQuotes =
    "UPDATE messages SET quote = NULL WHERE reply_to_id = ?1 AND quote IS NOT NULL";
constexpr std::string_view kIsHidden = "SELECT 1 FROM hidden_messages WHERE user_id = ?1 AND message_id = ?2";
constexpr std::string_view kHide =
    "INSERT INTO hidden_messages (user_id, message_id, chat_id, seq, change_seq, hidden_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kHiddenBetween =
    "SELECT message_id FROM hidden_messages WHERE chat_id = ?1 AND user_id = ?2 AND seq BETWEEN ?3 AND ?4 "
    "ORDER BY seq";
constexpr std::string_view kHiddenChanges =
    "SELECT message_id, change_seq FROM hidden_messages WHERE chat_id = ?1 AND user_id = ?2 AND change_seq > ?3 "
    "ORDER BY change_seq LIMIT ?4";
constexpr std::string_view kChangeSeq = "SELECT change_seq FROM chats WHERE id = ?1";

Errc missing(const Query& q) { return q.failed() ? q.error() : Errc::kNotFound; }

Result<void> run(Query& q) {
  if (auto r = q.run(); !r) return fail(r.error());
  return {};
}

// The messages of `ids`, all of `chat_id` (kNotFound: one unknown; kInvalid: one elsewhere).
Result<std::vector<Message>> load_all(Connection& db, std::string_view chat_id, const std::vector<std::string>& ids) {
  std::vector<Message> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto m = load_message(db, id);
    if (!m) return fail(m.error());
    if (m->chat_id != chat_id) return fail(Errc::kInvalid);
    out.push_back(std::move(*m));
  }
  return out;
}

}  // namespace

Result<std::int64_t> next_change(Connection& db, std::string_view chat_id) {
  Query q(db, kNextChange);
  q.bind(chat_id);
  if (!q.next()) return fail(missing(q));
  return q.int64(0);
}

Result<Message> SqliteStore::edit_message(std::string_view message_id, std::string_view content,
                                          const Mentions& mentions, TimeMs at) {
  return write<Message>([&](Connection& db) -> Result<Message> {
    auto m = load_message(db, message_id);
    if (!m) return fail(m.error());
    if (m->deleted_at || m->kind != "text") return fail(Errc::kInvalid);
    {
      Query q(db, kKeepVersion);
      q.bind(message_id, m->edit_count, m->content, m->edited_at.value_or(m->created_at));
      if (auto r = run(q); !r) return fail(r.error());
    }
    auto change = next_change(db, m->chat_id);
    if (!change) return fail(change.error());
    {
      Query q(db, kEdit);
      q.bind(message_id, content, at, *change, mentions_text(mentions));
      if (auto r = run(q); !r) return fail(r.error());
    }
    if (auto r = reindex_message(db, m->chat_id, m->seq, content); !r) return fail(r.error());
    m->content = std::string(content);
    m->mentions = mentions;
    m->edited_at = at;
    m->edit_count += 1;
    m->change_seq = *change;
    if (auto r = add_event(outbox_, db, [&] { return outbox::message_edited(*m); }); !r) return fail(r.error());
    return m;
  });
}

Result<std::vector<TextVersion>> SqliteStore::message_versions(std::string_view message_id) {
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  auto m = load_message(*db, message_id);
  if (!m) return fail(m.error());
  std::vector<TextVersion> out;
  if (m->deleted_at) return out;
  Query q(*db, kVersions);
  q.bind(message_id);
  while (q.next()) out.push_back(TextVersion{q.text(0), q.int64(1)});
  if (q.failed()) return fail(q.error());
  out.push_back(TextVersion{m->content, m->edited_at.value_or(m->created_at)});
  return out;
}

Result<std::vector<Message>> SqliteStore::delete_messages(std::string_view chat_id, const std::vector<std::string>& ids,
                                                          std::string_view by, TimeMs at) {
  return write<std::vector<Message>>([&](Connection& db) -> Result<std::vector<Message>> {
    auto messages = load_all(db, chat_id, ids);
    if (!messages) return fail(messages.error());
    for (auto& m : *messages) {
      if (m.deleted_at) continue;
      auto change = next_change(db, chat_id);
      if (!change) return fail(change.error());
      {
        Query q(db, kTombstone);
        q.bind(m.id, at, by, *change);
        if (auto r = run(q); !r) return fail(r.error());
      }
      for (const auto sql : {kForgetVersions, kForgetQuotes, kForgetReactions, kForgetUnreadReactions}) {
        Query q(db, sql);
        q.bind(m.id);
        if (auto r = run(q); !r) return fail(r.error());
      }
      if (auto r = detach_files(db, m.id, at); !r) return fail(r.error());
      if (auto r = unindex_message(db, m.chat_id, m.seq); !r) return fail(r.error());
      m.content.clear();
      m.attachments.reset();
      m.mentions = {};
      m.quote.reset();
      m.reactions.clear();
      m.deleted_at = at;
      m.deleted_by = std::string(by);
      m.pinned_at.reset();
      m.pinned_by.reset();
      m.change_seq = *change;
      if (auto r = add_event(outbox_, db, [&] { return outbox::message_deleted(m); }); !r) return fail(r.error());
    }
    return messages;
  });
}

Result<std::int64_t> SqliteStore::hide_messages(std::string_view chat_id, std::string_view user_id,
                                                const std::vector<std::string>& ids, TimeMs at) {
  return write<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
    auto messages = load_all(db, chat_id, ids);
    if (!messages) return fail(messages.error());
    for (const auto& m : *messages) {
      {
        Query q(db, kIsHidden);
        q.bind(user_id, m.id);
        if (q.next()) continue;
        if (q.failed()) return fail(q.error());
      }
      auto change = next_change(db, chat_id);
      if (!change) return fail(change.error());
      Query q(db, kHide);
      q.bind(user_id, m.id, chat_id, m.seq, *change, at);
      if (auto r = run(q); !r) return fail(r.error());
    }
    Query q(db, kChangeSeq);
    q.bind(chat_id);
    if (!q.next()) return fail(missing(q));
    return q.int64(0);
  });
}

Result<std::vector<std::string>> SqliteStore::hidden_between(std::string_view chat_id, std::string_view user_id,
                                                             std::int64_t from_seq, std::int64_t to_seq) {
  auto db = readers_->acquire();
  Query q(*db, kHiddenBetween);
  q.bind(chat_id, user_id, from_seq, to_seq);
  std::vector<std::string> out;
  while (q.next()) out.push_back(q.text(0));
  if (q.failed()) return fail(q.error());
  return out;
}

Result<ChangePage> SqliteStore::changes(std::string_view chat_id, const ChangeQuery& query) {
  const auto limit = std::clamp<std::size_t>(query.limit, 1, kMaxChangePage);
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  std::int64_t current = 0;
  {
    Query q(*db, kChangeSeq);
    q.bind(chat_id);
    if (!q.next()) return fail(missing(q));
    current = q.int64(0);
  }
  auto messages = changed_messages(*db, chat_id, query.since, limit + 1);
  if (!messages) return fail(messages.error());
  std::vector<std::pair<std::string, std::int64_t>> hidden;
  {
    Query q(*db, kHiddenChanges);
    q.bind(chat_id, query.viewer, query.since, static_cast<std::int64_t>(limit + 1));
    while (q.next()) hidden.emplace_back(q.text(0), q.int64(1));
    if (q.failed()) return fail(q.error());
  }
  return merge_changes(std::move(*messages), std::move(hidden), limit, current);
}

}  // namespace parley::store::sqlite
