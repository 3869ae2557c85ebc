// Replies, quotes and threads in the domain: what a new message points at, checked against
// the messages it names (read once per batch of sends), and the previews a reply shows of
// the message it answers, read as that message is now (edited, or deleted). Safe from any
// thread; reads the store.
#pragma once

#include "chat/core.hpp"
#include "chat/errors.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace parley::chat {

// How much of the answered message's text a reply's preview carries (code points).
inline constexpr std::size_t kReplyExcerptChars = 160;

// What a message sent may point at.
struct Links {
  std::optional<std::string> reply_to_id;
  std::optional<std::string> quote;
  std::optional<std::string> thread_root_id;
  bool also_to_chat = false;

  bool any() const { return reply_to_id || thread_root_id; }
};

// The messages some sends point at, by id, with their senders' names.
using LinkTargets = std::unordered_map<std::string, std::pair<store::Message, std::string>>;

// Reads the messages `links` name (nothing when none names any).
Result<LinkTargets> read_link_targets(Core& core, const std::vector<const Links*>& links);

// Why a message of `chat` cannot point where `links` says, if it cannot: the message it
// answers and the thread's root must be of the same chat and not deleted, a root must be a
// text message of the timeline, and a quote must be a fragment of the answered text.
std::optional<Error> check_links(const ChatOptions& options, const Links& links, const store::Chat& chat,
                                 const LinkTargets& targets);

// The preview of `target` (sent by `sender_name`) as a reply shows it.
store::ReplyPreview preview_of(const store::Message& target, const std::string& sender_name);

// Sets reply_to on every message of `messages` that answers another, as the answered message
// is now (one read for all; a copy from the cache may carry an older one).
Result<void> attach_replies(Core& core, std::vector<store::Message>& messages);
Result<void> attach_replies(Core& core, store::Message& message);

}  // namespace parley::chat
