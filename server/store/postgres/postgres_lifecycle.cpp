// PostgresStore: messages after they are sent (store/lifecycle.hpp): edits and their versions,
// deletion for everyone and for oneself, the change feed. See postgres_store_impl.hpp.
//
// Every change raises its chat's change_seq by one and gives the value to what it changed. The
// writes declare the chat's lock (writer.hpp), as appends and pins do, and take the chat's row
// lock before they read what they change (an edit by raising change_seq first, a deletion or a
// hiding by locking the row), so the change_seqs of one chat follow commit order in every
// process. A read of the feed therefore stops at the chat's change_seq as it read it first:
// every change up to it has committed, and what commits after waits for the next page.
#include "store/change_page.hpp"
#include "store/mentions_text.hpp"
#include "store/outbox_events.hpp"
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

// The message's chat's next change_seq; the UPDATE takes the chat's row lock until COMMIT, so
// the message is read after every change before this one committed. No row: no such message.
constexpr std::string_view kNextChangeOfMessage =
    "UPDATE chats SET change_seq = change_seq + 1 WHERE id = (SELECT chat_id FROM messages WHERE id = $1::text) "
    "RETURNING change_seq";
constexpr std::string_view kKeepVersion =
    "INSERT INTO message_versions (message_id, version, content, written_at) "
    "VALUES ($1::text, $2::bigint, $3::text, $4::bigint)";
constexpr std::string_view kEdit =
    "UPDATE messages SET content = $2::text, edited_at = $3::bigint, edit_count = edit_count + 1,"
    " change_seq = $4::bigint, mentions = $5::text WHERE id = $1::text";
// A message's texts in one statement (one snapshot): its versions, then its current text as
// the last; the first column says whether it is deleted. No row: no such message.
constexpr std::string_view kVersions =
    "SELECT m.deleted_at IS NOT NULL, v.content, v.written_at FROM messages m CROSS JOIN LATERAL ("
    " SELECT version, content, written_at FROM message_versions WHERE message_id = m.id"
    " UNION ALL SELECT m.edit_count, m.content, COALESCE(m.edited_at, m.created_at)) v "
    "WHERE m.id = $1::text ORDER BY v.version";
// The chat's change_seq, its row locked until COMMIT; no row when there is no such chat.
constexpr std::string_view kLockChat = "SELECT change_seq FROM chats WHERE id = $1::text FOR NO KEY UPDATE";
constexpr std::string_view kSetChange = "UPDATE chats SET change_seq = $2::bigint WHERE id = $1::text";
// Tombstones of the messages $1, each with its change_seq of $2.
constexpr std::string_view kTombstones =
    "UPDATE messages m SET content = '', quote = NULL, reactions = '', attachments = NULL, mentions = NULL, deleted_at "
    "= $3::bigint, "
    "deleted_by = $4::text,"
    " pinned_at = NULL, pinned_by = NULL, change_seq = d.change_seq "
    "FROM unnest($1::text[], $2::bigint[]) AS d (id, change_seq) WHERE m.id = d.id";
constexpr std::string_view kForgetVersions = "DELETE FROM message_versions WHERE message_id = ANY ($1::text[])";
constexpr std::string_view kForgetReactions = "DELETE FROM message_reactions WHERE message_id = ANY ($1::text[])";
constexpr std::string_view kForgetUnreadReactions = "DELETE FROM unread_reactions WHERE message_id = ANY ($1::text[])";
// The replies quoting deleted messages lose the quote: none of their text stays.
constexpr std::string_view kForgetQuotes =
    "UPDATE messages SET quote = NULL WHERE reply_to_id = ANY ($1::text[]) AND quote IS NOT NULL";
constexpr std::string_view kHiddenAmong =
    "SELECT message_id FROM hidden_messages WHERE user_id = $1::text AND message_id = ANY ($2::text[])";
// Rows for the messages $3 (their seqs $4, change_seqs $5). An unknown user fails it (a
// foreign key: kNotFound).
constexpr std::string_view kHide =
    "INSERT INTO hidden_messages (user_id, message_id, chat_id, seq, change_seq, hidden_at) "
    "SELECT $1::text, h.message_id, $2::text, h.seq, h.change_seq, $6::bigint "
    "FROM unnest($3::text[], $4::bigint[], $5::bigint[]) AS h (message_id, seq, change_seq)";
constexpr std::string_view kHiddenBetween =
    "SELECT message_id FROM hidden_messages WHERE chat_id = $1::text AND user_id = $2::text"
    " AND seq BETWEEN $3::bigint AND $4::bigint ORDER BY seq";
