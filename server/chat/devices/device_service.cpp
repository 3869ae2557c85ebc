#include "chat/devices/device_service.hpp"

#include "store/outbox_events.hpp"

namespace parley::chat {

DeviceService::DeviceService(Core& core) : core_(core) {
  // The presence backend announces every transition, in this process too, in the one order
  // all processes see (announcing only posts to the I/O threads).
  core_.presence.watch([&events = core_.events](std::string_view user, bool online, std::int64_t at) {
    events.presence_changed(user, online, at);
  });
}

DeviceService::~DeviceService() { core_.presence.watch(nullptr); }

// The presence backend announces transitions (see the constructor); the outbox event is
// recorded by the process that made the transition. Consumers order them by `at`
// (docs/events.md).
void DeviceService::connected(const std::string& user_id) {
  const auto now = core_.now();
  if (core_.presence.connect(user_id, now)) {
    (void)core_.store.record_event(store::outbox::presence_changed(user_id, true, std::nullopt, now));
  }
}

void DeviceService::disconnected(const std::string& user_id) {
  const auto now = core_.now();
  if (!core_.presence.disconnect(user_id, now)) return;
  (void)core_.store.set_last_seen(user_id, now);
  (void)core_.store.record_event(store::outbox::presence_changed(user_id, false, now, now));
}

void DeviceService::receive_all_chats(const std::string& user_id) {
  core_.presence.receive(user_id, bus::Presence::kAllChats);
}

void DeviceService::stop_receiving(const std::string& user_id, std::string_view scope) {
  core_.presence.stop_receiving(user_id, scope);
}

void DeviceService::reading(const std::string& user_id, std::string_view chat_id) {
  core_.presence.receive(user_id, std::string(bus::Presence::kReadingPrefix) + std::string(chat_id));
}

}  // namespace parley::chat
