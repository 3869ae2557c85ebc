#include "chat/messages/message_service.hpp"

#include "chat/messages/mentions.hpp"
#include "chat/moderation/block_service.hpp"
#include "chat/schedules/scheduled_id.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace parley::chat {

namespace json = boost::json;

Result<store::Role> MessageService::may_send(const store::Chat& chat, const Actor& actor) const {
  auto me = core_.store.member(chat.id, actor.user_id);
  if (!me) {
    if (me.error() == store::Errc::kNotFound) return fail(Errc::kForbidden, "You are not a member of this group");
    return store_failure(me.error(), "Chat");
  }
  if (me->role >= store::Role::kAdmin) return me->role;
  if (chat.group->settings.send == store::Policy::kAdmins) {
    return fail(Errc::kForbidden, "Only admins can send messages in this group");
  }
  // Slow mode: one message per member per so many seconds (admins exempt). Decided on the last
  // message committed, so a burst sent at once may pass together.
  const auto wait_ms = chat.group->settings.slow_mode_seconds * 1000 - (core_.now() - me->last_sent_at);
  if (chat.group->settings.slow_mode_seconds > 0 && me->last_sent_at > 0 && wait_ms > 0) {
    return fail(Errc::kRateLimited,
                "Slow mode: you can send again in " + std::to_string((wait_ms + 999) / 1000) + " s");
  }
  return me->role;
}

std::optional<Error> check_content(const ChatOptions& o, std::string_view content) {
  if (!util::is_valid_utf8(content)) return Error{Errc::kInvalidInput, "content must be valid UTF-8"};
  const auto chars = util::utf8_length(content);
  if (chars == 0 || content.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error{Errc::kInvalidInput, "content must not be empty"};
  }
  if (chars > o.max_message_chars) {
    return Error{Errc::kPayloadTooLarge,
                 "content is longer than " + std::to_string(o.max_message_chars) + " characters"};
  }
  return std::nullopt;
}

std::optional<Error> MessageService::check_send(const SendRequest& r) const {
  const auto& o = core_.options;
  if (r.attachments.empty() || !r.content.empty()) {
    if (auto e = check_content(o, r.content)) return e;
  }
  if (r.client_message_id && (r.client_message_id->empty() || r.client_message_id->size() > o.max_client_message_id ||
                              !util::is_valid_utf8(*r.client_message_id))) {
    return Error{Errc::kInvalidInput,
                 "clientMessageId must be 1 to " + std::to_string(o.max_client_message_id) + " bytes"};
  }
  if (!r.scheduled && r.client_message_id && r.client_message_id->starts_with(kScheduledIdPrefix)) {
    return Error{Errc::kInvalidInput, "clientMessageId may not begin with \"scheduled:\""};
  }
  if (r.links.reply_to_id && !util::is_uuid(*r.links.reply_to_id)) {
    return Error{Errc::kInvalidInput, "replyToId must be a message id"};
  }
  if (r.links.thread_root_id && !util::is_uuid(*r.links.thread_root_id)) {
    return Error{Errc::kInvalidInput, "threadRootId must be a message id"};
  }
  return std::nullopt;
}

Result<std::optional<Verdict>> MessageService::automod_check(const Actor& actor, const store::Chat& chat,
                                                             const SendRequest& r, const store::Mentions& mentioned) {
  if (auto muted = core_.automod.check_muted(actor.user_id, chat); !muted) return util::fail(muted.error());
  const auto mentions = mentioned.users.size() + (mentioned.all ? chat.participants.size() : 0);
  auto verdict = core_.automod.check(actor.user_id, chat, r.content, mentions, false);
  if (!verdict) return util::fail(verdict.error());
  if (!verdict->matched) return std::optional<Verdict>();
  if (verdict->action == AutoAction::kFlag) return std::optional<Verdict>(std::move(*verdict));
  // What a moderator approves is sent as it was asked.
  json::object request{{"content", r.content}};
  if (r.client_message_id) request["clientMessageId"] = *r.client_message_id;
  if (r.links.reply_to_id) request["replyToId"] = *r.links.reply_to_id;
  if (r.links.quote) request["quote"] = *r.links.quote;
  if (r.links.thread_root_id) request["threadRootId"] = *r.links.thread_root_id;
  if (r.links.also_to_chat) request["alsoToChat"] = true;
  if (!r.attachments.empty()) request["attachments"] = json::value_from(r.attachments);
  if (!r.mentions.users.empty()) request["mentions"] = json::value_from(r.mentions.users);
  if (r.mentions.all) request["mentionAll"] = true;
  return util::fail(core_.automod.stop(*verdict, actor.user_id, chat, r.content, json::serialize(request)));
}

Result<store::Appended> MessageService::send_message(const Actor& actor, std::string_view chat_id,
                                                     std::string_view content,
                                                     std::optional<std::string> client_message_id, Links links) {
  auto results = send_messages(actor.user_id, {SendRequest{std::string(chat_id), std::string(content),
                                                           std::move(client_message_id), std::move(links)}});
  return std::move(results.front());
}

