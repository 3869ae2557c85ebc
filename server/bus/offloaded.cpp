#include "bus/offloaded.hpp"

#include <future>
#include <memory>
#include <string>

namespace parley::bus {
namespace {}  // namespace

template <class T, class F>
T Breaker::ask(util::WorkerPool& pool, const OffloadOptions& options, F&& fn, T fallback) {
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  if (now < open_until_.load(std::memory_order_relaxed)) return fallback;
  auto task = std::make_shared<std::packaged_task<T()>>(std::forward<F>(fn));
  auto answer = task->get_future();
  if (!pool.try_post([task] { (*task)(); }, options.max_wait)) return fallback;
  if (answer.wait_for(options.max_answer) == std::future_status::ready) return answer.get();
  // The service stalls: for a while every call gets the fallback without asking, so that a
  // request making several calls waits once, not once per call.
  const auto pause = std::chrono::duration_cast<std::chrono::steady_clock::duration>(options.pause_after_stall);
  open_until_.store(std::chrono::steady_clock::now().time_since_epoch().count() + pause.count(),
                    std::memory_order_relaxed);
  return fallback;
}

void OffloadedPresence::touch(std::string_view user_id, std::int64_t now_ms) {
  // Not awaited: the call outlives the caller's arguments.
  (void)pool_.try_post([this, user = std::string(user_id), now_ms] { inner_.touch(user, now_ms); }, options_.max_wait);
}

PresenceState OffloadedPresence::state(std::string_view user_id, std::int64_t now_ms) const {
  // The calls own their arguments: a caller that stopped waiting does not wait for them.
  return breaker_.ask(
      pool_, options_, [&inner = inner_, user = std::string(user_id), now_ms] { return inner.state(user, now_ms); },
      PresenceState::kOffline);
}

std::vector<std::string> OffloadedPresence::online_users() const {
  return breaker_.ask(
      pool_, options_, [&inner = inner_] { return inner.online_users(); }, std::vector<std::string>{});
}

std::optional<std::int64_t> OffloadedPresence::last_seen(std::string_view user_id) const {
  return breaker_.ask(
      pool_, options_, [&inner = inner_, user = std::string(user_id)] { return inner.last_seen(user); },
      std::optional<std::int64_t>{});
}

std::vector<UserPresence> OffloadedPresence::states(const std::vector<std::string>& users, std::int64_t now_ms) const {
  return breaker_.ask(
      pool_, options_, [&inner = inner_, users, now_ms] { return inner.states(users, now_ms); },
      std::vector<UserPresence>(users.size()));
}

std::vector<std::string> OffloadedPresence::receiving(const std::vector<std::string>& users,
                                                      std::string_view chat_id) const {
  return breaker_.ask(
      pool_, options_, [&inner = inner_, users, chat = std::string(chat_id)] { return inner.receiving(users, chat); },
      std::vector<std::string>{});
}

std::size_t OffloadedRateLimiter::take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                       std::size_t wanted) {
  return breaker_.ask(
      pool_, options_,
      [&inner = inner_, k = std::string(key), per_second, burst, now_ms, wanted] {
        return inner.take(k, per_second, burst, now_ms, wanted);
      },
      wanted);
}

std::size_t OffloadedRateLimiter::take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                           std::size_t wanted) {
  return breaker_.ask(
      pool_, options_,
      [&inner = inner_, k = std::string(key), per_second, burst, now_ms, wanted] {
        return inner.take_all(k, per_second, burst, now_ms, wanted);
      },
      wanted);
}

}  // namespace parley::bus
