// The rules of who is told of a message (notifier.hpp), and what a push says. Pure functions.
#pragma once

#include "chat/notifications/notification_settings.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <string>

namespace parley::chat {

// What a message is to one person: it answers them (a reply to their message, a reply in a
// thread they started), and whether it is in the chat's timeline (not a reply kept in its
// thread).
struct MessageForUser {
  bool concerns = false;
  bool in_timeline = true;
};

// Whether the person is told, by the chat's setting for them at `now`: never at "nothing";
// muted, at "mentions only", or for a reply kept in its thread, only what concerns them;
// otherwise always.
bool should_notify(const store::ChatNotify& setting, const MessageForUser& message, std::int64_t now);

// The push's JSON: {chatId, messageId, title, body?, at}. `title`: the group's title, or the
// sender's name in a private chat; `body` (with previews only): the text (at most 200
// characters), after "<sender>: " in a group.
std::string push_payload(const store::Chat& chat, const store::Message& message, const std::string& sender_name,
                         bool previews);

// The push's Topic (RFC 8030 §5.4): one per chat, so that a push service holding pushes for an
// offline device keeps the newest of each chat only. 32 base64url characters.
std::string push_topic(const std::string& chat_id);

}  // namespace parley::chat
