// The newest messages of recently used chats, kept in memory so that opening a chat or
// catching up after a short disconnect reads no disk. Entries follow every committed change
// the service makes (appends, status, pins); anything unexpected (a gap in seq) drops the
// entry, which is then reloaded from the store.
//
// Threading: all methods are safe from any thread (one mutex; no I/O under it).
#pragma once

#include "store/store.hpp"

#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace parley::chat {

// The other processes serving the same chats (the cluster shape), each with a RecentCache of
// its own: a process tells them which chats it changed, and they forget those chats.
class CachePeers {
 public:
  virtual ~CachePeers() = default;
  virtual void changed(const std::string& chat_id) = 0;
};

class RecentCache {
 public:
  RecentCache(std::size_t per_chat, std::size_t max_chats) : per_chat_(per_chat), max_chats_(max_chats) {}

  // The newest `limit` messages (oldest first), or nothing when the chat is not cached or
  // `limit` exceeds what the cache holds. With `timeline`, only messages the timeline shows
  // (store::Message::in_timeline) count and are returned.
  std::optional<std::vector<store::Message>> newest(const std::string& chat_id, std::size_t limit,
                                                    bool timeline = false);
  // Messages with seq > after_seq (at most `limit`), or nothing when the cache does not reach
  // back that far; `timeline` as for newest().
  std::optional<std::vector<store::Message>> after(const std::string& chat_id, std::int64_t after_seq,
                                                   std::size_t limit, bool timeline = false);
  // Taken before reading the store for a fill: appends announced after it invalidate the fill.
  std::uint64_t ticket();
  // Replaces the entry with the newest messages read from the store (`last_seq` of the chat),
  // unless a message of that chat was appended since `ticket`.
  void fill(const std::string& chat_id, const std::vector<store::Message>& newest, std::int64_t last_seq,
            std::uint64_t ticket);
  void appended(const store::Message& m);
  void update(const store::Message& m);  // pin changes: replace the cached copy
  void status(const store::StatusChange& c);
  // Another process changed the chat: drop its entry, and refuse fills read before now.
  void forget(const std::string& chat_id);
  // Off: nothing is cached and fills are refused (changes made elsewhere may go unheard). On
  // again: fills read from then on are accepted.
  void set_enabled(bool on);
  std::size_t per_chat() const { return per_chat_; }

 private:
  struct Entry {
    std::vector<store::Message> messages;  // ascending seq, contiguous, ending at last_seq
    std::int64_t last_seq = 0;
    std::list<std::string>::iterator lru;
  };
  Entry* find(const std::string& chat_id);            // touches LRU; mutex_ held
  void changed_uncached(const std::string& chat_id);  // mutex_ held
  void drop_everything();                             // mutex_ held

  const std::size_t per_chat_;
  const std::size_t max_chats_;
  std::mutex mutex_;
  bool enabled_ = true;                             // guarded by mutex_
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
  // Appends to chats that are not cached, numbered, so that a fill read from the store before
  // such an append is refused instead of caching a stale window. Guarded by mutex_.
  std::uint64_t appends_ = 0;
  std::unordered_map<std::string, std::uint64_t> uncached_appends_;  // chat -> number of its last
  std::uint64_t forgotten_below_ = 0;  // uncached_appends_ was cleared when appends_ was this
  std::list<std::string> lru_;         // guarded by mutex_; front = most recent
};

}  // namespace parley::chat
