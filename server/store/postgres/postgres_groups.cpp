// PostgresStore: group chats (store/groups.hpp). See postgres_store_impl.hpp.
//
// A group is a row of chats (kind 'group') with its info and settings, and its members are
// rows of chat_participants, `position` being the join order. Creating and editing a group
// declare the chat's lock (writer.hpp), so the edits of one group run in turn in every process;
// an edit also locks the chat's row before it reads the version it checks. A member joining
// with an invite link has its use counted right after that check (use_invite,
// postgres_invites.cpp). The timeline's system lines are appended like any message
// (append_one), after the change they tell.
//
// A member's watermarks (delivered_seq, read_seq) only rise, and the group's floors (their
// lowest over the members, kept on the chat's row) follow every change of watermarks and of
// members, in the transaction of that change. Raising watermarks locks the chat like an edit.
#include "store/outbox_events.hpp"
#include "store/postgres/postgres_store_impl.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace parley::store::postgres {
namespace {

using util::fail;

// A new group: nothing when the id is taken (by a group or a private chat).
constexpr std::string_view kInsertGroup =
    "INSERT INTO chats (id, kind, created_at, updated_at, last_seq, title, description, avatar_color, perm_send,"
    " perm_add, perm_edit_info, perm_pin, history_visible, slow_mode_seconds, member_limit, member_count, version,"
    " edit_window_seconds) "
    "VALUES ($1::text, 'group', $2::bigint, $2::bigint, 0, $3::text, $4::text, $5::text, $6::smallint, $7::smallint,"
    " $8::smallint, $9::smallint, $10::boolean, $11::bigint, $12::bigint, $13::bigint, 1, $14::bigint) "
    "ON CONFLICT (id) DO NOTHING RETURNING id";
// Members in the order given, after the chat's last position (from 0 in a new chat). An
// unknown user fails the statement (a foreign key: kNotFound), a member given twice too
// (kConflict).
constexpr std::string_view kInsertMembers =
    "INSERT INTO chat_participants (chat_id, user_id, position, added_at, role, visible_after_seq, delivered_seq,"
    " read_seq, receipt_seq, delivered_at, read_at, last_sent_at) "
    "SELECT $1::text, m.user_id,"
    " COALESCE((SELECT MAX(p.position) FROM chat_participants p WHERE p.chat_id = $1::text), -1) + m.ord,"
    " m.added_at, m.role, m.visible_after_seq, m.delivered_seq, m.read_seq, m.read_seq, m.delivered_at, m.read_at,"
    " m.last_sent_at "
    "FROM unnest($2::text[], $3::bigint[], $4::smallint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],"
    " $9::bigint[], $10::bigint[])"
    " WITH ORDINALITY AS m (user_id, added_at, role, visible_after_seq, delivered_seq, read_seq, delivered_at,"
    " read_at, last_sent_at, ord)";
// The group an edit starts from, its row locked until COMMIT: appends and pins of this chat
// wait for the edit (and the edit for them), in this process and in others.
constexpr std::string_view kLockGroup =
    "SELECT kind, version, last_seq, member_count, history_visible FROM chats WHERE id = $1::text "
    "FOR NO KEY UPDATE";
constexpr std::string_view kMembersAmong =
    "SELECT user_id FROM chat_participants WHERE chat_id = $1::text AND user_id = ANY ($2::text[])";
// Info and settings where given (NULL: unchanged), the member count, the next version.
constexpr std::string_view kUpdateGroup =
    "UPDATE chats SET title = COALESCE($2::text, title), description = COALESCE($3::text, description),"
    " avatar_color = COALESCE($4::text, avatar_color), perm_send = COALESCE($5::smallint, perm_send),"
    " perm_add = COALESCE($6::smallint, perm_add), perm_edit_info = COALESCE($7::smallint, perm_edit_info),"
    " perm_pin = COALESCE($8::smallint, perm_pin), history_visible = COALESCE($9::boolean, history_visible),"
    " slow_mode_seconds = COALESCE($10::bigint, slow_mode_seconds),"
    " member_limit = COALESCE($11::bigint, member_limit), member_count = $12::bigint, version = version + 1,"
    " edit_window_seconds = COALESCE($13::bigint, edit_window_seconds) "
    "WHERE id = $1::text";
constexpr std::string_view kRemoveMembers =
    "DELETE FROM chat_participants WHERE chat_id = $1::text AND user_id = ANY ($2::text[])";
constexpr std::string_view kSetRoles =
    "UPDATE chat_participants p SET role = r.role FROM unnest($2::text[], $3::smallint[]) AS r (user_id, role) "
    "WHERE p.chat_id = $1::text AND p.user_id = r.user_id";

// The columns read_member() expects, in its order. A macro only to splice a constant into
// string literals at compile time; values are always bound.
#define PARLEY_MEMBER_COLUMNS                                                                                     \
  "p.user_id, p.role, p.added_at, p.position, p.visible_after_seq, p.delivered_seq, p.read_seq, p.last_sent_at, " \
  "p.delivered_at, p.read_at"
constexpr std::string_view kMember = "SELECT " PARLEY_MEMBER_COLUMNS
                                     " FROM chat_participants p JOIN chats c ON c.id = p.chat_id "
                                     "WHERE p.chat_id = $1::text AND p.user_id = $2::text AND c.kind = 'group'";
// One more than the page holds, to tell whether more follow.
constexpr std::string_view kMembers = "SELECT " PARLEY_MEMBER_COLUMNS
                                      " FROM chat_participants p WHERE p.chat_id = $1::text AND p.role >= $2::smallint"
                                      " AND p.position > $3::bigint ORDER BY p.position LIMIT $4::bigint";
// Who has the message at $2: delivered_seq at or past it (chat_participants_delivered). They
// have read as far as their reads count (receipt_seq: store/privacy.hpp).
constexpr std::string_view kReceipts =
    "SELECT p.user_id, p.role, p.added_at, p.position, p.visible_after_seq, "
    "p.delivered_seq, p.receipt_seq, p.last_sent_at, p.delivered_at, p.read_at"
    " FROM chat_participants p WHERE p.chat_id = $1::text"
    " AND p.delivered_seq >= $2::bigint AND p.position > $3::bigint"
    " ORDER BY p.position LIMIT $4::bigint";
#undef PARLEY_MEMBER_COLUMNS
constexpr std::string_view kIsGroup = "SELECT 1 FROM chats WHERE id = $1::text AND kind = 'group'";

// A member's watermarks, the chat's last seq and its floors; no row when `user_id` is not a
// member of a group. kLockWatermarks also locks the chat's row until COMMIT, as an edit does.
#define PARLEY_WATERMARKS_OF                                                                         \
  "SELECT p.delivered_seq, p.read_seq, c.last_seq, c.delivered_floor, c.read_floor FROM chats c "    \
  "JOIN chat_participants p ON p.chat_id = c.id AND p.user_id = $2::text WHERE c.id = $1::text AND " \
  "c.kind = 'group'"
constexpr std::string_view kWatermarksOf = PARLEY_WATERMARKS_OF;
constexpr std::string_view kLockWatermarks = PARLEY_WATERMARKS_OF " FOR NO KEY UPDATE OF c";
#undef PARLEY_WATERMARKS_OF
// Raises a member's watermarks to $3 and $4, never lowering them; the time $5 only for the one
// that rose. With $6, last_sent_at too (a message of theirs). With read receipts off, the reads
// do not count for the others (receipt_seq and read_at stay).
#define PARLEY_RECEIPTS_OFF(user) "EXISTS (SELECT 1 FROM user_privacy WHERE user_id = " user " AND NOT read_receipts)"
constexpr std::string_view kRaiseWatermarks =
    "UPDATE chat_participants SET"
    " delivered_at = CASE WHEN $3::bigint > delivered_seq THEN $5::bigint ELSE delivered_at END,"
    " delivered_seq = GREATEST(delivered_seq, $3::bigint),"
    " read_at = CASE WHEN $4::bigint > receipt_seq AND NOT " PARLEY_RECEIPTS_OFF("$2::text") " THEN $5::bigint"
    " ELSE read_at END,"
    " receipt_seq = CASE WHEN " PARLEY_RECEIPTS_OFF("$2::text") " THEN receipt_seq"
    " ELSE GREATEST(receipt_seq, $4::bigint) END,"
    " read_seq = GREATEST(read_seq, $4::bigint), last_sent_at = COALESCE($6::bigint, last_sent_at) "
    "WHERE chat_id = $1::text AND user_id = $2::text";
// The same for the senders of several messages ($1..$4: chat, sender, seq, time of each): each
// sender's last message in each chat counts.
constexpr std::string_view kRaiseSenders =
    "UPDATE chat_participants p SET"
    " delivered_at = CASE WHEN s.seq > p.delivered_seq THEN s.at ELSE p.delivered_at END,"
    " delivered_seq = GREATEST(p.delivered_seq, s.seq),"
    " read_at = CASE WHEN s.seq > p.receipt_seq AND NOT " PARLEY_RECEIPTS_OFF("s.user_id") " THEN s.at"
    " ELSE p.read_at END,"
    " receipt_seq = CASE WHEN " PARLEY_RECEIPTS_OFF("s.user_id") " THEN p.receipt_seq"
    " ELSE GREATEST(p.receipt_seq, s.seq) END,"
    " read_seq = GREATEST(p.read_seq, s.seq), last_sent_at = s.at "
    "FROM (SELECT DISTINCT ON (m.chat_id, m.user_id) m.chat_id, m.user_id, m.seq, m.at"
    " FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) AS m (chat_id, user_id, seq, at)"
    " ORDER BY m.chat_id, m.user_id, m.seq DESC) s "
    "WHERE p.chat_id = s.chat_id AND p.user_id = s.user_id";
#undef PARLEY_RECEIPTS_OFF
// A group's floors from its members' watermarks: with no members left, everything there is
// counts as delivered and read.
#define PARLEY_FLOORS                                                                                   \
  "UPDATE chats c SET"                                                                                  \
  " delivered_floor = COALESCE((SELECT MIN(p.delivered_seq) FROM chat_participants p"                   \
  " WHERE p.chat_id = c.id), c.last_seq),"                                                              \
  " read_floor = COALESCE((SELECT MIN(p.receipt_seq) FROM chat_participants p WHERE p.chat_id = c.id)," \
  " c.last_seq) "
constexpr std::string_view kFloors = PARLEY_FLOORS "WHERE c.id = $1::text RETURNING c.delivered_floor, c.read_floor";
constexpr std::string_view kFloorsOf = PARLEY_FLOORS "WHERE c.id = ANY ($1::text[])";
#undef PARLEY_FLOORS

// Stored as the schema's CHECKs allow, whatever value the enums hold.
std::int64_t policy_value(Policy p) { return p == Policy::kAdmins ? 1 : 0; }
std::int64_t role_value(Role r) { return std::clamp<std::int64_t>(static_cast<std::int64_t>(r), 0, 2); }
Role role_of(std::int64_t v) { return static_cast<Role>(std::clamp<std::int64_t>(v, 0, 2)); }
const char* boolean(bool b) { return b ? "true" : "false"; }

Member read_member(const Rows& r, int row) {
  Member m;
  m.user_id = r.text(row, 0);
  m.role = role_of(r.int64(row, 1));
  m.joined_at = r.int64(row, 2);
  m.position = r.int64(row, 3);
  m.visible_after_seq = r.int64(row, 4);
  m.delivered_seq = r.int64(row, 5);
  m.read_seq = r.int64(row, 6);
  m.last_sent_at = r.int64(row, 7);
  m.delivered_at = r.int64(row, 8);
  m.read_at = r.int64(row, 9);
  return m;
}

// Inserts `members` after the chat's last position. With `start`, every one's watermarks start
// there and visible_after_seq is `visible_after_seq`; without, they are stored as given.
Result<void> insert_members(Connection& db, std::string_view chat_id, const std::vector<Member>& members,
                            std::optional<std::int64_t> start, std::int64_t visible_after_seq) {
  if (members.empty()) return {};
  std::vector<std::string> users;
  std::vector<std::int64_t> joined, roles, visible, delivered, read, delivered_at, read_at, sent;
  for (const auto& m : members) {
    users.push_back(m.user_id);
    joined.push_back(m.joined_at);
    roles.push_back(role_value(m.role));
    visible.push_back(start ? visible_after_seq : m.visible_after_seq);
    delivered.push_back(start ? *start : m.delivered_seq);
    read.push_back(start ? *start : m.read_seq);
    delivered_at.push_back(start ? 0 : m.delivered_at);
    read_at.push_back(start ? 0 : m.read_at);
    sent.push_back(start ? 0 : m.last_sent_at);
  }
  auto r = db.query(kInsertMembers,
                    Params(chat_id, users, joined, roles, visible, delivered, read, delivered_at, read_at, sent));
  if (!r) return fail(errc_of(r));
  return {};
}

struct GroupState {
  std::int64_t version = 0;
  std::int64_t last_seq = 0;
  std::int64_t member_count = 0;
  bool history_visible = true;
};

// The group's state, its row locked; kNotFound when the chat is missing or not a group.
Result<GroupState> lock_group(Connection& db, std::string_view chat_id) {
  auto r = db.query(kLockGroup, Params(chat_id));
  if (!r) return fail(errc_of(r));
  if (r->empty() || r->text(0, 0) != "group") return fail(Errc::kNotFound);
  return GroupState{r->int64(0, 1), r->int64(0, 2), r->int64(0, 3), r->boolean(0, 4)};
}

// Checks an edit's members against the stored ones: removed and re-roled users must be members
// (each removed once, none both removed and re-roled), added ones must not (nor be added
// twice). Returns the member count after the edit.
Result<std::int64_t> check_members(Connection& db, const GroupEdit& edit, const GroupState& state) {
  std::vector<std::string> asked;
  for (const auto& id : edit.remove) asked.push_back(id);
  for (const auto& [id, role] : edit.roles) asked.push_back(id);
  for (const auto& m : edit.add) asked.push_back(m.user_id);
  std::set<std::string> members;
  if (!asked.empty()) {
    auto r = db.query(kMembersAmong, Params(edit.chat_id, asked), Plan::kEachTime);
    if (!r) return fail(errc_of(r));
    for (int i = 0; i < r->size(); ++i) members.insert(r->text(i, 0));
  }
  std::set<std::string_view> removed;
  for (const auto& id : edit.remove) {
    if (!members.contains(id) || !removed.insert(id).second) return fail(Errc::kNotFound);
  }
  for (const auto& [id, role] : edit.roles) {
    if (!members.contains(id) || removed.contains(id)) return fail(Errc::kNotFound);
  }
  std::set<std::string_view> added;
  for (const auto& m : edit.add) {
    if (members.contains(m.user_id) || !added.insert(m.user_id).second) return fail(Errc::kConflict);
  }
  const std::int64_t count =
      state.member_count - static_cast<std::int64_t>(removed.size()) + static_cast<std::int64_t>(added.size());
  if (edit.max_members > 0 && !edit.add.empty() && count > static_cast<std::int64_t>(edit.max_members)) {
    return fail(Errc::kLimit);
  }
  return count;
}

// Queues the edit's changes to the chat's row and its members but the added ones; none of
// these statements can fail on the values given.
void queue_changes(Connection& db, const GroupEdit& edit, std::int64_t member_count) {
  std::optional<std::int64_t> send, add, edit_info, pin, slow_mode, limit, edit_window;
  std::optional<std::string> history_visible;
  if (edit.settings) {
    const auto& s = *edit.settings;
    send = policy_value(s.send);
    add = policy_value(s.add_members);
    edit_info = policy_value(s.edit_info);
    pin = policy_value(s.pin);
    history_visible = boolean(s.history_visible);
    slow_mode = s.slow_mode_seconds;
    limit = s.member_limit;
    edit_window = s.edit_window_seconds;
  }
  db.defer(kUpdateGroup, Params(edit.chat_id, edit.title, edit.description, edit.avatar_color, send, add, edit_info,
                                pin, history_visible, slow_mode, limit, member_count, edit_window));
  if (!edit.remove.empty()) db.defer(kRemoveMembers, Params(edit.chat_id, edit.remove), Plan::kEachTime);
  if (!edit.roles.empty()) {
    // One role per member: the last given.
    std::map<std::string, std::int64_t> last;
    for (const auto& [id, role] : edit.roles) last[id] = role_value(role);
    std::vector<std::string> users;
    std::vector<std::int64_t> roles;
    for (const auto& [id, role] : last) {
      users.push_back(id);
      roles.push_back(role);
    }
    db.defer(kSetRoles, Params(edit.chat_id, users, roles));
  }
}

// The watermarks `user_id` would have after raising them to `delivered_seq` and `read_seq`,
// from a row of kWatermarksOf: reading implies delivery, neither goes past the last message.
Watermarks raised(const Rows& r, std::int64_t delivered_seq, std::int64_t read_seq) {
  Watermarks w;
  const auto delivered = r.int64(0, 0);
  const auto read = r.int64(0, 1);
  const auto last = r.int64(0, 2);
  w.read_seq = std::max(read, std::min(read_seq, last));
  w.delivered_seq = std::max({delivered, std::min(delivered_seq, last), w.read_seq});
  w.changed = w.delivered_seq != delivered || w.read_seq != read;
  w.delivered_floor_before = w.delivered_floor = r.int64(0, 3);
  w.read_floor_before = w.read_floor = r.int64(0, 4);
  return w;
}

}  // namespace

