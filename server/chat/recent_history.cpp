#include "chat/recent_history.hpp"

#include "chat/store_errors.hpp"
#include "util/metrics.hpp"

namespace parley::chat {

Result<std::vector<store::Message>> RecentHistory::read(const store::Chat& chat, const store::HistoryQuery& query,
                                                        std::uint64_t ticket) {
  if (query.after_seq) {
    if (auto cached = cache_.after(chat.id, *query.after_seq, query.limit, query.timeline)) {
      util::Metrics::global().history_from_cache.add();
      return std::move(*cached);
    }
  } else if (!query.before_id) {
    if (auto cached = cache_.newest(chat.id, query.limit, query.timeline)) {
      util::Metrics::global().history_from_cache.add();
      return std::move(*cached);
    }
  }
  util::Metrics::global().history_from_store.add();
  auto messages = store_.history(chat.id, query);
  if (!messages) return store_failure(messages.error(), "Message");
  if (!query.after_seq && !query.before_id) {
    // Warm the cache with a full window when this read was smaller than one (a timeline's
    // page skips thread replies: it is no window of the chat).
    if (!query.timeline && (query.limit >= cache_.per_chat() || messages->size() < query.limit)) {
      cache_.fill(chat.id, *messages, chat.last_seq, ticket);
    } else {
      store::HistoryQuery window;
      window.limit = cache_.per_chat();
      if (auto full = store_.history(chat.id, window)) cache_.fill(chat.id, *full, chat.last_seq, ticket);
    }
  }
  return std::move(*messages);
}

}  // namespace parley::chat
