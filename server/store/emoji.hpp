// Custom emoji: a shortcode and a small image, server-wide (scope "") or one group's (scope: its
// chat id). Part of store.hpp (EmojiStore). The image is kept in the database (a few KiB at
// 128 px); what a shortcode may be and the image's processing are the domain's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace parley::store {

struct CustomEmoji {
  std::string id;         // a UUID: the image's address
  std::string scope;      // "": the server's set; otherwise the group's chat id
  std::string shortcode;  // without the colons
  std::string mime;       // of `image`
  std::string image;      // its bytes; empty in lists
  std::string created_by;
  std::int64_t created_at = 0;
};

}  // namespace parley::store
