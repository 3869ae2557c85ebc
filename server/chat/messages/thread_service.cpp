#include "chat/messages/thread_service.hpp"

#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <charconv>

namespace parley::chat {
namespace {

// A followed-threads cursor: "<last reply time in ms>.<root id>" of the last thread listed.
std::string cursor_of(const store::Message& root) {
  return std::to_string(root.thread_last_at.value_or(0)) + "." + root.id;
}

bool parse_cursor(std::string_view cursor, store::FollowedQuery& q) {
  const auto dot = cursor.find('.');
  if (dot == std::string_view::npos) return false;
  std::int64_t at = 0;
  const auto* end = cursor.data() + dot;
  auto [p, ec] = std::from_chars(cursor.data(), end, at);
  if (ec != std::errc() || p != end) return false;
  q.before_at = at;
  q.before_root = std::string(cursor.substr(dot + 1));
  return util::is_uuid(q.before_root);
}

}  // namespace

Result<store::Message> ThreadService::root_of(const Actor& actor, std::string_view root_id, store::Chat* chat) {
  auto root = core_.access.message(actor.user_id, root_id, chat);
  if (!root) return util::fail(root.error());
  if (root->thread_root_id) return fail(Errc::kInvalidInput, "A thread reply has no thread of its own");
  return root;
}

Result<ThreadPage> ThreadService::thread(const Actor& actor, std::string_view root_id,
                                         const store::ThreadQuery& query) {
  store::Chat chat;
  auto root = root_of(actor, root_id, &chat);
  if (!root) return util::fail(root.error());
  if (query.after_seq && *query.after_seq < 0) return fail(Errc::kInvalidInput, "after must be >= 0");
  auto replies = core_.store.thread_replies(root->id, query);
  if (!replies) return store_failure(replies.error(), "Message");
  std::vector<store::Message> page{std::move(*root)};
  page.insert(page.end(), std::make_move_iterator(replies->begin()), std::make_move_iterator(replies->end()));
  if (auto r = core_.as_seen_by(actor.user_id, chat.id, page); !r) return util::fail(r.error());
  ThreadPage out;
  out.root = std::move(page.front());
  out.replies.assign(std::make_move_iterator(page.begin() + 1), std::make_move_iterator(page.end()));
  return out;
}

Result<std::int64_t> ThreadService::read(const Actor& actor, std::string_view root_id, std::int64_t seq) {
  if (seq < 0) return fail(Errc::kInvalidInput, "seq must be >= 0");
  auto root = root_of(actor, root_id);
  if (!root) return util::fail(root.error());
  auto unread = core_.store.read_thread(actor.user_id, root->id, seq);
  if (!unread) return store_failure(unread.error(), "Message");
  core_.events.thread_read(actor.user_id, *root, seq, *unread);
  return *unread;
}

Result<void> ThreadService::follow(const Actor& actor, std::string_view root_id, bool follow) {
  auto root = root_of(actor, root_id);
  if (!root) return util::fail(root.error());
  if (root->kind != "text") return fail(Errc::kInvalidInput, "This message has no thread");
  if (auto r = core_.store.follow_thread(actor.user_id, root->id, follow, core_.now()); !r) {
    return store_failure(r.error(), "Message");
  }
  return {};
}

Result<FollowedPage> ThreadService::followed(const Actor& actor, std::string_view cursor, std::size_t limit) {
  store::FollowedQuery q;
  q.user_id = actor.user_id;
  q.limit = std::clamp<std::size_t>(limit == 0 ? 50 : limit, 1, store::kMaxFollowedPage);
  if (!cursor.empty() && !parse_cursor(cursor, q)) return fail(Errc::kInvalidInput, "cursor is not valid");
  auto threads = core_.store.followed_threads(q);
  if (!threads) return store_failure(threads.error(), "Message");
  FollowedPage page;
  if (threads->size() == q.limit) page.next = cursor_of(threads->back().root);
  page.threads = std::move(*threads);
  return page;
}

}  // namespace parley::chat
