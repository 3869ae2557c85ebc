// SqliteStore: reactions (store/reactions.hpp). See sqlite_store_impl.hpp.
#include "store/outbox_events.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kHasReaction =
    "SELECT 1 FROM message_reactions WHERE message_id = ?1 AND user_id = ?2 AND emoji = ?3";
constexpr std::string_view kCountMine = "SELECT COUNT(*) FROM message_reactions WHERE message_id = ?1 AND user_id = ?2";
constexpr std::string_view kAddReaction =
    "INSERT INTO message_reactions (message_id, user_id, emoji, chat_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kRemoveReaction =
    "DELETE FROM message_reactions WHERE message_id = ?1 AND user_id = ?2 AND emoji = ?3";
constexpr std::string_view kAddUnread =
    "INSERT OR IGNORE INTO unread_reactions (user_id, chat_id, message_id, reactor_id, emoji, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kRemoveUnread =
    "DELETE FROM unread_reactions WHERE user_id = ?1 AND message_id = ?2 AND reactor_id = ?3 AND emoji = ?4";
constexpr std::string_view kCountEmoji =
    "INSERT INTO emoji_use (user_id, emoji, uses, last_used_at) VALUES (?1, ?2, 1, ?3) "
    "ON CONFLICT (user_id, emoji) DO UPDATE SET uses = uses + 1, last_used_at = MAX(last_used_at, "
    "excluded.last_used_at)";
// A message's counts, by first use.
constexpr std::string_view kCounts =
    "SELECT emoji, COUNT(*) FROM message_reactions WHERE message_id = ?1 GROUP BY emoji "
    "ORDER BY MIN(created_at), emoji";
constexpr std::string_view kSetCounts = "UPDATE messages SET reactions = ?2, change_seq = ?3 WHERE id = ?1";
constexpr std::string_view kReactors =
    "SELECT r.user_id, u.name, r.emoji, r.created_at FROM message_reactions r JOIN users u ON u.id = r.user_id "
    "WHERE r.message_id = ?1 AND (?2 IS NULL OR r.emoji = ?2) "
    "AND (?3 IS NULL OR (r.created_at, r.user_id, r.emoji) > (?3, ?4, ?5)) "
    "ORDER BY r.created_at, r.user_id, r.emoji LIMIT ?6";
constexpr std::string_view kMine = "SELECT emoji FROM message_reactions WHERE message_id = ?1 AND user_id = ?2";
// Per chat the user is still in: how many, and the message of the latest (SQLite takes the
// bare column from the row of MAX()).
constexpr std::string_view kUnread =
    "SELECT u.chat_id, COUNT(*), u.message_id, MAX(u.created_at) FROM unread_reactions u WHERE u.user_id = ?1 "
    "AND EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = u.chat_id AND p.user_id = u.user_id) "
    "GROUP BY u.chat_id ORDER BY u.chat_id";
constexpr std::string_view kUnreadInChat = "SELECT COUNT(*) FROM unread_reactions WHERE user_id = ?1 AND chat_id = ?2";
constexpr std::string_view kReadUnread = "DELETE FROM unread_reactions WHERE user_id = ?1 AND chat_id = ?2";
constexpr std::string_view kFrequent =
    "SELECT emoji, uses, last_used_at FROM emoji_use WHERE user_id = ?1 "
    "ORDER BY uses DESC, last_used_at DESC, emoji LIMIT ?2";

Result<void> run(Query& q) {
  if (auto r = q.run(); !r) return fail(r.error());
  return {};
}

Result<bool> has_row(Query& q) {
  if (q.next()) return true;
  if (q.failed()) return fail(q.error());
  return false;
}

Result<std::vector<ReactionCount>> counts_of(Connection& db, std::string_view message_id) {
  Query q(db, kCounts);
  q.bind(message_id);
  std::vector<ReactionCount> out;
  while (q.next()) out.push_back(ReactionCount{q.text(0), q.int64(1)});
  if (q.failed()) return fail(q.error());
  return out;
}

// Adds the reaction within the limits: the user's own count, the message's distinct emoji.
Result<void> add(Connection& db, const ReactionChange& c, const Message& m) {
  {
    Query q(db, kCountMine);
    q.bind(c.message_id, c.user_id);
    if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
    if (static_cast<std::size_t>(q.int64(0)) >= c.max_per_user) return fail(Errc::kLimit);
  }
  const bool known =
      std::any_of(m.reactions.begin(), m.reactions.end(), [&](const ReactionCount& r) { return r.emoji == c.emoji; });
  if (!known && m.reactions.size() >= c.max_distinct) return fail(Errc::kLimit);
  Query q(db, kAddReaction);
  q.bind(c.message_id, c.user_id, c.emoji, m.chat_id, c.at);
  if (auto r = run(q); !r) return r;
  if (c.user_id != m.sender_id) {
    Query u(db, kAddUnread);
    u.bind(m.sender_id, m.chat_id, m.id, c.user_id, c.emoji, c.at);
    if (auto r = run(u); !r) return r;
  }
  Query use(db, kCountEmoji);
  use.bind(c.user_id, c.emoji, c.at);
  return run(use);
}

