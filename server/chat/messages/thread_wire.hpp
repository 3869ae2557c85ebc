// The wire forms of replies and threads, shared by the Socket.IO events and the REST routes:
// what a message sent points at, a page of a thread, the followed threads. Pure; safe from any
// thread.
#pragma once

#include "chat/messages/reply_links.hpp"
#include "chat/messages/thread_service.hpp"

#include <boost/json/object.hpp>

namespace parley::chat {

// replyToId, quote, threadRootId and alsoToChat of a message sent (checked by the schema).
Links links_of(const boost::json::object& args);
// {root, replies}: the root and a page of its replies, oldest first.
boost::json::object thread_page_json(const ThreadPage& page);
// {threads: [{chatId, root, readSeq, unread}], next}: latest reply first; next: the cursor of
// the following page, or null.
boost::json::object followed_json(const FollowedPage& page);

}  // namespace parley::chat
