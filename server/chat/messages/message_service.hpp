// Messages: sending (one, or a socket's consecutive sends as one append), reading receipts
// (one message, or everything up to a seq), and delivery when a device joins a chat. Safe from
// any thread; writes the store, then announces through Core.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"
#include "chat/files/file_service.hpp"
#include "chat/messages/reply_links.hpp"
#include "chat/typing/typing_service.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

struct SendRequest {
  std::string chat_id;
  std::string content;
  std::optional<std::string> client_message_id;
  Links links;  // what it answers, quotes, or the thread it goes to
  // Files it carries (ids of the sender's finished uploads); `content` is then their caption,
  // which may be empty.
  std::vector<std::string> attachments{};
  // Whom it mentions, as asked (chat/messages/mentions.hpp keeps what may be).
  store::Mentions mentions{};
  // A held message a moderator approved: sent without the auto-moderation rules.
  bool reviewed = false;
  // An occurrence of a scheduled message (client_message_id: chat/schedules/scheduled_id.hpp),
  // sent alone: not counted against the sender's rate again.
  bool scheduled = false;
};

// Why `content` cannot be a message's text (UTF-8, not blank, within max_message_chars), if it
// cannot.
std::optional<Error> check_content(const ChatOptions& options, std::string_view content);

class MessageService {
 public:
  // `typing`: a sender stops typing in the chat they sent to; `files`: the files messages carry.
  MessageService(Core& core, TypingService& typing, FileService& files) : core_(core), typing_(typing), files_(files) {}

  Result<store::Appended> send_message(const Actor& actor, std::string_view chat_id, std::string_view content,
                                       std::optional<std::string> client_message_id, Links links = {});
  // Several sends of one user, in order, stored in one append (one commit). One result each:
  // a reply's message carries the preview of what it answers; a thread reply's root, with its
  // new summary, is announced (Events::thread_updated).
  std::vector<Result<store::Appended>> send_messages(const Actor& actor, const std::vector<SendRequest>& requests);
  Result<std::vector<store::StatusChange>> mark_read(const Actor& actor, std::string_view message_id);
  Result<std::vector<store::StatusChange>> read_up_to(const Actor& actor, std::string_view chat_id, std::int64_t seq);
  // Marks every message to `actor` in the chat that is still SENT as DELIVERED. With `receive`,
  // a device of `actor` starts receiving the chat's new messages first (it joins the chat's
  // room next; DeviceService::stop_receiving when it leaves).
  Result<std::vector<store::StatusChange>> deliver_chat(const Actor& actor, std::string_view chat_id,
                                                        bool receive = false);

  // A device of the caller received the chat's messages up to `seq` (chat:delivered): in a
  // group its delivered watermark rises; in a private chat those messages become DELIVERED.
  Result<void> delivered_up_to(const Actor& actor, std::string_view chat_id, std::int64_t seq);

 private:
  // Whether `actor` may send into the group `chat` (its send policy and their role).
  // Raises the caller's watermarks in a group and announces the floors when they rose.
  Result<void> raise_watermarks(const Actor& actor, const store::Chat& chat, std::int64_t delivered, std::int64_t read);
  // A member's role in the group when they may send there now.
  Result<store::Role> may_send(const store::Chat& chat, const Actor& actor) const;
  std::optional<Error> check_send(const SendRequest& request) const;
  // Whether the sender is muted, and what the auto-moderation rules say of the message: an
  // error when it is not sent (rejected, held, muted), the verdict when it is sent and flagged.
  Result<std::optional<Verdict>> automod_check(const Actor& actor, const store::Chat& chat, const SendRequest& request,
                                               const store::Mentions& mentioned);

  Core& core_;
  TypingService& typing_;
  FileService& files_;
};

}  // namespace parley::chat
