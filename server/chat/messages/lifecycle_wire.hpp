// The wire forms of messages after they are sent, shared by the Socket.IO events and the REST
// routes: a message's text versions, a page of the change feed, a deletion's scope. Pure;
// safe from any thread.
#pragma once

#include "chat/messages/lifecycle_service.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

namespace parley::chat {

// {versions: [{content, at}]}: oldest first, the current text last.
boost::json::object versions_json(const std::vector<store::TextVersion>& versions);
// {messages, hidden, until, more}: what changed after `since`; continue with since = until.
boost::json::object changes_json(const store::ChangePage& page);
// "everyone" (also when absent) or "me"; nullopt for anything else.
std::optional<DeleteScope> delete_scope(std::optional<std::string_view> text);

}  // namespace parley::chat
