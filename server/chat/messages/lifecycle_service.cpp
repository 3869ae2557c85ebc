#include "chat/messages/lifecycle_service.hpp"

#include "chat/messages/mentions.hpp"
#include "chat/messages/message_service.hpp"
#include "chat/messages/reply_links.hpp"
#include "chat/moderation/block_service.hpp"
#include "chat/privacy/receipts_view.hpp"
#include "chat/reactions/reaction_service.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <algorithm>
#include <set>

namespace parley::chat {

std::int64_t LifecycleService::edit_window_ms(const store::Chat& chat) const {
  const auto server = core_.options.edit_window_ms;
  const auto own = chat.group ? chat.group->settings.edit_window_seconds * 1000 : 0;
  if (own <= 0) return server;
  return server > 0 ? std::min(server, own) : own;
}

bool LifecycleService::window_closed(const store::Message& m, std::int64_t window_ms) const {
  return window_ms > 0 && core_.now() - m.created_at > window_ms;
}

Result<store::Message> LifecycleService::edit(const Actor& actor, std::string_view message_id, std::string_view content,
                                              store::Mentions mentions) {
  store::Chat chat;
  auto m = core_.access.message(actor.user_id, message_id, &chat);
  if (!m) return util::fail(m.error());
  if (auto open = check_not_blocked(core_, chat, actor.user_id); !open) return util::fail(open.error());
  // A message with files may lose its caption; any other needs text.
  if (!m->attachments || !content.empty()) {
    if (auto e = check_content(core_.options, content)) return util::fail(std::move(*e));
  }
  if (m->sender_id != actor.user_id) return fail(Errc::kForbidden, "Only its sender can edit a message");
  if (m->kind != "text") return fail(Errc::kInvalidInput, "Only text messages can be edited");
  if (m->deleted_at) return fail(Errc::kInvalidInput, "This message was deleted");
  if (window_closed(*m, edit_window_ms(chat))) {
    return fail(Errc::kEditWindowClosed, "This message is too old to edit");
  }
  auto allowed = allowed_mentions(core_, chat, actor.user_id, std::nullopt, std::move(mentions));
  if (!allowed) return util::fail(allowed.error());
  if (m->content == content && m->mentions == *allowed) return std::move(*m);
  if (auto muted = core_.automod.check_muted(actor.user_id, chat); !muted) return util::fail(muted.error());
  auto verdict = core_.automod.check(actor.user_id, chat, content, allowed->users.size(), true);
  if (!verdict) return util::fail(verdict.error());
  if (verdict->matched && verdict->action != AutoAction::kFlag) {
    // An edit is not held for review: what a rule would hold is refused.
    if (verdict->action == AutoAction::kHold) verdict->action = AutoAction::kReject;
    return util::fail(core_.automod.stop(*verdict, actor.user_id, chat, content, {}));
  }
  auto edited = core_.store.edit_message(m->id, content, *allowed, core_.now());
  if (!edited) {
    if (edited.error() == store::Errc::kInvalid) return fail(Errc::kInvalidInput, "This message was deleted");
    return store_failure(edited.error(), "Message");
  }
  core_.announce_updated(*edited);
  if (verdict->matched) core_.automod.flag(*verdict, *edited);
  // The preview of what it answers is not stored with it: read it for the event. (Failing to
  // read it leaves the event without it; the edit is committed.)
  (void)attach_replies(core_, *edited);
  core_.events.message_edited(chat, *edited);
  return std::move(*edited);
}

Result<std::vector<store::TextVersion>> LifecycleService::versions(const Actor& actor, std::string_view message_id) {
  auto m = core_.access.message(actor.user_id, message_id);
  if (!m) return util::fail(m.error());
  auto v = core_.store.message_versions(m->id);
  if (!v) return store_failure(v.error(), "Message");
  return std::move(*v);
}

std::optional<Error> LifecycleService::may_delete(const Actor& actor, const store::Chat& chat,
                                                  const store::Message& m) {
  if (m.kind != "text") return Error{Errc::kInvalidInput, "Only text messages can be deleted"};
  if (m.deleted_at) return std::nullopt;
  if (chat.group) {
    auto me = core_.store.member(chat.id, actor.user_id);
    if (me && me->role >= store::Role::kAdmin) return std::nullopt;  // admins: any message, any time
  }
  if (m.sender_id != actor.user_id) {
    return Error{Errc::kForbidden, chat.group ? "Only its sender or an admin can delete a message for everyone"
                                              : "Only its sender can delete a message for everyone"};
  }
  if (window_closed(m, core_.options.delete_window_ms)) {
    return Error{Errc::kEditWindowClosed, "This message is too old to delete for everyone"};
  }
  return std::nullopt;
}

Result<std::vector<store::Message>> LifecycleService::remove(const Actor& actor, std::string_view chat_id,
                                                             const std::vector<std::string>& message_ids,
                                                             DeleteScope scope) {
  if (message_ids.empty() || message_ids.size() > kMaxDeletedAtOnce) {
    return fail(Errc::kInvalidInput, "messageIds must hold 1 to " + std::to_string(kMaxDeletedAtOnce) + " ids");
  }
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& id : message_ids) {
    if (!util::is_uuid(id)) return fail(Errc::kInvalidInput, "messageIds must be message ids");
    if (seen.insert(id).second) ids.push_back(id);
  }
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  std::vector<store::Message> messages;
  for (const auto& id : ids) {
    auto m = core_.access.message(actor.user_id, id);
    if (!m) return util::fail(m.error());
    if (m->chat_id != chat->id) return fail(Errc::kNotFound, "Message not found in this chat");
    if (scope == DeleteScope::kEveryone) {
      if (auto e = may_delete(actor, *chat, *m)) return util::fail(std::move(*e));
    }
    messages.push_back(std::move(*m));
  }
  const auto now = core_.now();
  if (scope == DeleteScope::kMe) {
    if (auto hidden = core_.store.hide_messages(chat->id, actor.user_id, ids, now); !hidden) {
      return store_failure(hidden.error(), "Message");
    }
    for (auto& m : messages) m.hidden = true;
    core_.events.messages_hidden(actor.user_id, chat->id, ids);
    return messages;
  }
  return delete_for_everyone(*chat, messages, actor.user_id);
}