void raise_senders(Connection& db, const std::vector<const Message*>& messages) {
  if (messages.empty()) return;
  if (messages.size() == 1) {
    const Message& m = *messages.front();
    db.defer(kRaiseWatermarks, Params(m.chat_id, m.sender_id, m.seq, m.seq, m.created_at, m.created_at));
    db.defer(kFloors, Params(m.chat_id));
    return;
  }
  std::vector<std::string> chats, senders;
  std::vector<std::int64_t> seqs, times;
  for (const Message* m : messages) {
    chats.push_back(m->chat_id);
    senders.push_back(m->sender_id);
    seqs.push_back(m->seq);
    times.push_back(m->created_at);
  }
  db.defer(kRaiseSenders, Params(chats, senders, seqs, times), Plan::kEachTime);
  std::sort(chats.begin(), chats.end());
  chats.erase(std::unique(chats.begin(), chats.end()), chats.end());
  db.defer(kFloorsOf, Params(chats), Plan::kEachTime);
}

// The timeline's lines of a change, each taking the chat's next seq (and writing its event).
Result<std::vector<Message>> PostgresStore::append_lines(Connection& db, const std::vector<NewMessage>& lines) const {
  std::vector<Message> out;
  for (const auto& line : lines) {
    auto appended = append_one(db, line);
    if (!appended) return fail(appended.error());
    out.push_back(std::move(appended->message));
  }
  return out;
}

