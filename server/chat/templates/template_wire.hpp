// The JSON form of a message template, as the REST routes answer: {id, chatId (null: the
// caller's own; a group's id: its canned response), title, category ("" for none), shortcut
// (without its "/"; null for none), content, createdBy, createdAt, updatedAt, version, uses and
// lastUsedAt (the caller's use of it in all chats; 0 and null when the list is not the
// caller's)}. Times are epoch ms.
#pragma once

#include "store/templates.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <vector>

namespace parley::chat {

boost::json::object template_json(const store::MessageTemplate& t);
boost::json::array templates_json(const std::vector<store::MessageTemplate>& list);

}  // namespace parley::chat