std::vector<Result<store::Appended>> MessageService::send_messages(const Actor& actor,
                                                                   const std::vector<SendRequest>& requests) {
  std::vector<std::optional<Result<store::Appended>>> out(requests.size());
  std::unordered_map<std::string, Result<store::Chat>> chats;  // as requested; looked up once per batch
  std::unordered_map<std::string, const store::Chat*> by_id;   // stored id -> chat (nodes are stable)
  std::vector<store::NewMessage> batch;
  std::vector<std::size_t> index_of;                                       // batch position -> request position
  std::unordered_map<std::string, std::vector<std::string>> receiving_of;  // chat id -> receiving recipients
  const auto now = core_.now();
  // The messages replies and thread replies point at, read once for the batch.
  std::vector<const Links*> links;
  for (const auto& r : requests) {
    if (r.links.any()) links.push_back(&r.links);
  }
  auto targets = links.empty() ? Result<LinkTargets>(LinkTargets{}) : read_link_targets(core_, links);
  std::unordered_map<std::size_t, Verdict> flags;  // batch position -> the rules that flag it
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    if (auto err = check_send(r)) {
      out[i] = util::fail(std::move(*err));
      continue;
    }
    if (r.links.any() && !targets) {
      out[i] = util::fail(targets.error());
      continue;
    }
    auto it = chats.find(r.chat_id);
    if (it == chats.end()) it = chats.emplace(r.chat_id, core_.access.chat(actor.user_id, r.chat_id)).first;
    if (!it->second) {
      out[i] = util::fail(it->second.error());
      continue;
    }
    const store::Chat& chat = *it->second;
    std::optional<store::Role> role;
    if (chat.group) {
      auto allowed = may_send(chat, actor);
      if (!allowed) {
        out[i] = util::fail(allowed.error());
        continue;
      }
      role = *allowed;
    } else if (auto open = check_not_blocked(core_, chat, actor.user_id); !open) {
      out[i] = util::fail(open.error());
      continue;
    }
    store::Mentions mentioned;
    if (!r.mentions.empty()) {
      auto checked = allowed_mentions(core_, chat, actor.user_id, role, r.mentions);
      if (!checked) {
        out[i] = util::fail(checked.error());
        continue;
      }
      mentioned = std::move(*checked);
    }
    if (r.links.any() || r.links.quote) {
      if (auto err = check_links(core_.options, r.links, chat, *targets)) {
        out[i] = util::fail(std::move(*err));
        continue;
      }
    }
    if (!r.reviewed) {
      auto stopped = automod_check(actor, chat, r, mentioned);
      if (!stopped) {
        out[i] = util::fail(stopped.error());
        continue;
      }
      if (*stopped) flags.emplace(batch.size(), std::move(**stopped));
    }
    std::optional<Carried> carried;
    if (!r.attachments.empty()) {
      auto files = files_.carried(actor, r.attachments);
      if (!files) {
        out[i] = util::fail(files.error());
        continue;
      }
      carried = std::move(*files);
    }
    by_id.emplace(chat.id, &chat);
    auto receiving = receiving_of.find(chat.id);
    if (receiving == receiving_of.end()) {
      // A group's statuses come from its members' watermarks: no rows per recipient.
      receiving = receiving_of
                      .emplace(chat.id, chat.group ? std::vector<std::string>{}
                                                   : core_.receiving_recipients(chat, actor.user_id))
                      .first;
    }
    store::NewMessage m;
    m.id = util::uuid_v7();
    m.chat_id = chat.id;
    m.sender_id = actor.user_id;
    m.content = r.content;
    m.created_at = now;
    m.client_message_id = r.client_message_id;
    m.reply_to_id = r.links.reply_to_id;
    m.quote = r.links.quote;
    m.thread_root_id = r.links.thread_root_id;
    m.also_to_chat = r.links.thread_root_id && r.links.also_to_chat;
    m.mentions = std::move(mentioned);
    if (carried) {
      m.file_ids = std::move(carried->file_ids);
      m.attachments = std::move(carried->attachments);
    }
    if (!chat.group) m.recipients = Core::recipients_of(chat, actor.user_id);
    m.delivered_to = receiving->second;
    batch.push_back(std::move(m));
    index_of.push_back(i);
  }
  // One bucket for the whole batch: the first ones fit, the rest are refused. A scheduled
  // message was counted when it was scheduled.
  const auto& o = core_.options;
  const bool scheduled = requests.size() == 1 && requests.front().scheduled;
  const auto allowed = batch.empty() || scheduled ? batch.size()
                                                  : core_.limiter.take("msg:" + actor.user_id, o.messages_per_second,
                                                                       o.messages_burst, now, batch.size());
  for (std::size_t k = allowed; k < batch.size(); ++k) {
    out[index_of[k]] = fail(Errc::kRateLimited, "Too many messages; slow down");
  }
  batch.resize(allowed);
  index_of.resize(allowed);
  if (!batch.empty()) {
    core_.touch(actor.user_id);
    auto results = core_.store.append_messages(batch);
    std::unordered_set<std::string> told;  // chats whose peers were told
    std::vector<store::StatusChange> delivered;
    for (std::size_t k = 0; k < results.size(); ++k) {
      auto& r = results[k];
      const std::size_t i = index_of[k];
      if (!r) {
        out[i] = store_failure(r.error(), "Message");
        continue;
      }
      if (r->message.reply_to_id && targets) {
        if (auto it = targets->find(*r->message.reply_to_id); it != targets->end()) {
          r->message.reply_to = preview_of(it->second.first, it->second.second);
        }
      }
      if (!r->duplicate) {
        const store::Chat& chat = *by_id.at(r->message.chat_id);
        core_.announce_appended(chat, r->message, told);
        if (auto f = flags.find(k); f != flags.end()) core_.automod.flag(f->second, r->message);
        typing_.stopped(chat, r->message.sender_id);
        if (r->thread_root) {
          core_.announce_updated(*r->thread_root);
          core_.events.thread_updated(chat, *r->thread_root);
        }
        delivered.insert(delivered.end(), r->delivered.begin(), r->delivered.end());
      }
      out[i] = std::move(*r);
    }
    // Stored with the messages (peers were told of the chats already): only the events.
    if (!delivered.empty()) core_.events.status_changed(delivered);
  }
  std::vector<Result<store::Appended>> results;
  results.reserve(out.size());
  for (auto& result : out) results.push_back(std::move(*result));
  return results;
}

