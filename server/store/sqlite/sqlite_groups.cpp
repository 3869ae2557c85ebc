// SqliteStore: group chats (store/groups.hpp). See sqlite_store_impl.hpp.
#include "store/outbox_events.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kInsertGroup =
    "INSERT INTO chats (id, kind, created_at, updated_at, last_seq, title, description, avatar_color, perm_send, "
    "perm_add, perm_edit_info, perm_pin, history_visible, slow_mode_seconds, member_limit, member_count, version, "
    "edit_window_seconds) VALUES (?1, 'group', ?2, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14)";
constexpr std::string_view kGroupState =
    "SELECT kind, version, last_seq, member_count, history_visible FROM chats WHERE id = ?1";
constexpr std::string_view kSetInfo =
    "UPDATE chats SET title = COALESCE(?2, title), description = COALESCE(?3, description), "
    "avatar_color = COALESCE(?4, avatar_color) WHERE id = ?1";
constexpr std::string_view kSetSettings =
    "UPDATE chats SET perm_send = ?2, perm_add = ?3, perm_edit_info = ?4, perm_pin = ?5, history_visible = ?6, "
    "slow_mode_seconds = ?7, member_limit = ?8, edit_window_seconds = ?9 WHERE id = ?1";
constexpr std::string_view kBumpVersion = "UPDATE chats SET version = version + 1, member_count = ?2 WHERE id = ?1";
constexpr std::string_view kNextPosition =
    "SELECT COALESCE(MAX(position), -1) + 1 FROM chat_participants WHERE chat_id = ?1";
constexpr std::string_view kInsertMember =
    "INSERT INTO chat_participants (chat_id, user_id, position, added_at, role, visible_after_seq, delivered_seq, "
    "read_seq, receipt_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
constexpr std::string_view kIsMember = "SELECT 1 FROM chat_participants WHERE chat_id = ?1 AND user_id = ?2";
constexpr std::string_view kRemoveMember = "DELETE FROM chat_participants WHERE chat_id = ?1 AND user_id = ?2";
constexpr std::string_view kSetRole = "UPDATE chat_participants SET role = ?3 WHERE chat_id = ?1 AND user_id = ?2";

#define PARLEY_MEMBER_COLUMNS                                                                                   \
  "user_id, role, added_at, position, visible_after_seq, delivered_seq, read_seq, last_sent_at, delivered_at, " \
  "read_at"
constexpr std::string_view kMember = "SELECT " PARLEY_MEMBER_COLUMNS
                                     " FROM chat_participants p WHERE chat_id = ?1 AND user_id = ?2 "
                                     "AND (SELECT kind FROM chats WHERE id = ?1) = 'group'";
constexpr std::string_view kMembers = "SELECT " PARLEY_MEMBER_COLUMNS
                                      " FROM chat_participants WHERE chat_id = ?1 AND role >= ?2 AND position > ?3 "
                                      "ORDER BY position LIMIT ?4";
// For receipts, a member has read as far as their reads count (receipt_seq: store/privacy.hpp).
constexpr std::string_view kReceipts =
    "SELECT user_id, role, added_at, position, visible_after_seq, delivered_seq, receipt_seq, last_sent_at, "
    "delivered_at, read_at FROM chat_participants WHERE chat_id = ?1 AND delivered_seq >= ?2 "
    "AND position > ?3 ORDER BY position LIMIT ?4";
#undef PARLEY_MEMBER_COLUMNS

constexpr std::string_view kWatermarksOf =
    "SELECT p.delivered_seq, p.read_seq, c.last_seq, c.delivered_floor, c.read_floor FROM chat_participants p "
    "JOIN chats c ON c.id = p.chat_id AND c.kind = 'group' WHERE p.chat_id = ?1 AND p.user_id = ?2";
constexpr std::string_view kRaiseWatermarks =
    "UPDATE chat_participants SET "
    "delivered_at = CASE WHEN ?3 > delivered_seq THEN ?5 ELSE delivered_at END, "
    "delivered_seq = MAX(delivered_seq, ?3), "
    "read_seq = MAX(read_seq, ?4), "
    "read_at = CASE WHEN ?4 > receipt_seq AND NOT EXISTS (SELECT 1 FROM user_privacy WHERE user_id = ?2 AND "
    "read_receipts = 0) THEN ?5 ELSE read_at END, "
    "receipt_seq = CASE WHEN EXISTS (SELECT 1 FROM user_privacy WHERE user_id = ?2 AND read_receipts = 0) "
    "THEN receipt_seq ELSE MAX(receipt_seq, ?4) END "
    "WHERE chat_id = ?1 AND user_id = ?2";
