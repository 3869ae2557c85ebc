// The rules of who is told of a message (notifier.hpp), and what a push says. Pure functions.
#pragma once

#include "chat/notifications/notification_settings.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// What a message is to one person: whether it concerns them (it answers their message, mentions
// them, holds one of their keywords, or is a reply in a thread they follow), and whether it is
// in the chat's timeline (not a reply kept in its thread).
struct MessageForUser {
  bool concerns = false;
  bool in_timeline = true;
};

// Whether the person is told, by the chat's setting for them at `now`: never at "nothing";
// muted, at "mentions only", or for a reply kept in its thread, only what concerns them;
// otherwise always.
bool should_notify(const store::ChatNotify& setting, const MessageForUser& message, std::int64_t now);

// Whether `text` holds one of `keywords` as whole words, in any case and form.
bool has_keyword(std::string_view text, const std::vector<std::string>& keywords);

// The push's JSON: {chatId, messageId, title, body?, at, mention?}. `title`: the group's title,
// or the sender's name in a private chat; `body` (with previews only): the text (at most 200
// characters), after "<sender>: " in a group; `mention`: it concerns the person.
std::string push_payload(const store::Chat& chat, const store::Message& message, const std::string& sender_name,
                         bool previews, bool concerns = false);

// A reaction to the person's message: {kind: "reaction", chatId, messageId, title, body, at};
// the body quotes the message with previews only.
std::string reaction_payload(const store::Chat& chat, const store::Message& message, const std::string& reactor_name,
                             const std::string& emoji, bool previews, std::int64_t at);

// "Design", "Design and Bob", "Design, Bob and 1 more chat": `count` chats named by the first
// two of `names` (the names of the first chats, at least two when count > 2).
std::string named_chats(const std::vector<std::string>& names, std::size_t count);

// One chat of a Do not disturb summary: its name as the person sees it, and how many.
struct HeldCount {
  std::string chat_id;
  std::string name;
  std::int64_t count = 0;
};

// The summary after Do not disturb: {kind: "summary", title, body, at, chats: [{chatId,
// count}]}, the body "7 new messages in Design, Bob and 1 more chat".
std::string summary_payload(const std::vector<HeldCount>& chats, std::int64_t at);

// The push's Topic (RFC 8030 §5.4): one per chat, so that a push service holding pushes for an
// offline device keeps the newest of each chat only. 32 base64url characters.
std::string push_topic(const std::string& chat_id);

}  // namespace parley::chat
