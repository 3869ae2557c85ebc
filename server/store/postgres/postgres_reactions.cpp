// PostgresStore: reactions (store/reactions.hpp). See postgres_store_impl.hpp.
#include "store/postgres/postgres_store_impl.hpp"

namespace parley::store::postgres {

using util::fail;

Result<Reacted> PostgresStore::react(const ReactionChange&) { return fail(Errc::kUnavailable); }
Result<std::vector<Reactor>> PostgresStore::reactors(const ReactorQuery&) { return fail(Errc::kUnavailable); }
Result<std::vector<std::pair<std::string, std::string>>> PostgresStore::reactions_of(std::string_view,
                                                                                     const std::vector<std::string>&) {
  return fail(Errc::kUnavailable);
}
Result<std::vector<UnreadReactions>> PostgresStore::unread_reactions(std::string_view) {
  return fail(Errc::kUnavailable);
}
Result<std::int64_t> PostgresStore::read_reactions(std::string_view, std::string_view) {
  return fail(Errc::kUnavailable);
}
Result<void> PostgresStore::count_emoji(std::string_view, const std::vector<std::string>&, TimeMs) {
  return fail(Errc::kUnavailable);
}
Result<std::vector<EmojiUse>> PostgresStore::frequent_emoji(std::string_view, std::size_t) {
  return fail(Errc::kUnavailable);
}

}  // namespace parley::store::postgres
