#include "bus/local/local_bus.hpp"

#include <cmath>

#include <algorithm>

namespace parley::bus {

bool LocalPresence::connect(std::string_view user_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto& e = users_[std::string(user_id)];
  e.last_active = now_ms;
  if (++e.devices != 1) return false;
  if (watcher_) watcher_(user_id, true, now_ms);
  return true;
}

bool LocalPresence::disconnect(std::string_view user_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(std::string(user_id));
  if (it == users_.end()) return false;
  if (--it->second.devices > 0) return false;
  users_.erase(it);
  last_seen_[std::string(user_id)] = now_ms;
  if (watcher_) watcher_(user_id, false, now_ms);
  return true;
}

std::optional<std::int64_t> LocalPresence::last_seen(std::string_view user_id) const {
  std::lock_guard lock(mutex_);
  auto it = last_seen_.find(std::string(user_id));
  if (it == last_seen_.end()) return std::nullopt;
  return it->second;
}

void LocalPresence::touch(std::string_view user_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(std::string(user_id));
  if (it != users_.end()) it->second.last_active = std::max(it->second.last_active, now_ms);
}

PresenceState LocalPresence::state_of(const std::string& user_id, std::int64_t now_ms) const {
  auto it = users_.find(user_id);
  if (it == users_.end()) return PresenceState::kOffline;
  return now_ms - it->second.last_active >= away_after_ms_ ? PresenceState::kAway : PresenceState::kOnline;
}

PresenceState LocalPresence::state(std::string_view user_id, std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  return state_of(std::string(user_id), now_ms);
}

std::vector<UserPresence> LocalPresence::states(const std::vector<std::string>& users, std::int64_t now_ms) const {
  std::vector<UserPresence> out;
  out.reserve(users.size());
  std::lock_guard lock(mutex_);
  for (const auto& user : users) {
    UserPresence p{state_of(user, now_ms), std::nullopt};
    if (auto it = last_seen_.find(user); it != last_seen_.end()) p.last_seen = it->second;
    out.push_back(p);
  }
  return out;
}

std::vector<std::string> LocalPresence::online_users() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(users_.size());
  for (const auto& [id, e] : users_) out.push_back(id);
  return out;
}

namespace {
std::string receiver_key(std::string_view user_id, std::string_view scope) {
  std::string key;
  key.reserve(user_id.size() + 1 + scope.size());
  key.append(user_id).append(1, ' ').append(scope);
  return key;
}

std::size_t whole_tokens(double tokens) { return static_cast<std::size_t>(std::max(0.0, std::floor(tokens))); }
}  // namespace

void LocalPresence::receive(std::string_view user_id, std::string_view scope) {
  std::lock_guard lock(mutex_);
  ++receivers_[receiver_key(user_id, scope)];
}

void LocalPresence::stop_receiving(std::string_view user_id, std::string_view scope) {
  std::lock_guard lock(mutex_);
  auto it = receivers_.find(receiver_key(user_id, scope));
  if (it != receivers_.end() && --it->second <= 0) receivers_.erase(it);
}

std::vector<std::string> LocalPresence::receiving(const std::vector<std::string>& users,
                                                  std::string_view chat_id) const {
  std::vector<std::string> out;
  std::lock_guard lock(mutex_);
  for (const auto& user : users) {
    const bool all = !chat_id.starts_with('@') && receivers_.contains(receiver_key(user, kAllChats));
    if (all || receivers_.contains(receiver_key(user, chat_id))) {
      out.push_back(user);
    }
  }
  return out;
}

LocalRateLimiter::Bucket& LocalRateLimiter::refilled(std::string_view key, double per_second, double burst,
                                                     std::int64_t now_ms) {
  // Forget full buckets now and then, so the map holds only recently active keys.
  if (now_ms - last_sweep_ > 60'000) {
    std::erase_if(buckets_, [&](const auto& kv) {
      const auto& b = kv.second;
      return b.tokens + static_cast<double>(now_ms - b.updated) / 1000.0 * per_second >= burst;
    });
    last_sweep_ = now_ms;
  }
  auto [it, inserted] = buckets_.try_emplace(std::string(key), Bucket{burst, now_ms});
  Bucket& b = it->second;
  if (!inserted) {
    b.tokens = std::min(burst, b.tokens + static_cast<double>(now_ms - b.updated) / 1000.0 * per_second);
    b.updated = std::max(b.updated, now_ms);
  }
  return b;
}

std::size_t LocalRateLimiter::take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                   std::size_t wanted) {
  std::lock_guard lock(mutex_);
  Bucket& b = refilled(key, per_second, burst, now_ms);
  const auto taken = std::min(wanted, whole_tokens(b.tokens));
  b.tokens -= static_cast<double>(taken);
  return taken;
}

std::size_t LocalRateLimiter::take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                       std::size_t wanted) {
  std::lock_guard lock(mutex_);
  Bucket& b = refilled(key, per_second, burst, now_ms);
  const auto held = whole_tokens(b.tokens);
  if (held >= wanted) b.tokens -= static_cast<double>(wanted);
  return held;
}

}  // namespace parley::bus
