// PostgresStore: reactions (store/reactions.hpp). See postgres_store_impl.hpp.
//
// A change declares its chat's lock (writer.hpp), takes the chat's row lock as every change
// of the chat does (so its change_seq follows commit order), then the message's row lock,
// and only then reads the message's reactions and the reactor's own: concurrent changes of
// one message, in this process or another, run in turn, and the counts recomputed from the
// rows in the same transaction always add up. Ids and emoji compare bytewise (COLLATE "C"),
// as in SQLite.
#include "store/outbox_events.hpp"
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

// The chat's change_seq, its row locked until COMMIT; no row: no such message.
constexpr std::string_view kLockChatOfMessage =
    "SELECT change_seq FROM chats WHERE id = (SELECT chat_id FROM messages WHERE id = $1::text) FOR NO KEY UPDATE";
// The message, its row locked until COMMIT, with whether the user has put the emoji on it
// and how many reactions of theirs it has.
constexpr std::string_view kLockMessage =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS_OF("m")
    ", EXISTS (SELECT 1 FROM message_reactions r WHERE r.message_id = m.id AND r.user_id = $2::text"
    " AND r.emoji = $3::text),"
    " (SELECT COUNT(*) FROM message_reactions r WHERE r.message_id = m.id AND r.user_id = $2::text) "
    "FROM messages m WHERE m.id = $1::text FOR NO KEY UPDATE OF m";
// A query, not deferred: an unknown user fails this change alone (a foreign key: kNotFound).
constexpr std::string_view kAddReaction =
    "INSERT INTO message_reactions (message_id, user_id, emoji, chat_id, created_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint)";
constexpr std::string_view kRemoveReaction =
    "DELETE FROM message_reactions WHERE message_id = $1::text AND user_id = $2::text AND emoji = $3::text";
constexpr std::string_view kAddUnread =
    "INSERT INTO unread_reactions (user_id, chat_id, message_id, reactor_id, emoji, created_at) "
    "VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint) ON CONFLICT DO NOTHING";
constexpr std::string_view kRemoveUnread =
    "DELETE FROM unread_reactions "
    "WHERE user_id = $1::text AND message_id = $2::text AND reactor_id = $3::text AND emoji = $4::text";
constexpr std::string_view kCountEmoji =
    "INSERT INTO emoji_use (user_id, emoji, uses, last_used_at) VALUES ($1::text, $2::text, 1, $3::bigint) "
    "ON CONFLICT (user_id, emoji) DO UPDATE SET uses = emoji_use.uses + 1,"
    " last_used_at = GREATEST(emoji_use.last_used_at, excluded.last_used_at)";
// Several uses in one statement: each emoji's row once (ON CONFLICT DO UPDATE may not touch a
// row twice), with its repeats counted, in one order.
constexpr std::string_view kCountEmojis =
    "INSERT INTO emoji_use (user_id, emoji, uses, last_used_at) "
    "SELECT $1::text, e.emoji, COUNT(*), $3::bigint FROM unnest($2::text[]) AS e (emoji) "
    "GROUP BY e.emoji ORDER BY e.emoji COLLATE \"C\" "
    "ON CONFLICT (user_id, emoji) DO UPDATE SET uses = emoji_use.uses + excluded.uses,"
    " last_used_at = GREATEST(emoji_use.last_used_at, excluded.last_used_at)";
// A message's counts, by first use.
constexpr std::string_view kCounts =
    "SELECT emoji, COUNT(*) FROM message_reactions WHERE message_id = $1::text GROUP BY emoji "
    "ORDER BY MIN(created_at), emoji COLLATE \"C\"";
constexpr std::string_view kSetCounts =
    "UPDATE messages SET reactions = $2::text, change_seq = $3::bigint WHERE id = $1::text";
constexpr std::string_view kSetChange = "UPDATE chats SET change_seq = $2::bigint WHERE id = $1::text";
constexpr std::string_view kUnreadInChat =
    "SELECT COUNT(*) FROM unread_reactions WHERE user_id = $1::text AND chat_id = $2::text";

constexpr std::string_view kMessageExists = "SELECT 1 FROM messages WHERE id = $1::text";
constexpr std::string_view kReactors =
    "SELECT r.user_id, u.name, r.emoji, r.created_at FROM message_reactions r JOIN users u ON u.id = r.user_id "
    "WHERE r.message_id = $1::text AND ($2::text IS NULL OR r.emoji = $2::text) "
    "AND ($3::bigint IS NULL OR (r.created_at, r.user_id COLLATE \"C\", r.emoji COLLATE \"C\")"
    " > ($3::bigint, $4::text, $5::text)) "
    "ORDER BY r.created_at, r.user_id COLLATE \"C\", r.emoji COLLATE \"C\" LIMIT $6::bigint";
