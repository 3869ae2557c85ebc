// SqliteStore: the transactional outbox. Changes write their events through insert_event()
// inside their own savepoint (sqlite_store.cpp, sqlite_messages.cpp); the relay reads them
// here by position and removes what it delivered. With the outbox disabled every call here
// does nothing, touching neither the writer nor the table.
#include "store/sqlite/sqlite_store_impl.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace parley::store::sqlite {
namespace {

using util::fail;

constexpr std::string_view kInsertEvent = "INSERT INTO outbox (id, type, key, payload, at) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kPending =
    "SELECT position, id, type, key, payload, at FROM outbox ORDER BY position LIMIT ?1";
constexpr std::string_view kRemove = "DELETE FROM outbox WHERE position = ?1";

OutboxEvent read_event(const Query& q) {
  OutboxEvent e;
  e.position = q.int64(0);
  e.id = q.text(1);
  e.type = q.text(2);
  e.key = q.text(3);
  e.payload = q.text(4);
  e.at = q.int64(5);
  return e;
}

}  // namespace

Result<void> insert_event(Connection& db, const OutboxEvent& event) {
  Query q(db, kInsertEvent);
  return q.bind(event.id, event.type, event.key, event.payload, event.at).run();
}

Result<void> SqliteStore::record_event(const OutboxEvent& event) {
  if (!outbox_) return {};
  return write<void>([&](Connection& db) { return insert_event(db, event); });
}

Result<std::vector<OutboxEvent>> SqliteStore::outbox_pending(std::size_t limit) {
  std::vector<OutboxEvent> events;
  if (!outbox_ || limit == 0) return events;
  auto db = readers_->acquire();
  Query q(*db, kPending);
  q.bind(static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max())));
  while (q.next()) events.push_back(read_event(q));
  if (q.failed()) return fail(q.error());
  return events;
}

Result<void> SqliteStore::outbox_remove(const std::vector<std::int64_t>& positions) {
  if (!outbox_ || positions.empty()) return {};
  return write<void>([&](Connection& db) -> Result<void> {
    for (const auto position : positions) {
      Query q(db, kRemove);
      if (auto r = q.bind(position).run(); !r) return r;
    }
    return {};
  });
}

}  // namespace parley::store::sqlite
