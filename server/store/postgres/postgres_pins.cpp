// PostgresStore: pinned messages. See postgres_store_impl.hpp.
#include "store/outbox_events.hpp"
#include "store/postgres/postgres_store_impl.hpp"
#include "util/ids.hpp"

namespace parley::store::postgres {
namespace {

using util::fail;

constexpr std::string_view kPinned = "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
                                     " FROM messages WHERE chat_id = $1::text AND pinned_at IS NOT NULL "
                                     "ORDER BY pinned_at, seq";
// Pins lock the chat's row first, so that two processes pinning in one chat count in turn;
// the row's change_seq, locked with it, is the one the pin raises.
constexpr std::string_view kLockChatOfMessage =
    "SELECT c.id, c.change_seq FROM chats c WHERE c.id = (SELECT chat_id FROM messages WHERE id = $1::text) "
    "FOR NO KEY UPDATE";
constexpr std::string_view kMessageAndPins =
    "SELECT " PARLEY_POSTGRES_MESSAGE_COLUMNS
    ", (SELECT COUNT(*) FROM messages p WHERE p.chat_id = m.chat_id AND p.pinned_at IS NOT NULL) "
    "FROM messages m WHERE m.id = $1::text";
constexpr std::string_view kPin =
    "UPDATE messages SET pinned_at = $2::bigint, pinned_by = $3::text, change_seq = $4::bigint WHERE id = $1::text";
constexpr std::string_view kSetChange = "UPDATE chats SET change_seq = $2::bigint WHERE id = $1::text";
// Unpins a pinned message and gives it its chat's next change_seq (the UPDATE of the chat
// takes its row lock); no row when the message is unknown or not pinned.
constexpr std::string_view kUnpin =
    "WITH pinned AS (SELECT chat_id FROM messages WHERE id = $1::text AND pinned_at IS NOT NULL), "
    "chat AS (UPDATE chats c SET change_seq = c.change_seq + 1 FROM pinned WHERE c.id = pinned.chat_id"
    " RETURNING c.change_seq AS raised) "
    "UPDATE messages SET pinned_at = NULL, pinned_by = NULL, change_seq = chat.raised FROM chat "
    "WHERE id = $1::text AND pinned_at IS NOT NULL RETURNING " PARLEY_POSTGRES_MESSAGE_COLUMNS;

constexpr std::string_view kChatExists = "SELECT 1 FROM chats WHERE id = $1::text";

}  // namespace

Result<Message> PostgresStore::pin(std::string_view message_id, std::string_view by, TimeMs at, std::size_t max_pins) {
  return write<Message>(lock_chats_of({std::string(message_id)}), [&](Connection& db) -> Result<Message> {
    auto locked = db.query(kLockChatOfMessage, Params(message_id));
    if (!locked) return fail(errc_of(locked));
    if (locked->empty()) return fail(Errc::kNotFound);
    auto r = db.query(kMessageAndPins, Params(message_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return fail(Errc::kNotFound);
    Message message = read_message(*r, 0);
    if (message.pinned_at) return message;  // pinned already
    if (message.deleted_at) return fail(Errc::kInvalid);
    if (static_cast<std::uint64_t>(r->int64(0, kMessageColumns)) >= max_pins) return fail(Errc::kLimit);
    // The chat's row is locked: its next change_seq is this pin's.
    const std::int64_t change = locked->int64(0, 1) + 1;
    db.defer(kSetChange, Params(message.chat_id, change));
    db.defer(kPin, Params(message_id, at, by, change));
    message.change_seq = change;
    message.pinned_at = at;
    message.pinned_by = std::string(by);
    write_event(db, outbox::message_pinned(message, true, at));
    return message;
  });
}

Result<Message> PostgresStore::unpin(std::string_view message_id) {
  return write<Message>(lock_chats_of({std::string(message_id)}), [&](Connection& db) -> Result<Message> {
    auto r = db.query(kUnpin, Params(message_id));
    if (!r) return fail(errc_of(r));
    if (r->empty()) return load_message(db, message_id);  // unknown, or not pinned
    Message message = read_message(*r, 0);
    // unpin() takes no time from the caller: the event is stamped now.
    write_event(db, outbox::message_pinned(message, false, util::now_ms()));
    return message;
  });
}

Result<std::vector<Message>> PostgresStore::pinned(std::string_view chat_id) {
  return read([&](Connection& db) -> Result<std::vector<Message>> {
    auto exists = db.query(kChatExists, Params(chat_id));
    if (!exists) return fail(errc_of(exists));
    if (exists->empty()) return fail(Errc::kNotFound);
    return read_messages(db.query(kPinned, Params(chat_id)));
  });
}

}  // namespace parley::store::postgres
