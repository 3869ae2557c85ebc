// What an uploaded file is, told from its bytes (libmagic) rather than from the name or the
// type its uploader declared; and whether a declared name's extension agrees with that.
//
// Threading: safe from any thread (each thread opens its own libmagic handle on first use).
#pragma once

#include <string>
#include <string_view>

namespace parley::media {

// The MIME type of the file at `path` by its content, e.g. "image/png", "application/pdf";
// a few of libmagic's aliases are given their usual names ("audio/x-wav" -> "audio/wav").
// "application/octet-stream" when it cannot be told or the file cannot be read.
std::string sniff_mime(const std::string& path);

// False when `name` has an extension we know (".jpg", ".png", ".mp4", ".pdf", ...) that does
// not fit `mime` ("photo.jpg" that is a ZIP). True with no extension or one we do not know.
bool consistent_extension(std::string_view name, std::string_view mime);

}  // namespace parley::media