// With no members left, everything there is counts as delivered and read.
constexpr std::string_view kFloors =
    "UPDATE chats SET "
    "delivered_floor = COALESCE((SELECT MIN(delivered_seq) FROM chat_participants WHERE chat_id = ?1), last_seq), "
    "read_floor = COALESCE((SELECT MIN(receipt_seq) FROM chat_participants WHERE chat_id = ?1), last_seq) "
    "WHERE id = ?1 RETURNING delivered_floor, read_floor";

Errc missing(const Query& q) { return q.failed() ? q.error() : Errc::kNotFound; }

Role role_of(std::int64_t v) { return static_cast<Role>(std::clamp<std::int64_t>(v, 0, 2)); }

Member read_member(const Query& q) {
  Member m;
  m.user_id = q.text(0);
  m.role = role_of(q.int64(1));
  m.joined_at = q.int64(2);
  m.position = q.int64(3);
  m.visible_after_seq = q.int64(4);
  m.delivered_seq = q.int64(5);
  m.read_seq = q.int64(6);
  m.last_sent_at = q.int64(7);
  m.delivered_at = q.int64(8);
  m.read_at = q.int64(9);
  return m;
}

// The members a query bound with LIMIT limit + 1 returns: `limit` of them, and whether more follow.
Result<MemberPage> read_page(Query& q, std::size_t limit) {
  MemberPage page;
  while (q.next()) page.members.push_back(read_member(q));
  if (q.failed()) return fail(q.error());
  if (page.members.size() > limit) {
    page.members.pop_back();
    page.more = true;
  }
  return page;
}

Result<void> run(Query& q) {
  if (auto r = q.run(); !r) return fail(r.error());
  return {};
}

Result<bool> is_member(Connection& db, std::string_view chat_id, std::string_view user_id) {
  Query q(db, kIsMember);
  q.bind(chat_id, user_id);
  if (q.next()) return true;
  if (q.failed()) return fail(q.error());
  return false;
}

// Members from `position` on, in order; each starts at `seq` with the visibility given.
Result<void> insert_members(Connection& db, std::string_view chat_id, const std::vector<Member>& members,
                            std::int64_t position, std::int64_t seq, std::int64_t visible_after_seq) {
  for (const auto& m : members) {
    Query q(db, kInsertMember);
    q.bind(chat_id, m.user_id, position++, m.joined_at, static_cast<std::int64_t>(m.role), visible_after_seq, seq, seq);
    if (auto r = run(q); !r) return r;
  }
  return {};
}

// The timeline's lines of a change, each taking its seq.
Result<std::vector<Message>> append_lines(Connection& db, const std::vector<NewMessage>& lines, bool outbox) {
  std::vector<Message> out;
  for (const auto& line : lines) {
    auto appended = insert_message(db, line, outbox);
    if (!appended) return fail(appended.error());
    out.push_back(std::move(appended->message));
  }
  return out;
}

struct GroupState {
  std::int64_t version = 0;
  std::int64_t last_seq = 0;
  std::int64_t member_count = 0;
  bool history_visible = true;
};

Result<GroupState> group_state(Connection& db, std::string_view chat_id) {
  Query q(db, kGroupState);
  q.bind(chat_id);
  if (!q.next()) return fail(missing(q));
  if (q.text(0) != "group") return fail(Errc::kNotFound);
  return GroupState{q.int64(1), q.int64(2), q.int64(3), q.int64(4) != 0};
}

Result<void> apply_settings(Connection& db, std::string_view chat_id, const GroupSettings& s) {
  Query q(db, kSetSettings);
  q.bind(chat_id, static_cast<std::int64_t>(s.send), static_cast<std::int64_t>(s.add_members),
         static_cast<std::int64_t>(s.edit_info), static_cast<std::int64_t>(s.pin),
         static_cast<std::int64_t>(s.history_visible ? 1 : 0), s.slow_mode_seconds, s.member_limit,
         s.edit_window_seconds);
  return run(q);
}