Result<void> remove(Connection& db, const ReactionChange& c, const Message& m) {
  Query q(db, kRemoveReaction);
  q.bind(c.message_id, c.user_id, c.emoji);
  if (auto r = run(q); !r) return r;
  Query u(db, kRemoveUnread);
  u.bind(m.sender_id, m.id, c.user_id, c.emoji);
  return run(u);
}

}  // namespace

Result<Reacted> SqliteStore::react(const ReactionChange& change) {
  return write<Reacted>([&](Connection& db) -> Result<Reacted> {
    auto m = load_message(db, change.message_id);
    if (!m) return fail(m.error());
    if (m->deleted_at || m->kind != "text") return fail(Errc::kInvalid);
    bool present = false;
    {
      Query q(db, kHasReaction);
      q.bind(change.message_id, change.user_id, change.emoji);
      auto r = has_row(q);
      if (!r) return fail(r.error());
      present = *r;
    }
    const bool wanted = change.on.value_or(!present);
    if (wanted == present) return Reacted{std::move(*m), wanted, false, std::nullopt};
    if (auto r = wanted ? add(db, change, *m) : remove(db, change, *m); !r) return fail(r.error());
    auto counts = counts_of(db, m->id);
    if (!counts) return fail(counts.error());
    auto seq = next_change(db, m->chat_id);
    if (!seq) return fail(seq.error());
    {
      Query q(db, kSetCounts);
      q.bind(m->id, encode_reactions(*counts), *seq);
      if (auto r = run(q); !r) return fail(r.error());
    }
    m->reactions = std::move(*counts);
    m->change_seq = *seq;
    std::optional<std::int64_t> author_unread;
    if (change.user_id != m->sender_id) {
      Query q(db, kUnreadInChat);
      q.bind(m->sender_id, m->chat_id);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      author_unread = q.int64(0);
    }
    if (auto r =
            add_event(outbox_, db,
                      [&] { return outbox::message_reactions(*m, change.user_id, change.emoji, wanted, change.at); });
        !r) {
      return fail(r.error());
    }
    return Reacted{std::move(*m), wanted, true, author_unread};
  });
}

Result<std::vector<Reactor>> SqliteStore::reactors(const ReactorQuery& query) {
  const auto limit = static_cast<std::int64_t>(std::clamp<std::size_t>(query.limit, 1, kMaxReactorPage));
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  if (auto m = load_message(*db, query.message_id); !m) return fail(m.error());
  Query q(*db, kReactors);
  q.bind(query.message_id, query.emoji, query.after_at, query.after_user, query.after_emoji, limit);
  std::vector<Reactor> out;
  while (q.next()) out.push_back(Reactor{q.text(0), q.text(1), q.text(2), q.int64(3)});
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteStore::reactions_of(
    std::string_view user_id, const std::vector<std::string>& message_ids) {
  std::vector<std::pair<std::string, std::string>> out;
  if (message_ids.empty()) return out;
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  for (const auto& id : message_ids) {
    Query q(*db, kMine);
    q.bind(id, user_id);
    while (q.next()) out.emplace_back(id, q.text(0));
    if (q.failed()) return fail(q.error());
  }
  return out;
}

Result<std::vector<UnreadReactions>> SqliteStore::unread_reactions(std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kUnread);
  q.bind(user_id);
  std::vector<UnreadReactions> out;
  while (q.next()) out.push_back(UnreadReactions{q.text(0), q.int64(1), q.text(2)});
  if (q.failed()) return fail(q.error());
  return out;
}

Result<std::int64_t> SqliteStore::read_reactions(std::string_view user_id, std::string_view chat_id) {
  return write<std::int64_t>([&](Connection& db) -> Result<std::int64_t> {
    Query q(db, kReadUnread);
    q.bind(user_id, chat_id);
    if (auto r = run(q); !r) return fail(r.error());
    return db.changes();
  });
}

Result<void> SqliteStore::count_emoji(std::string_view user_id, const std::vector<std::string>& emoji, TimeMs at) {
  if (emoji.empty()) return {};
  return write<void>([&](Connection& db) -> Result<void> {
    for (const auto& e : emoji) {
      Query q(db, kCountEmoji);
      q.bind(user_id, e, at);
      if (auto r = run(q); !r) return r;
    }
    return {};
  });
}

Result<std::vector<EmojiUse>> SqliteStore::frequent_emoji(std::string_view user_id, std::size_t limit) {
  auto db = readers_->acquire();
  Query q(*db, kFrequent);
  q.bind(user_id, static_cast<std::int64_t>(std::clamp<std::size_t>(limit, 1, kMaxFrequentEmoji)));
  std::vector<EmojiUse> out;
  while (q.next()) out.push_back(EmojiUse{q.text(0), q.int64(1), q.int64(2)});
  if (q.failed()) return fail(q.error());
  return out;
}

}  // namespace parley::store::sqlite
