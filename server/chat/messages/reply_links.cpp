#include "chat/messages/reply_links.hpp"

#include "chat/store_errors.hpp"
#include "chat/wire.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {

Result<LinkTargets> read_link_targets(Core& core, const std::vector<const Links*>& links) {
  std::vector<std::string> ids;
  for (const auto* l : links) {
    if (l->reply_to_id && util::is_uuid(*l->reply_to_id)) ids.push_back(*l->reply_to_id);
    if (l->thread_root_id && util::is_uuid(*l->thread_root_id)) ids.push_back(*l->thread_root_id);
  }
  LinkTargets out;
  if (ids.empty()) return out;
  auto targets = core.store.reply_targets(ids);
  if (!targets) return store_failure(targets.error(), "Message");
  for (auto& [m, name] : *targets) {
    auto id = m.id;
    out.emplace(std::move(id), std::make_pair(std::move(m), std::move(name)));
  }
  return out;
}

std::optional<Error> check_links(const ChatOptions& options, const Links& links, const store::Chat& chat,
                                 const LinkTargets& targets) {
  const auto in_chat = [&](const std::optional<std::string>& id) -> const store::Message* {
    if (!id) return nullptr;
    auto it = targets.find(*id);
    return it != targets.end() && it->second.first.chat_id == chat.id ? &it->second.first : nullptr;
  };
  if (links.reply_to_id) {
    const auto* target = in_chat(links.reply_to_id);
    if (!target) return Error{Errc::kNotFound, "The message replied to is not in this chat"};
    if (target->deleted_at) return Error{Errc::kInvalidInput, "A deleted message cannot be replied to"};
    if (target->kind != "text") return Error{Errc::kInvalidInput, "This message cannot be replied to"};
  }
  if (links.quote) {
    const auto& q = *links.quote;
    if (!links.reply_to_id) return Error{Errc::kInvalidInput, "quote needs replyToId"};
    if (!util::is_valid_utf8(q) || q.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Error{Errc::kInvalidInput, "quote must be non-blank UTF-8"};
    }
    if (util::utf8_length(q) > options.max_quote_chars) {
      return Error{Errc::kPayloadTooLarge,
                   "quote is longer than " + std::to_string(options.max_quote_chars) + " characters"};
    }
    if (in_chat(links.reply_to_id)->content.find(q) == std::string::npos) {
      return Error{Errc::kInvalidInput, "quote must be a fragment of the message replied to"};
    }
  }
  if (links.thread_root_id) {
    const auto* root = in_chat(links.thread_root_id);
    if (!root) return Error{Errc::kNotFound, "The thread's root is not in this chat"};
    if (root->deleted_at) return Error{Errc::kInvalidInput, "The thread's root was deleted"};
    if (root->kind != "text" || root->thread_root_id) {
      return Error{Errc::kInvalidInput, "A thread starts on a text message of the timeline"};
    }
  }
  return std::nullopt;
}

store::ReplyPreview preview_of(const store::Message& target, const std::string& sender_name) {
  store::ReplyPreview p;
  p.id = target.id;
  p.sender_id = target.sender_id;
  p.sender_name = sender_name;
  p.deleted = target.deleted_at.has_value();
  if (!p.deleted) {
    p.excerpt = std::string(util::utf8_prefix(target.content, kReplyExcerptChars));
    // Files without a caption: what they are.
    if (p.excerpt.empty() && target.attachments) {
      boost::system::error_code ec;
      auto files = boost::json::parse(*target.attachments, ec);
      if (!ec && files.is_array()) p.excerpt = attachments_text(files.as_array());
    }
  }
  return p;
}

Result<void> attach_replies(Core& core, std::vector<store::Message>& messages) {
  std::vector<std::string> ids;
  for (const auto& m : messages) {
    if (m.reply_to_id) ids.push_back(*m.reply_to_id);
  }
  if (ids.empty()) return {};
  auto targets = core.store.reply_targets(ids);
  if (!targets) return store_failure(targets.error(), "Message");
  std::unordered_map<std::string, store::ReplyPreview> previews;
  for (const auto& [target, name] : *targets) previews.emplace(target.id, preview_of(target, name));
  for (auto& m : messages) {
    if (!m.reply_to_id) continue;
    auto it = previews.find(*m.reply_to_id);
    m.reply_to = it != previews.end() ? std::optional(it->second) : std::nullopt;
    // The store removed the quote of a deleted message; a cached copy may still have it.
    if (m.reply_to && m.reply_to->deleted) m.quote.reset();
  }
  return {};
}

Result<void> attach_replies(Core& core, store::Message& message) {
  if (!message.reply_to_id) return {};
  std::vector<store::Message> one{std::move(message)};
  auto r = attach_replies(core, one);
  message = std::move(one.front());
  return r;
}

}  // namespace parley::chat
