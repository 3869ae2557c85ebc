// The app's side of event publishing: with `kafka` set, the store is opened with its outbox and
// an OutboxRelay moves the events to the Kafka topic. RelayWakingEvents sits between the chat
// service and its real Events (the Socket.IO gateway): every call follows a commit that wrote
// outbox events, so it wakes the relay first. Changes that announce nothing (a new chat, a
// presence event, written after its announcement) wait for the relay's poll interval instead.
// Threading: as chat::Events; the relay's notify() is safe from any thread.
#pragma once

#include "app/config.hpp"
#include "chat/events.hpp"
#include "events/outbox_relay.hpp"
#include "store/store.hpp"

#include <memory>

namespace parley::app {

// The relay for the configured brokers and topic; throws ConfigError when librdkafka refuses
// the configuration.
std::unique_ptr<events::OutboxRelay> start_event_relay(const Config& config, store::Store& store);

class RelayWakingEvents final : public chat::Events {
 public:
  RelayWakingEvents(chat::Events& next, events::OutboxRelay& relay) : next_(next), relay_(relay) {}

  void message_created(const store::Chat& chat, const store::Message& message) override {
    relay_.notify();
    next_.message_created(chat, message);
  }
  void status_changed(const std::vector<store::StatusChange>& changes) override {
    relay_.notify();
    next_.status_changed(changes);
  }
  void message_pinned(const store::Message& message, bool pinned) override {
    relay_.notify();
    next_.message_pinned(message, pinned);
  }
  void message_edited(const store::Chat& chat, const store::Message& message) override {
    relay_.notify();
    next_.message_edited(chat, message);
  }
  void messages_deleted(const store::Chat& chat, const std::vector<store::Message>& tombstones) override {
    relay_.notify();
    next_.messages_deleted(chat, tombstones);
  }
  void thread_updated(const store::Chat& chat, const store::Message& root) override {
    next_.thread_updated(chat, root);
  }
  void thread_read(std::string_view user_id, const store::Message& root, std::int64_t read_seq,
                   std::int64_t unread) override {
    next_.thread_read(user_id, root, read_seq, unread);
  }
  void reactions_changed(const store::Chat& chat, const store::Reacted& r, std::string_view user_id,
                         std::string_view emoji) override {
    relay_.notify();
    next_.reactions_changed(chat, r, user_id, emoji);
  }
  void reactions_read(std::string_view user_id, std::string_view chat_id) override {
    next_.reactions_read(user_id, chat_id);
  }
  void messages_hidden(std::string_view user_id, std::string_view chat_id,
                       const std::vector<std::string>& message_ids) override {
    next_.messages_hidden(user_id, chat_id, message_ids);
  }
  void chat_created(const store::Chat& chat) override { next_.chat_created(chat); }
  void group_changed(const store::Chat& chat, const std::vector<std::string>& added,
                     const std::vector<std::string>& removed, const std::vector<store::Message>& lines) override {
    relay_.notify();
    next_.group_changed(chat, added, removed, lines);
  }
  void receipts_changed(const store::Chat& chat, std::int64_t delivered_floor, std::int64_t read_floor) override {
    next_.receipts_changed(chat, delivered_floor, read_floor);
  }
  void presence_changed(std::string_view user_id, bool online, std::int64_t last_seen_ms) override {
    next_.presence_changed(user_id, online, last_seen_ms);
  }
  void privacy_changed(std::string_view user_id, const store::Privacy& before, const chat::PrivacyView& now) override {
    next_.privacy_changed(user_id, before, now);
  }
  void emoji_changed(std::string_view scope) override { next_.emoji_changed(scope); }
  void notifications_changed(std::string_view user_id, const chat::NotificationView& view) override {
    next_.notifications_changed(user_id, view);
  }
  void settings_changed(std::string_view user_id, const store::SettingsDocument& after) override {
    next_.settings_changed(user_id, after);
  }
  void scheduled_changed(const store::ScheduledMessage& after) override { next_.scheduled_changed(after); }
  void templates_changed(std::string_view user_id, std::string_view chat_id) override {
    next_.templates_changed(user_id, chat_id);
  }
  void export_changed(const store::DataExport& e) override { next_.export_changed(e); }
  void blocks_changed(std::string_view user_id, std::string_view other_id, bool blocked, std::int64_t at) override {
    next_.blocks_changed(user_id, other_id, blocked, at);
  }

 private:
  chat::Events& next_;
  events::OutboxRelay& relay_;
};

}  // namespace parley::app
