// What the domain announces after a change is committed; the realtime layer implements it
// (Socket.IO emits to rooms, or the cluster bus). Called on worker threads; implementations
// must not block.
#pragma once

#include "chat/privacy/privacy_policy.hpp"
#include "store/exports.hpp"
#include "store/schedules.hpp"
#include "store/store.hpp"

#include <string_view>
#include <vector>

namespace parley::store {
struct SettingsDocument;  // store/settings.hpp
}

namespace parley::chat {

struct NotificationView;

class Events {
 public:
  virtual ~Events() = default;
  // A new message in `chat` (to every participant's devices and the chat room).
  virtual void message_created(const store::Chat& chat, const store::Message& message) = 0;
  // Delivery status rose; each change goes to the sender's devices.
  virtual void status_changed(const std::vector<store::StatusChange>& changes) = 0;
  virtual void message_pinned(const store::Message& message, bool pinned) = 0;
  // A message was edited (the message after it) / messages were deleted for everyone (their
  // tombstones): to the chat's room and its participants' devices.
  virtual void message_edited(const store::Chat& chat, const store::Message& message) = 0;
  virtual void messages_deleted(const store::Chat& chat, const std::vector<store::Message>& tombstones) = 0;
  // A thread's root has a new summary (a reply was posted in it): to the chat's room and its
  // participants' devices.
  virtual void thread_updated(const store::Chat& chat, const store::Message& root) = 0;
  // `user_id` read a thread up to `read_seq` (`unread` left): to their devices only.
  virtual void thread_read(std::string_view user_id, const store::Message& root, std::int64_t read_seq,
                           std::int64_t unread) = 0;
  // `user_id` put on (r.added) or took back `emoji` on r.message (its counts after): to the
  // chat's room and its participants' devices; the message's sender also hears of it, with
  // their unread reactions in the chat (r.author_unread), unless it was their own.
  virtual void reactions_changed(const store::Chat& chat, const store::Reacted& r, std::string_view user_id,
                                 std::string_view emoji) = 0;
  // `user_id` saw the reactions on their messages in a chat: to their devices only.
  virtual void reactions_read(std::string_view user_id, std::string_view chat_id) = 0;
  // `user_id` hid messages of a chat from themself: to their devices only.
  virtual void messages_hidden(std::string_view user_id, std::string_view chat_id,
                               const std::vector<std::string>& message_ids) = 0;
  // A private chat was created: its participants are now each other's contacts (and hear each
  // other's presence).
  virtual void chat_created(const store::Chat& chat) = 0;
  // A group was created (`added`: every member) or changed (info, settings, roles, members):
  // `added` users' devices join it and hear chat:added, `removed` users' devices leave it and
  // hear chat:removed, the change's timeline `lines` (system messages) reach the members and
  // the added users' devices, and on a change every member hears the group as it is now.
  virtual void group_changed(const store::Chat& chat, const std::vector<std::string>& added,
                             const std::vector<std::string>& removed, const std::vector<store::Message>& lines) = 0;
  // A group's floors rose: every message up to delivered_floor has reached every member, up to
  // read_floor has been read by every member (its senders' ticks).
  virtual void receipts_changed(const store::Chat& chat, std::int64_t delivered_floor, std::int64_t read_floor) = 0;
  // A user's first device connected or last device disconnected. Unlike the others, this one
  // is called in every process (the presence backend announces it to each), so it goes to
  // this process's sockets only.
  virtual void presence_changed(std::string_view user_id, bool online, std::int64_t last_seen_ms) = 0;
  // `user_id` changed their privacy settings (from `before`): to their devices; and who sees
  // their presence (and whose they see) may have changed. In every process it is heard in,
  // after Core::privacy knows of it.
  virtual void privacy_changed(std::string_view user_id, const store::Privacy& before, const PrivacyView& now) = 0;
  // A custom emoji set changed (scope "": the server's, to everyone; otherwise a group's, to
  // its members).
  virtual void emoji_changed(std::string_view scope) = 0;
  // `user_id` changed their notification settings (notifications/notification_settings.hpp):
  // to their devices.
  virtual void notifications_changed(std::string_view user_id, const NotificationView& view) = 0;
  // `user_id` changed one of their settings documents (chat/settings; `after.scope` "": the
  // global one, otherwise a chat's): to their devices.
  virtual void settings_changed(std::string_view user_id, const store::SettingsDocument& after) = 0;
  // A scheduled message of `after.user_id` was created, changed, sent, missed or ended: to
  // their devices.
  virtual void scheduled_changed(const store::ScheduledMessage& after) = 0;
  // A set of templates changed: `user_id`'s own (to their devices), or, with `chat_id`, a
  // group's canned responses (to its members).
  virtual void templates_changed(std::string_view user_id, std::string_view chat_id) = 0;
  // An export of `e.user_id`'s was asked for, progressed or ended: to their devices.
  virtual void export_changed(const store::DataExport& e) = 0;
  // `user_id` blocked (blocked = true) or unblocked `other_id` at `at`: to their devices; and
  // neither sees the other's presence any longer (or again), in every process, after
  // Core::privacy knows of it.
  virtual void blocks_changed(std::string_view user_id, std::string_view other_id, bool blocked, std::int64_t at) = 0;
};

}  // namespace parley::chat
