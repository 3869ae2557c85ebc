#include "chat/recent_cache.hpp"

#include <algorithm>

namespace parley::chat {

RecentCache::Entry* RecentCache::find(const std::string& chat_id) {
  auto it = entries_.find(chat_id);
  if (it == entries_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return &it->second;
}

std::optional<std::vector<store::Message>> RecentCache::newest(const std::string& chat_id, std::size_t limit,
                                                               bool timeline) {
  std::lock_guard lock(mutex_);
  Entry* e = find(chat_id);
  if (!e) return std::nullopt;
  // The entry holds everything when the chat has fewer messages than the cache keeps.
  const bool complete = e->messages.empty() ? e->last_seq == 0 : e->messages.front().seq == 1;
  if (!timeline) {
    if (limit > e->messages.size() && !complete) return std::nullopt;
    const std::size_t n = std::min(limit, e->messages.size());
    return std::vector<store::Message>(e->messages.end() - static_cast<long>(n), e->messages.end());
  }
  std::vector<store::Message> out;
  for (auto it = e->messages.rbegin(); it != e->messages.rend() && out.size() < limit; ++it) {
    if (it->in_timeline()) out.push_back(*it);
  }
  if (out.size() < limit && !complete) return std::nullopt;
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<std::vector<store::Message>> RecentCache::after(const std::string& chat_id, std::int64_t after_seq,
                                                              std::size_t limit, bool timeline) {
  std::lock_guard lock(mutex_);
  Entry* e = find(chat_id);
  if (!e) return std::nullopt;
  const std::int64_t first = e->messages.empty() ? e->last_seq + 1 : e->messages.front().seq;
  if (after_seq + 1 < first) return std::nullopt;  // older than what is cached
  std::vector<store::Message> out;
  for (const auto& m : e->messages) {
    if (m.seq > after_seq && (!timeline || m.in_timeline())) {
      out.push_back(m);
      if (out.size() == limit) break;
    }
  }
  return out;
}

std::uint64_t RecentCache::ticket() {
  std::lock_guard lock(mutex_);
  return appends_;
}

void RecentCache::fill(const std::string& chat_id, const std::vector<store::Message>& newest, std::int64_t last_seq,
                       std::uint64_t ticket) {
  if (max_chats_ == 0) return;  // caching is off
  std::lock_guard lock(mutex_);
  if (!enabled_ || ticket < forgotten_below_) return;
  if (auto it = uncached_appends_.find(chat_id); it != uncached_appends_.end() && it->second > ticket) return;
  // Only a contiguous run that ends at the chat's last seq is a valid entry.
  for (std::size_t i = 1; i < newest.size(); ++i) {
    if (newest[i].seq != newest[i - 1].seq + 1) return;
  }
  if (!newest.empty() && newest.back().seq != last_seq) return;
  if (newest.empty() && last_seq != 0) return;

  if (auto it = entries_.find(chat_id); it != entries_.end()) {
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  lru_.push_front(chat_id);
  Entry e;
  e.messages.assign(newest.end() - static_cast<long>(std::min(newest.size(), per_chat_)), newest.end());
  e.last_seq = last_seq;
  e.lru = lru_.begin();
  entries_.emplace(chat_id, std::move(e));
  while (entries_.size() > max_chats_) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
}

void RecentCache::appended(const store::Message& m) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(m.chat_id);
  if (it == entries_.end()) return changed_uncached(m.chat_id);
  Entry& e = it->second;
  if (m.seq <= e.last_seq) return;  // already there (a retry)
  if (m.seq != e.last_seq + 1) {
    // Appends committed concurrently can reach the cache out of order: start again.
    lru_.erase(e.lru);
    entries_.erase(it);
    return;
  }
  e.messages.push_back(m);
  e.last_seq = m.seq;
  if (e.messages.size() > per_chat_) e.messages.erase(e.messages.begin());
}

void RecentCache::changed_uncached(const std::string& chat_id) {
  if (uncached_appends_.size() > 4 * max_chats_) {
    uncached_appends_.clear();  // bounded: fills with older tickets are refused instead
    forgotten_below_ = appends_ + 1;
  }
  uncached_appends_[chat_id] = ++appends_;
}

void RecentCache::drop_everything() {
  entries_.clear();
  lru_.clear();
  uncached_appends_.clear();
  forgotten_below_ = ++appends_;  // every ticket taken so far is refused
}

void RecentCache::forget(const std::string& chat_id) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(chat_id); it != entries_.end()) {
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  changed_uncached(chat_id);
}

void RecentCache::set_enabled(bool on) {
  std::lock_guard lock(mutex_);
  enabled_ = on;
  drop_everything();
}

void RecentCache::update(const store::Message& m) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(m.chat_id);
  if (it == entries_.end()) return;
  for (auto& cached : it->second.messages) {
    if (cached.id == m.id) cached = m;
  }
}

void RecentCache::status(const store::StatusChange& c) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(c.chat_id);
  if (it == entries_.end()) return;
  for (auto& cached : it->second.messages) {
    if (cached.id == c.message_id && static_cast<int>(c.aggregate) > static_cast<int>(cached.status)) {
      cached.status = c.aggregate;
    }
  }
}

}  // namespace parley::chat
