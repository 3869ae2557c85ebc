#include "chat/emoji/emoji_service.hpp"

#include "chat/store_errors.hpp"
#include "media/image.hpp"
#include "util/emoji.hpp"
#include "util/ids.hpp"

#include <algorithm>

namespace parley::chat {

Result<bool> EmojiService::is_server_admin(const Actor& actor) {
  const auto& admins = core_.options.server_admins;
  if (admins.empty()) return false;
  auto me = core_.store.user_by_id(actor.user_id);
  if (!me) return store_failure(me.error(), "User");
  return std::find(admins.begin(), admins.end(), me->email) != admins.end();
}

Result<std::string> EmojiService::managed_scope(const Actor& actor, std::optional<std::string_view> chat_id) {
  if (!chat_id) {
    auto admin = is_server_admin(actor);
    if (!admin) return util::fail(admin.error());
    if (!*admin) return fail(Errc::kForbidden, "Only the server's admins manage its custom emoji");
    return std::string();
  }
  auto chat = core_.access.chat(actor.user_id, *chat_id);
  if (!chat) return util::fail(chat.error());
  if (!chat->group) return fail(Errc::kInvalidInput, "Custom emoji sets are for groups");
  auto me = core_.store.member(chat->id, actor.user_id);
  if (!me) return store_failure(me.error(), "Chat");
  if (me->role < store::Role::kAdmin) return fail(Errc::kForbidden, "Only admins manage the group's custom emoji");
  return chat->id;
}

Result<EmojiSet> EmojiService::list(const Actor& actor, std::optional<std::string_view> chat_id) {
  EmojiSet set;
  std::string scope;
  if (chat_id) {
    auto chat = core_.access.chat(actor.user_id, *chat_id);
    if (!chat) return util::fail(chat.error());
    if (!chat->group) return fail(Errc::kInvalidInput, "Custom emoji sets are for groups");
    scope = chat->id;
    auto me = core_.store.member(chat->id, actor.user_id);
    set.can_manage = me && me->role >= store::Role::kAdmin;
  } else {
    auto admin = is_server_admin(actor);
    if (!admin) return util::fail(admin.error());
    set.can_manage = *admin;
  }
  auto emoji = core_.store.emoji_in(scope);
  if (!emoji) return store_failure(emoji.error(), "Emoji");
  set.emoji = std::move(*emoji);
  return set;
}

Result<store::CustomEmoji> EmojiService::add(const Actor& actor, std::optional<std::string_view> chat_id,
                                             std::string_view shortcode, std::string_view image) {
  const std::string name = ":" + std::string(shortcode) + ":";
  if (!util::is_emoji_shortcode(name)) {
    return fail(Errc::kInvalidInput, "shortcode must be 2 to 32 of a-z, 0-9, _, + and -");
  }
  if (image.size() > kMaxImageBytes) {
    return fail(Errc::kPayloadTooLarge, "The image must be at most " + std::to_string(kMaxImageBytes / 1024) + " KiB");
  }
  auto scope = managed_scope(actor, chat_id);
  if (!scope) return util::fail(scope.error());
  auto fitted = media::fit_square(image, kSize);
  if (!fitted) return fail(Errc::kInvalidInput, fitted.error().message);
  store::CustomEmoji e;
  e.id = util::uuid_v7();
  e.scope = *scope;
  e.shortcode = std::string(shortcode);
  e.mime = fitted->mime;
  e.image = std::move(fitted->bytes);
  e.created_by = actor.user_id;
  e.created_at = core_.now();
  auto added = core_.store.add_emoji(e, core_.options.max_custom_emoji);
  if (!added) {
    if (added.error() == store::Errc::kConflict)
      return fail(Errc::kConflict, "There is a :" + e.shortcode + ": already");
    if (added.error() == store::Errc::kLimit) {
      return fail(Errc::kEmojiLimit,
                  "A set holds at most " + std::to_string(core_.options.max_custom_emoji) + " custom emoji");
    }
    return store_failure(added.error(), "Emoji");
  }
  core_.events.emoji_changed(e.scope);
  return std::move(*added);
}

Result<void> EmojiService::remove(const Actor& actor, std::optional<std::string_view> chat_id,
                                  std::string_view shortcode) {
  auto scope = managed_scope(actor, chat_id);
  if (!scope) return util::fail(scope.error());
  auto removed = core_.store.remove_emoji(*scope, shortcode);
  if (!removed) return store_failure(removed.error(), "Emoji");
  core_.events.emoji_changed(*scope);
  return {};
}

Result<store::CustomEmoji> EmojiService::image(std::string_view id) {
  if (!util::is_uuid(id)) return fail(Errc::kNotFound, "Emoji not found");
  auto e = core_.store.emoji_image(id);
  if (!e) return store_failure(e.error(), "Emoji");
  return std::move(*e);
}

Result<bool> EmojiService::usable(const store::Chat& chat, std::string_view shortcode_with_colons) {
  if (!util::is_emoji_shortcode(shortcode_with_colons)) return false;
  const auto shortcode = shortcode_with_colons.substr(1, shortcode_with_colons.size() - 2);
  auto server = core_.store.has_emoji("", shortcode);
  if (!server) return store_failure(server.error(), "Emoji");
  if (*server || !chat.group) return *server;
  auto group = core_.store.has_emoji(chat.id, shortcode);
  if (!group) return store_failure(group.error(), "Emoji");
  return *group;
}

}  // namespace parley::chat
