// Custom emoji: a server-wide set managed by the server's admins (server_admins) and one set
// per group managed by its admins, each a shortcode (2 to 32 of a-z 0-9 _ + -) and a small
// image (PNG, GIF or WebP up to 256 KiB, kept as a WebP that fits 128 px, animation kept).
// Everyone may use the server's set, a group's members their group's, in reactions and in
// text (":shortcode:", which clients show as the image). A change reaches who may use the set
// (Events::emoji_changed). Safe from any thread; reads and writes the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct EmojiSet {
  std::vector<store::CustomEmoji> emoji;  // by shortcode, without images
  bool can_manage = false;                // the caller may add and remove
};

class EmojiService {
 public:
  static constexpr std::size_t kMaxImageBytes = 256 * 1024;
  static constexpr int kSize = 128;

  explicit EmojiService(Core& core) : core_(core) {}

  // The server's set (no `chat_id`) or a group's (members only).
  Result<EmojiSet> list(const Actor& actor, std::optional<std::string_view> chat_id);
  // `image`: the uploaded bytes. invalid_input: a bad shortcode or image; conflict: the
  // shortcode is taken in the set; forbidden: not a server admin / group admin;
  // emoji_limit: the set is full.
  Result<store::CustomEmoji> add(const Actor& actor, std::optional<std::string_view> chat_id,
                                 std::string_view shortcode, std::string_view image);
  Result<void> remove(const Actor& actor, std::optional<std::string_view> chat_id, std::string_view shortcode);
  // One emoji's image (anyone who has its address).
  Result<store::CustomEmoji> image(std::string_view id);
  // Whether ":shortcode:" is a custom emoji usable in `chat` (the server's set, or the group's).
  Result<bool> usable(const store::Chat& chat, std::string_view shortcode_with_colons);

 private:
  // The scope ("" or the group's id) the actor may manage, or the error.
  Result<std::string> managed_scope(const Actor& actor, std::optional<std::string_view> chat_id);
  Result<bool> is_server_admin(const Actor& actor);

  Core& core_;
};

}  // namespace parley::chat