// Everything of an edit but its lines and events; the member count after it.
Result<std::int64_t> apply_edit(Connection& db, const GroupEdit& edit, const GroupState& state) {
  std::set<std::string_view> removed;
  for (const auto& id : edit.remove) {
    auto member = is_member(db, edit.chat_id, id);
    if (!member) return fail(member.error());
    if (!*member || !removed.insert(id).second) return fail(Errc::kNotFound);
  }
  for (const auto& [id, role] : edit.roles) {
    auto member = is_member(db, edit.chat_id, id);
    if (!member) return fail(member.error());
    if (!*member || removed.contains(id)) return fail(Errc::kNotFound);
  }
  for (const auto& m : edit.add) {
    auto member = is_member(db, edit.chat_id, m.user_id);
    if (!member) return fail(member.error());
    if (*member) return fail(Errc::kConflict);
  }
  const std::int64_t count =
      state.member_count - static_cast<std::int64_t>(removed.size()) + static_cast<std::int64_t>(edit.add.size());
  if (edit.max_members > 0 && !edit.add.empty() && count > static_cast<std::int64_t>(edit.max_members)) {
    return fail(Errc::kLimit);
  }
  if (edit.title || edit.description || edit.avatar_color) {
    Query q(db, kSetInfo);
    q.bind(edit.chat_id, edit.title, edit.description, edit.avatar_color);
    if (auto r = run(q); !r) return fail(r.error());
  }
  if (edit.settings) {
    if (auto r = apply_settings(db, edit.chat_id, *edit.settings); !r) return fail(r.error());
  }
  for (const auto& id : edit.remove) {
    Query q(db, kRemoveMember);
    q.bind(edit.chat_id, id);
    if (auto r = run(q); !r) return fail(r.error());
  }
  for (const auto& [id, role] : edit.roles) {
    Query q(db, kSetRole);
    q.bind(edit.chat_id, id, static_cast<std::int64_t>(role));
    if (auto r = run(q); !r) return fail(r.error());
  }
  if (!edit.add.empty()) {
    std::int64_t position = 0;
    {
      Query q(db, kNextPosition);
      q.bind(edit.chat_id);
      if (!q.next()) return fail(q.failed() ? q.error() : Errc::kUnavailable);
      position = q.int64(0);
    }
    const bool visible = edit.settings ? edit.settings->history_visible : state.history_visible;
    if (auto r = insert_members(db, edit.chat_id, edit.add, position, state.last_seq, visible ? 0 : state.last_seq);
        !r) {
      return fail(r.error());
    }
  }
  return count;
}

}  // namespace

Result<std::pair<std::int64_t, std::int64_t>> update_floors(Connection& db, std::string_view chat_id) {
  Query q(db, kFloors);
  q.bind(chat_id);
  if (!q.next()) return fail(missing(q));
  return std::pair{q.int64(0), q.int64(1)};
}

Result<void> raise_sender_watermarks(Connection& db, std::string_view chat_id, std::string_view sender,
                                     std::int64_t seq, TimeMs at) {
  {
    Query q(db, kRaiseWatermarks);
    q.bind(chat_id, sender, seq, seq, at);
    if (auto r = run(q); !r) return r;
  }
  {
    Query q(db, "UPDATE chat_participants SET last_sent_at = ?3 WHERE chat_id = ?1 AND user_id = ?2");
    q.bind(chat_id, sender, at);
    if (auto r = run(q); !r) return r;
  }
  if (auto floors = update_floors(db, chat_id); !floors) return fail(floors.error());
  return {};
}

Result<GroupEdited> SqliteStore::create_group(const NewGroup& group) {
  return write<GroupEdited>([&](Connection& db) -> Result<GroupEdited> {
    if (chat_exists(db, group.id)) return fail(Errc::kConflict);
    const auto& info = group.info;
    const auto& s = info.settings;
    {
      Query q(db, kInsertGroup);
      q.bind(group.id, group.at, info.title, info.description, info.avatar_color, static_cast<std::int64_t>(s.send),
             static_cast<std::int64_t>(s.add_members), static_cast<std::int64_t>(s.edit_info),
             static_cast<std::int64_t>(s.pin), static_cast<std::int64_t>(s.history_visible ? 1 : 0),
             s.slow_mode_seconds, s.member_limit, static_cast<std::int64_t>(group.members.size()),
             s.edit_window_seconds);
      if (auto r = run(q); !r) return fail(r.error());
    }
    if (auto r = insert_members(db, group.id, group.members, 0, 0, 0); !r) return fail(r.error());
    auto chat = load_chat(db, group.id);
    if (!chat) return fail(chat.error());
    if (auto r = add_event(outbox_, db, [&] { return outbox::chat_created(*chat); }); !r) return fail(r.error());
    auto lines = append_lines(db, {group.created}, outbox_);
    if (!lines) return fail(lines.error());
    chat->last_seq = lines->back().seq;
    chat->updated_at = lines->back().created_at;
    return GroupEdited{std::move(*chat), std::move(*lines)};
  });
}