constexpr std::string_view kHiddenChanges =
    "SELECT message_id, change_seq FROM hidden_messages WHERE chat_id = $1::text AND user_id = $2::text"
    " AND change_seq > $3::bigint AND change_seq <= $4::bigint ORDER BY change_seq LIMIT $5::bigint";
constexpr std::string_view kChangeSeq = "SELECT change_seq FROM chats WHERE id = $1::text";

// The messages of `ids`, in their order, all of `chat_id` (kNotFound: one unknown; kInvalid: one
// elsewhere; the first such in `ids` decides). An id given twice gives its message twice.
Result<std::vector<Message>> load_all(Connection& db, std::string_view chat_id, const std::vector<std::string>& ids) {
  std::vector<Message> out;
  if (ids.empty()) return out;
  auto found = messages_by_ids(db, ids);
  if (!found) return fail(found.error());
  std::unordered_map<std::string_view, const Message*> by_id;
  for (const auto& m : *found) by_id.emplace(m.id, &m);
  out.reserve(ids.size());
  for (const auto& id : ids) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) return fail(Errc::kNotFound);
    if (it->second->chat_id != chat_id) return fail(Errc::kInvalid);
    out.push_back(*it->second);
  }
  return out;
}

// The chat's change_seq, its row locked; nullopt when there is no such chat.
Result<std::optional<std::int64_t>> lock_chat(Connection& db, std::string_view chat_id) {
  auto r = db.query(kLockChat, Params(chat_id));
  if (!r) return fail(errc_of(r));
  if (r->empty()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(r->int64(0, 0));
}

}  // namespace

Result<Message> PostgresStore::edit_message(std::string_view message_id, std::string_view content,
                                            const Mentions& mentions, TimeMs at) {
  return write<Message>(lock_chats_of({std::string(message_id)}), [&](Connection& db) -> Result<Message> {
    auto change = db.query(kNextChangeOfMessage, Params(message_id));
    if (!change) return fail(errc_of(change));
    if (change->empty()) return fail(Errc::kNotFound);
    auto m = load_message(db, message_id);
    if (!m) return fail(m.error());
    // A refused edit returns an error: the writer rolls back the change_seq raised above.
    if (m->deleted_at || m->kind != "text") return fail(Errc::kInvalid);
    db.defer(kKeepVersion, Params(message_id, m->edit_count, m->content, m->edited_at.value_or(m->created_at)));
    // A query, not deferred: a text the server refuses fails this edit alone.
    auto edited = db.query(kEdit, Params(message_id, content, at, change->int64(0, 0), mentions_text(mentions)));
    if (!edited) return fail(errc_of(edited));
    reindex_message(db, message_id, content);
    m->content = std::string(content);
    m->mentions = mentions;
    m->edited_at = at;
    m->edit_count += 1;
    m->change_seq = change->int64(0, 0);
    write_event(db, outbox::message_edited(*m));
    return m;
  });
}

