#include "bus/offloaded.hpp"

#include <future>
#include <memory>
#include <string>

namespace parley::bus {
namespace {

// `fn`'s answer, computed on `pool`, or `fallback` at once when the pool refuses. The caller
// waits for an accepted call, so `fn` may refer to the caller's arguments.
template <class T, class F>
T ask(util::WorkerPool& pool, const OffloadOptions& options, F&& fn, T fallback) {
  auto task = std::make_shared<std::packaged_task<T()>>(std::forward<F>(fn));
  auto answer = task->get_future();
  if (!pool.try_post([task] { (*task)(); }, options.max_wait)) return fallback;
  return answer.get();
}

}  // namespace

void OffloadedPresence::touch(std::string_view user_id, std::int64_t now_ms) {
  // Not awaited: the call outlives the caller's arguments.
  (void)pool_.try_post([this, user = std::string(user_id), now_ms] { inner_.touch(user, now_ms); }, options_.max_wait);
}

PresenceState OffloadedPresence::state(std::string_view user_id, std::int64_t now_ms) const {
  return ask(
      pool_, options_, [&] { return inner_.state(user_id, now_ms); }, PresenceState::kOffline);
}

std::vector<std::string> OffloadedPresence::online_users() const {
  return ask(
      pool_, options_, [&] { return inner_.online_users(); }, std::vector<std::string>{});
}

std::optional<std::int64_t> OffloadedPresence::last_seen(std::string_view user_id) const {
  return ask(
      pool_, options_, [&] { return inner_.last_seen(user_id); }, std::optional<std::int64_t>{});
}

std::vector<std::string> OffloadedPresence::receiving(const std::vector<std::string>& users,
                                                      std::string_view chat_id) const {
  return ask(
      pool_, options_, [&] { return inner_.receiving(users, chat_id); }, std::vector<std::string>{});
}

std::size_t OffloadedRateLimiter::take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                       std::size_t wanted) {
  return ask(
      pool_, options_, [&] { return inner_.take(key, per_second, burst, now_ms, wanted); }, wanted);
}

}  // namespace parley::bus