Result<GroupEdited> SqliteStore::edit_group(const GroupEdit& edit) {
  return write<GroupEdited>([&](Connection& db) -> Result<GroupEdited> {
    auto state = group_state(db, edit.chat_id);
    if (!state) return fail(state.error());
    if (state->version != edit.expected_version) return fail(Errc::kConflict);
    if (edit.invite) {
      if (auto used = use_invite(db, edit.chat_id, *edit.invite, edit.at); !used) return fail(used.error());
    }
    auto count = apply_edit(db, edit, *state);
    if (!count) return fail(count.error());
    {
      Query q(db, kBumpVersion);
      q.bind(edit.chat_id, *count);
      if (auto r = run(q); !r) return fail(r.error());
    }
    auto lines = append_lines(db, edit.system, outbox_);
    if (!lines) return fail(lines.error());
    if (!edit.add.empty() || !edit.remove.empty()) {
      if (auto floors = update_floors(db, edit.chat_id); !floors) return fail(floors.error());
    }
    auto chat = load_chat(db, edit.chat_id);
    if (!chat) return fail(chat.error());
    if (outbox_) {
      for (const auto& event : outbox::group_edited(edit, *chat)) {
        if (auto r = insert_event(db, event); !r) return fail(r.error());
      }
    }
    return GroupEdited{std::move(*chat), std::move(*lines)};
  });
}

Result<Watermarks> SqliteStore::raise_watermarks(std::string_view chat_id, std::string_view user_id,
                                                 std::int64_t delivered_seq, std::int64_t read_seq, TimeMs at) {
  // Reading implies delivery; neither goes past the last message.
  const auto read = [&](Connection& db) -> Result<Watermarks> {
    Query q(db, kWatermarksOf);
    q.bind(chat_id, user_id);
    if (!q.next()) return fail(missing(q));
    Watermarks w;
    const auto last = q.int64(2);
    w.read_seq = std::max(q.int64(1), std::min(read_seq, last));
    w.delivered_seq = std::max({q.int64(0), std::min(delivered_seq, last), w.read_seq});
    w.changed = w.delivered_seq != q.int64(0) || w.read_seq != q.int64(1);
    w.delivered_floor_before = w.delivered_floor = q.int64(3);
    w.read_floor_before = w.read_floor = q.int64(4);
    return w;
  };
  {
    auto db = readers_->acquire();
    auto w = read(*db);
    if (!w || !w->changed) return w;  // nothing to raise: no write
  }
  return write<Watermarks>([&](Connection& db) -> Result<Watermarks> {
    auto w = read(db);
    if (!w || !w->changed) return w;
    {
      Query q(db, kRaiseWatermarks);
      q.bind(chat_id, user_id, w->delivered_seq, w->read_seq, at);
      if (auto r = run(q); !r) return fail(r.error());
    }
    auto floors = update_floors(db, chat_id);
    if (!floors) return fail(floors.error());
    w->delivered_floor = floors->first;
    w->read_floor = floors->second;
    return w;
  });
}

Result<MemberPage> SqliteStore::receipts(std::string_view chat_id, const ReceiptQuery& query) {
  const auto limit = std::clamp<std::size_t>(query.limit, 1, kMaxMemberPage);
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  if (auto state = group_state(*db, chat_id); !state) return fail(state.error());
  Query q(*db, kReceipts);
  q.bind(chat_id, query.seq, query.after_position, static_cast<std::int64_t>(limit + 1));
  return read_page(q, limit);
}

Result<Member> SqliteStore::member(std::string_view chat_id, std::string_view user_id) {
  auto db = readers_->acquire();
  Query q(*db, kMember);
  q.bind(chat_id, user_id);
  if (!q.next()) return fail(missing(q));
  return read_member(q);
}

Result<MemberPage> SqliteStore::members(std::string_view chat_id, const MemberQuery& query) {
  const auto limit = std::clamp<std::size_t>(query.limit, 1, kMaxMemberPage);
  auto db = readers_->acquire();
  ReadTransaction tx(*db);
  if (!tx.ok()) return fail(Errc::kUnavailable);
  if (auto state = group_state(*db, chat_id); !state) return fail(state.error());
  Query q(*db, kMembers);
  q.bind(chat_id, static_cast<std::int64_t>(query.min_role), query.after_position,
         static_cast<std::int64_t>(limit + 1));
  return read_page(q, limit);
}

}  // namespace parley::store::sqlite
