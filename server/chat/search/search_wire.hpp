// Search on the wire: a page of messages found ({results: [{message, highlights, snippet}],
// nextCursor}) and the chat switcher's matches ({chats: [{chatId}], people: [User]}). Ranges
// are {start, end} in UTF-16 code units (JavaScript string indices).
#pragma once

#include "chat/search/search_service.hpp"

#include "chat/schema.hpp"

#include <boost/json/object.hpp>

#include <vector>

namespace parley::chat {

// The parameters of a message search, the same in REST (query string) and Socket.IO
// (search:messages): q, chatId, from, after, before, has, sort, limit, cursor, utcOffset.
std::vector<Field> search_fields();
// The request from arguments search_fields() checked; has is comma-separated.
MessageSearchRequest search_request_of(const boost::json::object& args);

boost::json::object search_page_json(const MessageSearchPage& page);
boost::json::object switcher_json(const SwitcherMatches& matches);

}  // namespace parley::chat
