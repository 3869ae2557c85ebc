// Devices: a user's connected devices make them online (presence), each device's activity
// keeps them from being away, and each device receives chats (the receivers that decide
// DELIVERED). Announces presence transitions through Events for as long as it exists.
//
// Threading: safe from any thread.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <string>
#include <string_view>

namespace parley::chat {

class DeviceService {
 public:
  explicit DeviceService(Core& core);
  ~DeviceService();  // stops the presence announcements
  DeviceService(const DeviceService&) = delete;
  DeviceService& operator=(const DeviceService&) = delete;

  void connected(const std::string& user_id);
  void disconnected(const std::string& user_id);
  void touch(const std::string& user_id) { core_.touch(user_id); }
  // A device of `user_id` receives every chat of theirs from now on (it declared "inbox"), or
  // stops receiving `scope` (a chat id, or bus::Presence::kAllChats). A recipient with a
  // receiving device gets each new message stored DELIVERED.
  void receive_all_chats(const std::string& user_id);
  // A device of `user_id` reads chat `chat_id` now (the scope kReadingPrefix + id, which
  // stop_receiving ends).
  void reading(const std::string& user_id, std::string_view chat_id);
  void stop_receiving(const std::string& user_id, std::string_view scope);

 private:
  Core& core_;
};

}  // namespace parley::chat