Result<GroupEdited> PostgresStore::create_group(const NewGroup& group) {
  return write<GroupEdited>(lock_names({lock_key(group.id)}), [&](Connection& db) -> Result<GroupEdited> {
    const auto& info = group.info;
    const auto& s = info.settings;
    auto inserted = db.query(
        kInsertGroup, Params(group.id, group.at, info.title, info.description, info.avatar_color, policy_value(s.send),
                             policy_value(s.add_members), policy_value(s.edit_info), policy_value(s.pin),
                             boolean(s.history_visible), s.slow_mode_seconds, s.member_limit,
                             static_cast<std::int64_t>(group.members.size()), s.edit_window_seconds));
    if (!inserted) return fail(errc_of(inserted));
    if (inserted->empty()) return fail(Errc::kConflict);  // the id is taken
    // Its line belongs in it (the chat whose lock this write holds); undone with the chat.
    if (group.created.chat_id != group.id) return fail(Errc::kInvalid);
    if (auto r = insert_members(db, group.id, group.members, std::nullopt, 0); !r) return fail(r.error());
    auto chat = load_chat(db, group.id);
    if (!chat) return fail(chat.error());
    write_event(db, outbox::chat_created(*chat));
    auto lines = append_lines(db, {group.created});
    if (!lines) return fail(lines.error());
    chat->last_seq = lines->back().seq;
    chat->updated_at = lines->back().created_at;
    return GroupEdited{std::move(*chat), std::move(*lines)};
  });
}