// In the order of the ids given.
constexpr std::string_view kMine =
    "SELECT message_id, emoji FROM message_reactions WHERE user_id = $1::text AND message_id = ANY ($2::text[]) "
    "ORDER BY array_position($2::text[], message_id), emoji COLLATE \"C\"";
// Per chat the user is still in: how many, and the message of the latest (the latest
// message's id first among reactions at the same time).
constexpr std::string_view kUnread =
    "SELECT u.chat_id, COUNT(*), (SELECT l.message_id FROM unread_reactions l"
    " WHERE l.user_id = u.user_id AND l.chat_id = u.chat_id"
    " ORDER BY l.created_at DESC, l.message_id COLLATE \"C\" DESC LIMIT 1) "
    "FROM unread_reactions u WHERE u.user_id = $1::text "
    "AND EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = u.chat_id AND p.user_id = u.user_id) "
    "GROUP BY u.user_id, u.chat_id ORDER BY u.chat_id COLLATE \"C\"";
constexpr std::string_view kReadUnread = "DELETE FROM unread_reactions WHERE user_id = $1::text AND chat_id = $2::text";
constexpr std::string_view kFrequent =
    "SELECT emoji, uses, last_used_at FROM emoji_use WHERE user_id = $1::text "
    "ORDER BY uses DESC, last_used_at DESC, emoji COLLATE \"C\" LIMIT $2::bigint";

// Adds the reaction within the limits: the user's own count (`mine`), the message's distinct
// emoji.
Result<void> add(Connection& db, const ReactionChange& c, const Message& m, std::int64_t mine) {
  if (static_cast<std::size_t>(mine) >= c.max_per_user) return fail(Errc::kLimit);
  const bool known =
      std::any_of(m.reactions.begin(), m.reactions.end(), [&](const ReactionCount& r) { return r.emoji == c.emoji; });
  if (!known && m.reactions.size() >= c.max_distinct) return fail(Errc::kLimit);
  if (auto r = db.query(kAddReaction, Params(c.message_id, c.user_id, c.emoji, m.chat_id, c.at)); !r) {
    return fail(errc_of(r));
  }
  if (c.user_id != m.sender_id) db.defer(kAddUnread, Params(m.sender_id, m.chat_id, m.id, c.user_id, c.emoji, c.at));
  db.defer(kCountEmoji, Params(c.user_id, c.emoji, c.at));
  return {};
}

void remove(Connection& db, const ReactionChange& c, const Message& m) {
  db.defer(kRemoveReaction, Params(c.message_id, c.user_id, c.emoji));
  db.defer(kRemoveUnread, Params(m.sender_id, m.id, c.user_id, c.emoji));
}

Result<std::vector<ReactionCount>> counts_of(Connection& db, std::string_view message_id) {
  auto r = db.query(kCounts, Params(message_id));
  if (!r) return fail(errc_of(r));
  std::vector<ReactionCount> out;
  out.reserve(static_cast<std::size_t>(r->size()));
  for (int i = 0; i < r->size(); ++i) out.push_back(ReactionCount{r->text(i, 0), r->int64(i, 1)});
  return out;
}

}  // namespace

