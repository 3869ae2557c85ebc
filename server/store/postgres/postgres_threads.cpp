// PostgresStore: replies and threads (store/threads.hpp). Not yet on this backend: every
// call answers kUnavailable until the schema has the columns (migration 10).
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {

using util::fail;

Result<std::vector<std::pair<Message, std::string>>> PostgresStore::reply_targets(const std::vector<std::string>&) {
  return fail(Errc::kUnavailable);
}
Result<std::vector<Message>> PostgresStore::thread_replies(std::string_view, const ThreadQuery&) {
  return fail(Errc::kUnavailable);
}
Result<std::int64_t> PostgresStore::read_thread(std::string_view, std::string_view, std::int64_t) {
  return fail(Errc::kUnavailable);
}
Result<void> PostgresStore::follow_thread(std::string_view, std::string_view, bool, TimeMs) {
  return fail(Errc::kUnavailable);
}
Result<std::vector<FollowedThread>> PostgresStore::followed_threads(const FollowedQuery&) {
  return fail(Errc::kUnavailable);
}

}  // namespace parley::store::postgres
