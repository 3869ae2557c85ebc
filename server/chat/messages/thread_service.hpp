// Threads: a root's replies in pages, each member's read position and unread count in the
// threads they follow, following and leaving a thread, and the list of followed threads
// (store/threads.hpp). Replies are sent with MessageService (SendRequest::links). Safe from
// any thread; reads and writes the store, then announces through Core.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct ThreadPage {
  store::Message root;
  std::vector<store::Message> replies;  // oldest first
};

struct FollowedPage {
  std::vector<store::FollowedThread> threads;
  std::optional<std::string> next;  // the cursor of the next page, when there may be one
};

class ThreadService {
 public:
  explicit ThreadService(Core& core) : core_(core) {}

  Result<ThreadPage> thread(const Actor& actor, std::string_view root_id, const store::ThreadQuery& query);
  // The caller read the thread up to `seq`; their unread count after, announced to their devices.
  Result<std::int64_t> read(const Actor& actor, std::string_view root_id, std::int64_t seq);
  Result<void> follow(const Actor& actor, std::string_view root_id, bool follow);
  // `cursor`: empty for the first page, else a previous page's `next`.
  Result<FollowedPage> followed(const Actor& actor, std::string_view cursor, std::size_t limit);

 private:
  // The root, when `actor` may see its chat and it can have a thread.
  Result<store::Message> root_of(const Actor& actor, std::string_view root_id, store::Chat* chat = nullptr);

  Core& core_;
};

}  // namespace parley::chat