Result<GroupEdited> PostgresStore::edit_group(const GroupEdit& edit) {
  return write<GroupEdited>(lock_names({lock_key(edit.chat_id)}), [&](Connection& db) -> Result<GroupEdited> {
    auto state = lock_group(db, edit.chat_id);
    if (!state) return fail(state.error());
    if (state->version != edit.expected_version) return fail(Errc::kConflict);
    if (edit.invite) {
      if (auto used = use_invite(db, edit.chat_id, *edit.invite, edit.at); !used) return fail(used.error());
    }
    auto count = check_members(db, edit, *state);
    if (!count) return fail(count.error());
    queue_changes(db, edit, *count);
    // Added members start at the last seq before this change's lines, and see what came before
    // them when the group's settings after the change say so.
    const bool visible = edit.settings ? edit.settings->history_visible : state->history_visible;
    if (auto r = insert_members(db, edit.chat_id, edit.add, state->last_seq, visible ? 0 : state->last_seq); !r) {
      return fail(r.error());
    }
    auto lines = append_lines(db, edit.system);
    if (!lines) return fail(lines.error());
    if (!edit.add.empty() || !edit.remove.empty()) db.defer(kFloors, Params(edit.chat_id));
    auto chat = load_chat(db, edit.chat_id);
    if (!chat) return fail(chat.error());
    for (const auto& event : outbox::group_edited(edit, *chat)) write_event(db, event);
    return GroupEdited{std::move(*chat), std::move(*lines)};
  });
}

