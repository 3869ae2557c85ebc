#include "chat/reactions/reaction_service.hpp"

#include "chat/moderation/block_service.hpp"
#include "chat/notifications/notifier.hpp"
#include "chat/store_errors.hpp"
#include "util/emoji.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <charconv>

namespace parley::chat {
namespace {

// A reactors cursor: "<at in ms>.<user id>.<emoji>" of the last reaction listed.
std::string cursor_of(const store::Reactor& r) { return std::to_string(r.at) + "." + r.user_id + "." + r.emoji; }

bool parse_cursor(std::string_view cursor, store::ReactorQuery& q) {
  const auto dot = cursor.find('.');
  if (dot == std::string_view::npos) return false;
  std::int64_t at = 0;
  const auto* end = cursor.data() + dot;
  auto [p, ec] = std::from_chars(cursor.data(), end, at);
  if (ec != std::errc() || p != end) return false;
  const auto rest = cursor.substr(dot + 1);
  const auto second = rest.find('.');
  if (second == std::string_view::npos) return false;
  q.after_at = at;
  q.after_user = std::string(rest.substr(0, second));
  q.after_emoji = std::string(rest.substr(second + 1));
  return util::is_uuid(q.after_user) && !q.after_emoji.empty();
}

}  // namespace

Result<std::string> reaction_emoji(std::string_view text) {
  if (auto emoji = util::normalize_emoji(text)) return std::move(*emoji);
  if (util::is_emoji_shortcode(text)) return std::string(text);  // a custom emoji: known where it is used
  return fail(Errc::kInvalidInput, "emoji must be exactly one emoji or a custom emoji's :shortcode:");
}

Result<store::Reacted> ReactionService::react(const Actor& actor, std::string_view message_id, std::string_view emoji,
                                              std::optional<bool> on) {
  auto checked = reaction_emoji(emoji);
  if (!checked) return util::fail(checked.error());
  store::Chat chat;
  auto message = core_.access.message(actor.user_id, message_id, &chat);
  if (!message) return util::fail(message.error());
  if (auto open = check_not_blocked(core_, chat, actor.user_id); !open) return util::fail(open.error());
  // A custom emoji of the server's set or the group's; taking one back is always allowed.
  if (checked->front() == ':' && on.value_or(true)) {
    auto usable = emoji_.usable(chat, *checked);
    if (!usable) return util::fail(usable.error());
    if (!*usable) {
      // Toggling off one that was put on before the emoji was removed is still allowed.
      auto mine = core_.store.reactions_of(actor.user_id, {message->id});
      if (!mine) return store_failure(mine.error(), "Message");
      const bool present = std::any_of(mine->begin(), mine->end(), [&](const auto& r) { return r.second == *checked; });
      if (on || !present) return fail(Errc::kInvalidInput, "There is no custom emoji " + *checked + " here");
    }
  }
  if (message->deleted_at) return fail(Errc::kInvalidInput, "A deleted message takes no reactions");
  if (message->kind != "text") return fail(Errc::kInvalidInput, "This message takes no reactions");
  const auto& o = core_.options;
  const auto now = core_.now();
  if (!core_.limiter.allow("react:" + actor.user_id, o.reactions_per_second, o.reactions_burst, now)) {
    return fail(Errc::kRateLimited, "Too many reactions; slow down");
  }
  core_.touch(actor.user_id);
  store::ReactionChange change;
  change.message_id = message->id;
  change.user_id = actor.user_id;
  change.emoji = std::move(*checked);
  change.on = on;
  change.at = now;
  change.max_per_user = o.max_reactions_per_user;
  change.max_distinct = o.max_distinct_reactions;
  auto reacted = core_.store.react(change);
  if (!reacted) {
    if (reacted.error() == store::Errc::kLimit) {
      return fail(Errc::kReactionLimit, "At most " + std::to_string(o.max_reactions_per_user) +
                                            " reactions of yours and " + std::to_string(o.max_distinct_reactions) +
                                            " different ones on a message");
    }
    return store_failure(reacted.error(), "Message");
  }
  if (reacted->changed) {
    core_.announce_updated(reacted->message);
    core_.events.reactions_changed(chat, *reacted, actor.user_id, change.emoji);
    if (reacted->added && core_.notifier != nullptr) {
      core_.notifier->reacted(chat, reacted->message, actor.user_id, change.emoji);
    }
  }
  std::vector<store::Message> one{reacted->message};
  if (auto r = attach_my_reactions(core_, actor.user_id, one); !r) return util::fail(r.error());
  reacted->message = std::move(one.front());
  return std::move(*reacted);
}

Result<ReactorPage> ReactionService::reactors(const Actor& actor, std::string_view message_id,
                                              std::optional<std::string_view> emoji, std::string_view cursor,
                                              std::size_t limit) {
  auto message = core_.access.message(actor.user_id, message_id);
  if (!message) return util::fail(message.error());
  store::ReactorQuery q;
  q.message_id = message->id;
  if (emoji) {
    auto checked = reaction_emoji(*emoji);
    if (!checked) return util::fail(checked.error());
    q.emoji = std::move(*checked);
  }
  q.limit = std::clamp<std::size_t>(limit == 0 ? 50 : limit, 1, store::kMaxReactorPage);
  if (!cursor.empty() && !parse_cursor(cursor, q)) return fail(Errc::kInvalidInput, "cursor is not valid");
  auto reactors = core_.store.reactors(q);
  if (!reactors) return store_failure(reactors.error(), "Message");
  ReactorPage page;
  if (reactors->size() == q.limit) page.next = cursor_of(reactors->back());
  page.reactors = std::move(*reactors);
  return page;
}

Result<std::vector<store::UnreadReactions>> ReactionService::unread(const Actor& actor) {
  auto unread = core_.store.unread_reactions(actor.user_id);
  if (!unread) return store_failure(unread.error(), "User");
  return std::move(*unread);
}

Result<std::int64_t> ReactionService::read(const Actor& actor, std::string_view chat_id) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  auto cleared = core_.store.read_reactions(actor.user_id, chat->id);
  if (!cleared) return store_failure(cleared.error(), "Chat");
  if (*cleared > 0) core_.events.reactions_read(actor.user_id, chat->id);
  return *cleared;
}

