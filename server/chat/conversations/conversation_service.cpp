#include "chat/conversations/conversation_service.hpp"

#include "chat/groups/group_service.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <set>

namespace parley::chat {

Result<store::Chat> ConversationService::open_private_chat(const Actor& actor, std::string_view other) {
  if (!util::is_uuid(other)) return fail(Errc::kInvalidInput, "userId must be a UUID");
  if (other == actor.user_id) return fail(Errc::kInvalidInput, "A private chat needs another user");
  auto peer = core_.store.user_by_id(other);
  if (!peer) return store_failure(peer.error(), "User");
  const auto new_id = util::uuid_v7();
  auto chat = core_.store.find_or_create_private_chat(new_id, actor.user_id, other, core_.now());
  if (!chat) return store_failure(chat.error(), "Chat");
  if (chat->id == new_id) core_.events.chat_created(*chat);
  return std::move(*chat);
}

Result<std::vector<store::Chat>> ConversationService::list_chats(const Actor& actor) {
  auto chats = core_.store.chats_of(actor.user_id);
  if (!chats) return store_failure(chats.error(), "Chats");
  return std::move(*chats);
}

Result<std::vector<std::string>> ConversationService::group_ids(const Actor& actor) {
  auto chats = core_.store.chats_of(actor.user_id);
  if (!chats) return store_failure(chats.error(), "Chats");
  std::vector<std::string> ids;
  for (auto& c : *chats) {
    if (c.group) ids.push_back(std::move(c.id));
  }
  return ids;
}

Result<store::Chat> ConversationService::get_chat(const Actor& actor, std::string_view chat_id) {
  return core_.access.chat(actor.user_id, chat_id);
}

Result<std::vector<store::Message>> ConversationService::history(const Actor& actor, std::string_view chat_id,
                                                                 store::HistoryQuery query) {
  const auto ticket = core_.recent.ticket();  // before any read that may fill the cache
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (query.limit == 0) query.limit = core_.options.default_history;
  query.limit = std::min(query.limit, core_.options.max_history);
  if (query.before_id && !util::is_uuid(*query.before_id)) return fail(Errc::kInvalidInput, "before must be a UUID");
  if (query.after_seq && *query.after_seq < 0) return fail(Errc::kInvalidInput, "after_seq must be >= 0");
  if (chat->group) {
    // A member who joined a group that hides earlier history sees from their joining on; the
    // cache serves whole chats, so their reads go to the store.
    auto me = core_.store.member(chat->id, actor.user_id);
    if (!me) return store_failure(me.error(), "Chat");
    if (me->visible_after_seq > 0) {
      query.visible_after_seq = me->visible_after_seq;
      auto page = core_.store.history(chat->id, query);
      if (!page) return store_failure(page.error(), "Chat");
      GroupService::apply_floors(*chat, *page);
      if (auto shown = core_.as_seen_by(actor.user_id, chat->id, *page); !shown) return util::fail(shown.error());
      return std::move(*page);
    }
  }
  auto page = core_.recent.read(*chat, query, ticket);
  if (!page) return page;
  if (chat->group) GroupService::apply_floors(*chat, *page);
  if (auto shown = core_.as_seen_by(actor.user_id, chat->id, *page); !shown) return util::fail(shown.error());
  return page;
}

Result<std::vector<store::Message>> ConversationService::around(const Actor& actor, std::string_view chat_id,
                                                                std::string_view message_id, std::size_t limit,
                                                                bool timeline) {
  if (!util::is_uuid(message_id)) return fail(Errc::kInvalidInput, "around must be a message id");
  auto m = core_.access.message(actor.user_id, message_id);
  if (!m) return util::fail(m.error());
  if (m->chat_id != chat_id) return fail(Errc::kNotFound, "Message not found in this chat");
  if (limit == 0) limit = core_.options.default_history;
  limit = std::min(limit, core_.options.max_history);
  // The message and what follows it take their share first; the page before gets the rest,
  // and what the start of the chat leaves unused goes to the page after.
  const std::size_t after_share = limit - (limit - 1) / 2;
  const auto read = [&](store::HistoryQuery q) {
    q.timeline = timeline;
    return history(actor, chat_id, std::move(q));
  };
  store::HistoryQuery q;
  q.after_seq = m->seq - 1;
  q.limit = after_share;
  auto newer = read(q);
  if (!newer) return newer;
  std::vector<store::Message> page;
  if (newer->size() < limit) {
    store::HistoryQuery b;
    b.before_id = m->id;
    b.limit = limit - newer->size();
    auto older = read(b);
    if (!older) return older;
    page = std::move(*older);
  }
  const bool more_after = newer->size() == after_share && !newer->empty();
  const auto last_seq = newer->empty() ? m->seq : newer->back().seq;
  page.insert(page.end(), std::make_move_iterator(newer->begin()), std::make_move_iterator(newer->end()));
  if (more_after && page.size() < limit) {
    store::HistoryQuery rest;
    rest.after_seq = last_seq;
    rest.limit = limit - page.size();
    auto tail = read(rest);
    if (!tail) return tail;
    page.insert(page.end(), std::make_move_iterator(tail->begin()), std::make_move_iterator(tail->end()));
  }
  return page;
}

}  // namespace parley::chat
