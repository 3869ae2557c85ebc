// Files on the wire: a file as messages carry it (Attachment) and its signed links.
#pragma once

#include "chat/files/file_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace parley::chat {

// {id, kind, name, size, mime, width?, height?, duration?, thumbnail, display?, poster?,
//  placeholder?, waveform?}: the JSON the file was stored with.
boost::json::value attachment_value(const store::StoredFile& file);
// {links: [{id, url, downloadUrl, thumbnailUrl?, displayUrl?, posterUrl?, expiresAt}], denied}
boost::json::object links_json(const std::vector<FileLinks>& links, const std::vector<std::string>& denied);

}  // namespace parley::chat