Result<Reacted> PostgresStore::react(const ReactionChange& change) {
  return write<Reacted>(lock_chats_of({change.message_id}), [&](Connection& db) -> Result<Reacted> {
    auto chat = db.query(kLockChatOfMessage, Params(change.message_id));
    if (!chat) return fail(errc_of(chat));
    if (chat->empty()) return fail(Errc::kNotFound);
    auto locked = db.query(kLockMessage, Params(change.message_id, change.user_id, change.emoji));
    if (!locked) return fail(errc_of(locked));
    if (locked->empty()) return fail(Errc::kNotFound);
    Message m = read_message(*locked, 0);
    if (m.deleted_at || m.kind != "text") return fail(Errc::kInvalid);
    const bool present = locked->boolean(0, kMessageColumns);
    const bool wanted = change.on.value_or(!present);
    if (wanted == present) return Reacted{std::move(m), wanted, false, std::nullopt};
    if (wanted) {
      // A refused or failed change returns an error: the writer rolls back what it wrote.
      if (auto r = add(db, change, m, locked->int64(0, kMessageColumns + 1)); !r) return fail(r.error());
    } else {
      remove(db, change, m);
    }
    auto counts = counts_of(db, m.id);
    if (!counts) return fail(counts.error());
    // The chat's row is locked: its next change_seq is this change's.
    const std::int64_t seq = chat->int64(0, 0) + 1;
    db.defer(kSetChange, Params(m.chat_id, seq));
    db.defer(kSetCounts, Params(m.id, encode_reactions(*counts), seq));
    m.reactions = std::move(*counts);
    m.change_seq = seq;
    std::optional<std::int64_t> author_unread;
    if (change.user_id != m.sender_id) {
      auto r = db.query(kUnreadInChat, Params(m.sender_id, m.chat_id));
      if (!r) return fail(errc_of(r));
      author_unread = r->int64(0, 0);
    }
    write_event(db, outbox::message_reactions(m, change.user_id, change.emoji, wanted, change.at));
    return Reacted{std::move(m), wanted, true, author_unread};
  });
}

Result<std::vector<Reactor>> PostgresStore::reactors(const ReactorQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxReactorPage));
  return read([&](Connection& db) -> Result<std::vector<Reactor>> {
    {
      auto r = db.query(kMessageExists, Params(query.message_id));
      if (!r) return fail(errc_of(r));
      if (r->empty()) return fail(Errc::kNotFound);
    }
    auto r = db.query(
        kReactors, Params(query.message_id, query.emoji, query.after_at, query.after_user, query.after_emoji, limit));
    if (!r) return fail(errc_of(r));
    std::vector<Reactor> out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) {
      out.push_back(Reactor{r->text(i, 0), r->text(i, 1), r->text(i, 2), r->int64(i, 3)});
    }
    return out;
  });
}

Result<std::vector<std::pair<std::string, std::string>>> PostgresStore::reactions_of(
    std::string_view user_id, const std::vector<std::string>& message_ids) {
  using Mine = std::vector<std::pair<std::string, std::string>>;
  if (message_ids.empty()) return Mine();
  return read([&](Connection& db) -> Result<Mine> {
    auto r = db.query(kMine, Params(user_id, message_ids), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    Mine out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) out.emplace_back(r->text(i, 0), r->text(i, 1));
    return out;
  });
}

Result<std::vector<UnreadReactions>> PostgresStore::unread_reactions(std::string_view user_id) {
  return read([&](Connection& db) -> Result<std::vector<UnreadReactions>> {
    auto r = db.query(kUnread, Params(user_id));
    if (!r) return fail(errc_of(r));
    std::vector<UnreadReactions> out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) out.push_back(UnreadReactions{r->text(i, 0), r->int64(i, 1), r->text(i, 2)});
    return out;
  });
}

Result<std::int64_t> PostgresStore::read_reactions(std::string_view user_id, std::string_view chat_id) {
  // The chat's lock, as a reaction on the user's messages there takes it.
  return write<std::int64_t>(lock_names({lock_key(chat_id)}), [&](Connection& db) -> Result<std::int64_t> {
    auto r = db.query(kReadUnread, Params(user_id, chat_id));
    if (!r) return fail(errc_of(r));
    return r->affected();
  });
}

Result<void> PostgresStore::count_emoji(std::string_view user_id, const std::vector<std::string>& emoji, TimeMs at) {
  if (emoji.empty()) return {};
  // The user's lock, as writes to the user's rows take it; their emoji's rows in one order.
  return write<void>(lock_names({lock_key(user_id)}), [&](Connection& db) -> Result<void> {
    auto r = db.query(kCountEmojis, Params(user_id, emoji, at));
    if (!r) return fail(errc_of(r));
    return {};
  });
}

Result<std::vector<EmojiUse>> PostgresStore::frequent_emoji(std::string_view user_id, std::size_t limit) {
  const auto clamped = static_cast<std::int64_t>(std::clamp<std::size_t>(limit, 1, kMaxFrequentEmoji));
  return read([&](Connection& db) -> Result<std::vector<EmojiUse>> {
    auto r = db.query(kFrequent, Params(user_id, clamped));
    if (!r) return fail(errc_of(r));
    std::vector<EmojiUse> out;
    out.reserve(static_cast<std::size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) out.push_back(EmojiUse{r->text(i, 0), r->int64(i, 1), r->int64(i, 2)});
    return out;
  });
}

}  // namespace parley::store::postgres