Result<std::vector<TextVersion>> PostgresStore::message_versions(std::string_view message_id) {
  return read([&](Connection& db) -> Result<std::vector<TextVersion>> {
    auto r = db.query(kVersions, Params(message_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    std::vector<TextVersion> out;
    if (r->boolean(0, 0)) return out;  // deleted: no text, no history
    for (int i = 0; i < r->size(); ++i) out.push_back(TextVersion{r->text(i, 1), r->int64(i, 2)});
    return out;
  });
}

Result<std::vector<Message>> PostgresStore::delete_messages(std::string_view chat_id,
                                                            const std::vector<std::string>& ids, std::string_view by,
                                                            TimeMs at) {
  return write<std::vector<Message>>(
      lock_names({lock_key(chat_id)}), [&](Connection& db) -> Result<std::vector<Message>> {
        auto locked = lock_chat(db, chat_id);
        if (!locked) return fail(locked.error());
        auto messages = load_all(db, chat_id, ids);
        if (!messages) return fail(messages.error());
        if (!*locked) return messages;  // no such chat: no ids either (each would be elsewhere)
        std::int64_t change = **locked;
        std::vector<std::string> tombstones;
        std::vector<std::int64_t> change_seqs;
        std::vector<std::size_t> deleted;  // indexes of the messages deleted here, in order
        std::unordered_map<std::string, std::size_t> first;
        for (std::size_t i = 0; i < messages->size(); ++i) {
          auto& m = (*messages)[i];
          if (auto [it, fresh] = first.emplace(m.id, i); !fresh) {
            m = (*messages)[it->second];  // given twice: the same tombstone, one change
            continue;
          }
          if (m.deleted_at) continue;  // deleted already: returned as it is
          m.content.clear();
          m.attachments.reset();
          m.mentions = {};
          m.quote.reset();
          m.reactions.clear();
          m.deleted_at = at;
          m.deleted_by = std::string(by);
          m.pinned_at.reset();
          m.pinned_by.reset();
          m.change_seq = ++change;
          tombstones.push_back(m.id);
          change_seqs.push_back(m.change_seq);
          deleted.push_back(i);
        }
        if (tombstones.empty()) return messages;
        if (auto r = detach_files(db, tombstones, at); !r) return fail(r.error());
        db.defer(kTombstones, Params(tombstones, change_seqs, at, by), Plan::kEachTime);
        db.defer(kForgetVersions, Params(tombstones), Plan::kEachTime);
        unindex_messages(db, tombstones);
        db.defer(kForgetQuotes, Params(tombstones), Plan::kEachTime);
        db.defer(kForgetReactions, Params(tombstones), Plan::kEachTime);
        db.defer(kForgetUnreadReactions, Params(tombstones), Plan::kEachTime);
        db.defer(kSetChange, Params(chat_id, change));
        for (const auto i : deleted) write_event(db, outbox::message_deleted((*messages)[i]));
        return messages;
      });
}

Result<std::int64_t> PostgresStore::hide_messages(std::string_view chat_id, std::string_view user_id,
                                                  const std::vector<std::string>& ids, TimeMs at) {
  return write<std::int64_t>(lock_names({lock_key(chat_id)}), [&](Connection& db) -> Result<std::int64_t> {
    auto locked = lock_chat(db, chat_id);
    if (!locked) return fail(locked.error());
    auto messages = load_all(db, chat_id, ids);
    if (!messages) return fail(messages.error());
    if (!*locked) return fail(Errc::kNotFound);
    std::int64_t change = **locked;
    if (messages->empty()) return change;
    std::unordered_set<std::string> skip;  // hidden already, or hidden by this call
    {
      auto r = db.query(kHiddenAmong, Params(user_id, ids), Plan::kEachTime);
      if (!r) return fail(errc_of(r));
      for (int i = 0; i < r->size(); ++i) skip.insert(r->text(i, 0));
    }
    std::vector<std::string> hidden;
    std::vector<std::int64_t> seqs, change_seqs;
    for (const auto& m : *messages) {
      if (!skip.insert(m.id).second) continue;
      hidden.push_back(m.id);
      seqs.push_back(m.seq);
      change_seqs.push_back(++change);
    }
    if (hidden.empty()) return change;
    auto r = db.query(kHide, Params(user_id, chat_id, hidden, seqs, change_seqs, at));
    if (!r) return fail(errc_of(r));
    db.defer(kSetChange, Params(chat_id, change));
    return change;
  });
}

Result<std::vector<std::string>> PostgresStore::hidden_between(std::string_view chat_id, std::string_view user_id,
                                                               std::int64_t from_seq, std::int64_t to_seq) {
  return read([&](Connection& db) -> Result<std::vector<std::string>> {
    auto r = db.query(kHiddenBetween, Params(chat_id, user_id, from_seq, to_seq));
    if (!r) return fail(errc_of(r));
    std::vector<std::string> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(r->text(i, 0));
    return out;
  });
}

Result<ChangePage> PostgresStore::changes(std::string_view chat_id, const ChangeQuery& query) {
  const auto limit = std::clamp<std::size_t>(query.limit, 1, kMaxChangePage);
  return read([&](Connection& db) -> Result<ChangePage> {
    std::int64_t current = 0;
    {
      auto r = db.query(kChangeSeq, Params(chat_id));
      if (!r) return fail(errc_of(r));
      if (r->empty()) return fail(Errc::kNotFound);
      current = r->int64(0, 0);
    }
    // Up to `current` only (see the top of this file): a message changed again since is left
    // to the next page, which lists it as it is then.
    auto messages = changed_messages(db, chat_id, query.since, current, limit + 1);
    if (!messages) return fail(messages.error());
    std::vector<std::pair<std::string, std::int64_t>> hidden;
    {
      auto r = db.query(kHiddenChanges,
                        Params(chat_id, query.viewer, query.since, current, static_cast<std::int64_t>(limit + 1)));
      if (!r) return fail(errc_of(r));
      for (int i = 0; i < r->size(); ++i) hidden.emplace_back(r->text(i, 0), r->int64(i, 1));
    }
    return merge_changes(std::move(*messages), std::move(hidden), limit, current);
  });
}

}  // namespace parley::store::postgres