Result<std::vector<store::Message>> LifecycleService::delete_for_everyone(const store::Chat& chat,
                                                                          const std::vector<store::Message>& messages,
                                                                          const std::string& by) {
  std::vector<std::string> ids;
  ids.reserve(messages.size());
  for (const auto& m : messages) ids.push_back(m.id);
  auto deleted = core_.store.delete_messages(chat.id, ids, by, core_.now());
  if (!deleted) return store_failure(deleted.error(), "Message");
  std::vector<store::Message> changed;
  for (std::size_t i = 0; i < deleted->size(); ++i) {
    if (messages[i].deleted_at) continue;
    const auto& m = (*deleted)[i];
    core_.announce_updated(m);
    // Clients that know pins and not deletions drop it from their pinned messages.
    if (messages[i].pinned_at) core_.events.message_pinned(m, false);
    changed.push_back(m);
  }
  if (!changed.empty()) core_.events.messages_deleted(chat, changed);
  return std::move(*deleted);
}

Result<store::Message> LifecycleService::delete_as_moderator(const std::string& moderator_id,
                                                             const std::string& message_id) {
  auto m = core_.store.message_by_id(message_id);
  if (!m) return store_failure(m.error(), "Message");
  auto chat = core_.store.chat_by_id(m->chat_id);
  if (!chat) return store_failure(chat.error(), "Chat");
  auto deleted = delete_for_everyone(*chat, {*m}, moderator_id);
  if (!deleted) return util::fail(deleted.error());
  if (deleted->empty()) return fail(Errc::kNotFound, "Message not found");
  return std::move(deleted->front());
}

Result<store::ChangePage> LifecycleService::changes(const Actor& actor, std::string_view chat_id, std::int64_t since,
                                                    std::size_t limit) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  store::ChangeQuery q;
  q.since = std::max<std::int64_t>(0, since);
  q.viewer = actor.user_id;
  q.limit = std::clamp<std::size_t>(limit, 1, store::kMaxChangePage);
  auto page = core_.store.changes(chat->id, q);
  if (!page) return store_failure(page.error(), "Chat");
  if (auto r = receipts_as_seen_by(core_, actor.user_id, chat->id, page->messages); !r) return util::fail(r.error());
  if (auto r = attach_replies(core_, page->messages); !r) return util::fail(r.error());
  if (auto r = attach_my_reactions(core_, actor.user_id, page->messages); !r) return util::fail(r.error());
  return std::move(*page);
}

}  // namespace parley::chat
