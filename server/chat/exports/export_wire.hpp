// The JSON form of an export, as the REST routes answer and export:progress carries: {id,
// format, state ("queued", "running", "done", "failed"), done and total (messages gone through
// and to go through), size (bytes, once done), chatIds (the chats asked for; empty: all), from
// and to (null: no bound), error (null unless failed), createdAt, finishedAt, expiresAt (null
// until finished; the file is removed then), url (a signed download link while it is done;
// null otherwise and in events)}. Times are epoch ms.
#pragma once

#include "store/exports.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace parley::chat {

boost::json::object export_json(const store::DataExport& e, const std::optional<std::string>& url);

}  // namespace parley::chat
