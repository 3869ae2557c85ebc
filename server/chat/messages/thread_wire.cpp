#include "chat/messages/thread_wire.hpp"

#include "chat/schema.hpp"
#include "chat/wire.hpp"

namespace parley::chat {

namespace json = boost::json;

Links links_of(const json::object& args) {
  Links l;
  l.reply_to_id = optional_text(args, "replyToId");
  l.quote = optional_text(args, "quote");
  l.thread_root_id = optional_text(args, "threadRootId");
  l.also_to_chat = optional_boolean(args, "alsoToChat").value_or(false);
  return l;
}

json::object thread_page_json(const ThreadPage& page) {
  return json::object{{"root", message_json(page.root)}, {"replies", messages_json(page.replies)}};
}

json::object followed_json(const FollowedPage& page) {
  json::array threads;
  threads.reserve(page.threads.size());
  for (const auto& t : page.threads) {
    threads.push_back(json::object{
        {"chatId", t.root.chat_id}, {"root", message_json(t.root)}, {"readSeq", t.read_seq}, {"unread", t.unread}});
  }
  return json::object{{"threads", std::move(threads)},
                      {"next", page.next ? json::value(*page.next) : json::value(nullptr)}};
}

}  // namespace parley::chat