Result<Watermarks> PostgresStore::raise_watermarks(std::string_view chat_id, std::string_view user_id,
                                                   std::int64_t delivered_seq, std::int64_t read_seq, TimeMs at) {
  // Read first: nothing to raise (a device catching up on what it had) queues no write.
  auto seen = read([&](Connection& db) -> Result<Watermarks> {
    auto r = db.query(kWatermarksOf, Params(chat_id, user_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return raised(*r, delivered_seq, read_seq);
  });
  if (!seen || !seen->changed) return seen;
  return write<Watermarks>(lock_names({lock_key(chat_id)}), [&](Connection& db) -> Result<Watermarks> {
    auto r = db.query(kLockWatermarks, Params(chat_id, user_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    Watermarks w = raised(*r, delivered_seq, read_seq);
    if (!w.changed) return w;
    db.defer(kRaiseWatermarks,
             Params(chat_id, user_id, w.delivered_seq, w.read_seq, at, std::optional<std::int64_t>()));
    auto floors = db.query(kFloors, Params(chat_id));
    if (!floors) return fail(errc_of(floors));
    if (floors->empty()) return fail(Errc::kNotFound);
    w.delivered_floor = floors->int64(0, 0);
    w.read_floor = floors->int64(0, 1);
    return w;
  });
}

Result<MemberPage> PostgresStore::receipts(std::string_view chat_id, const ReceiptQuery& query) {
  const auto limit = std::clamp<std::size_t>(query.limit, 1, kMaxMemberPage);
  return read([&](Connection& db) -> Result<MemberPage> {
    auto group = db.query(kIsGroup, Params(chat_id));
    if (!group) return fail(errc_of(group));
    if (group->empty()) return fail(Errc::kNotFound);
    auto r =
        db.query(kReceipts, Params(chat_id, query.seq, query.after_position, static_cast<std::int64_t>(limit + 1)));
    if (!r) return fail(errc_of(r));
    MemberPage page;
    for (int i = 0; i < r->size(); ++i) page.members.push_back(read_member(*r, i));
    if (page.members.size() > limit) {
      page.members.pop_back();
      page.more = true;
    }
    return page;
  });
}

Result<Member> PostgresStore::member(std::string_view chat_id, std::string_view user_id) {
  return read([&](Connection& db) -> Result<Member> {
    auto r = db.query(kMember, Params(chat_id, user_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    return read_member(*r, 0);
  });
}

Result<MemberPage> PostgresStore::members(std::string_view chat_id, const MemberQuery& query) {
  const auto limit = std::clamp<std::size_t>(query.limit, 1, kMaxMemberPage);
  return read([&](Connection& db) -> Result<MemberPage> {
    auto group = db.query(kIsGroup, Params(chat_id));
    if (!group) return fail(errc_of(group));
    if (group->empty()) return fail(Errc::kNotFound);
    auto r = db.query(kMembers, Params(chat_id, role_value(query.min_role), query.after_position,
                                       static_cast<std::int64_t>(limit + 1)));
    if (!r) return fail(errc_of(r));
    MemberPage page;
    for (int i = 0; i < r->size(); ++i) page.members.push_back(read_member(*r, i));
    if (page.members.size() > limit) {
      page.members.pop_back();
      page.more = true;
    }
    return page;
  });
}

}  // namespace parley::store::postgres