Result<void> MessageService::raise_watermarks(const Actor& actor, const store::Chat& chat, std::int64_t delivered,
                                              std::int64_t read) {
  auto w = core_.store.raise_watermarks(chat.id, actor.user_id, delivered, read, core_.now());
  if (!w) return store_failure(w.error(), "Chat");
  if (w->delivered_floor != w->delivered_floor_before || w->read_floor != w->read_floor_before) {
    core_.events.receipts_changed(chat, w->delivered_floor, w->read_floor);
  }
  return {};
}

Result<std::vector<store::StatusChange>> MessageService::mark_read(const Actor& actor, std::string_view message_id) {
  store::Chat chat;
  auto m = core_.access.message(actor.user_id, message_id, &chat);
  if (!m) return util::fail(m.error());
  core_.touch(actor.user_id);
  if (chat.group) {
    if (auto r = raise_watermarks(actor, chat, m->seq, m->seq); !r) return util::fail(r.error());
    return std::vector<store::StatusChange>{};
  }
  if (m->sender_id == actor.user_id) return std::vector<store::StatusChange>{};  // one's own message
  auto changes = core_.store.raise_status(actor.user_id, {m->id}, store::Status::kRead, core_.now());
  if (!changes) return store_failure(changes.error(), "Message");
  core_.announce_status(*changes);
  return std::move(*changes);
}

Result<std::vector<store::StatusChange>> MessageService::read_up_to(const Actor& actor, std::string_view chat_id,
                                                                    std::int64_t seq) {
  if (seq < 0) return fail(Errc::kInvalidInput, "seq must be >= 0");
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  core_.touch(actor.user_id);
  if (chat->group) {
    if (auto r = raise_watermarks(actor, *chat, seq, seq); !r) return util::fail(r.error());
    return std::vector<store::StatusChange>{};
  }
  auto changes = core_.store.raise_status_up_to(actor.user_id, chat->id, seq, store::Status::kRead, core_.now());
  if (!changes) return store_failure(changes.error(), "Chat");
  core_.announce_status(*changes);
  return std::move(*changes);
}

Result<void> MessageService::delivered_up_to(const Actor& actor, std::string_view chat_id, std::int64_t seq) {
  if (seq < 0) return fail(Errc::kInvalidInput, "seq must be >= 0");
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (chat->group) return raise_watermarks(actor, *chat, seq, 0);
  auto changes = core_.store.raise_status_up_to(actor.user_id, chat->id, seq, store::Status::kDelivered, core_.now());
  if (!changes) return store_failure(changes.error(), "Chat");
  core_.announce_status(*changes);
  return {};
}

Result<std::vector<store::StatusChange>> MessageService::deliver_chat(const Actor& actor, std::string_view chat_id,
                                                                      bool receive) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  if (receive) core_.presence.receive(actor.user_id, chat->id);
  if (chat->group) {
    // A group keeps no rows per recipient: joining delivers up to the last message.
    if (auto r = raise_watermarks(actor, *chat, chat->last_seq, 0); !r) {
      if (receive) core_.presence.stop_receiving(actor.user_id, chat->id);
      return util::fail(r.error());
    }
    return std::vector<store::StatusChange>{};
  }
  auto changes =
      core_.store.raise_status_up_to(actor.user_id, chat->id, chat->last_seq, store::Status::kDelivered, core_.now());
  if (!changes) {
    if (receive) core_.presence.stop_receiving(actor.user_id, chat->id);  // the caller does not join the room
    return store_failure(changes.error(), "Chat");
  }
  core_.announce_status(*changes);
  return std::move(*changes);
}

}  // namespace parley::chat