Result<void> ReactionService::used(const Actor& actor, const std::vector<std::string>& emoji) {
  if (emoji.size() > store::kMaxFrequentEmoji) {
    return fail(Errc::kInvalidInput, "At most " + std::to_string(store::kMaxFrequentEmoji) + " emoji at once");
  }
  std::vector<std::string> checked;
  checked.reserve(emoji.size());
  for (const auto& e : emoji) {
    auto one = reaction_emoji(e);
    if (!one) return util::fail(one.error());
    checked.push_back(std::move(*one));
  }
  const auto& o = core_.options;
  if (!core_.limiter.allow("emoji:" + actor.user_id, o.reactions_per_second, o.reactions_burst, core_.now())) {
    return fail(Errc::kRateLimited, "Too many requests; slow down");
  }
  if (auto r = core_.store.count_emoji(actor.user_id, checked, core_.now()); !r) {
    return store_failure(r.error(), "User");
  }
  return {};
}

Result<std::vector<store::EmojiUse>> ReactionService::frequent(const Actor& actor, std::size_t limit) {
  auto uses = core_.store.frequent_emoji(actor.user_id,
                                         std::clamp<std::size_t>(limit == 0 ? 36 : limit, 1, store::kMaxFrequentEmoji));
  if (!uses) return store_failure(uses.error(), "User");
  return std::move(*uses);
}

Result<void> attach_my_reactions(Core& core, const std::string& user_id, std::vector<store::Message>& page) {
  std::vector<std::string> ids;
  for (const auto& m : page) {
    if (!m.reactions.empty()) ids.push_back(m.id);
  }
  if (ids.empty()) return {};
  auto mine = core.store.reactions_of(user_id, ids);
  if (!mine) return store_failure(mine.error(), "Message");
  for (auto& m : page) {
    m.my_reactions.clear();
    for (const auto& [id, emoji] : *mine) {
      if (id == m.id) m.my_reactions.push_back(emoji);
    }
  }
  return {};
}

}  // namespace parley::chat
