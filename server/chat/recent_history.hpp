// Chat history read through the recent-message cache: a decorator over the store's history
// reads, which the feature modules tell of every change they commit (appends, status, edits
// such as pins) so that the cache, and in the cluster the other instances' caches, stay right.
//
// Threading: safe from any thread (RecentCache locks; peers are set before serving).
#pragma once

#include "chat/errors.hpp"
#include "chat/recent_cache.hpp"
#include "store/store.hpp"

#include <string>
#include <vector>

namespace parley::chat {

class RecentHistory {
 public:
  RecentHistory(store::MessageStore& store, std::size_t per_chat, std::size_t max_chats)
      : store_(store), cache_(per_chat, max_chats) {}

  // Taken before reading the chat whose history is read next (its last_seq fills the cache).
  std::uint64_t ticket() { return cache_.ticket(); }
  // A page of `chat`'s history (limits already applied), from the cache when it holds it.
  Result<std::vector<store::Message>> read(const store::Chat& chat, const store::HistoryQuery& query,
                                           std::uint64_t ticket);

  // Committed changes. changed() tells the other instances once per chat and change.
  void appended(const store::Message& m) { cache_.appended(m); }
  void updated(const store::Message& m) { cache_.update(m); }
  void status(const store::StatusChange& c) { cache_.status(c); }
  void changed(const std::string& chat_id) {
    if (peers_) peers_->changed(chat_id);
  }

  // The cluster shape, where other processes serve the same chats: this one tells `peers`
  // (set before serving) which chats it changed, and forgets the chats they changed. While
  // their notices may be missed, nothing is cached.
  void set_peers(CachePeers* peers) { peers_ = peers; }
  void forget(const std::string& chat_id) { cache_.forget(chat_id); }
  void hearing_peers(bool hearing) { cache_.set_enabled(hearing); }

 private:
  store::MessageStore& store_;
  RecentCache cache_;
  CachePeers* peers_ = nullptr;
};

}  // namespace parley::chat
