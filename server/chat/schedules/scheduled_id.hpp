// What marks a message a schedule sent: its client message id, "scheduled:<schedule id>:<the
// occurrence, epoch ms>". The store keeps one message per (sender, client message id), so an
// occurrence sent twice (its first attempt's outcome was lost) is stored once. Clients may not
// send ids with this prefix (MessageService refuses them).
#pragma once

#include "store/store.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace parley::chat {

inline constexpr std::string_view kScheduledIdPrefix = "scheduled:";

inline std::string scheduled_client_id(std::string_view schedule_id, std::int64_t at) {
  return std::string(kScheduledIdPrefix) + std::string(schedule_id) + ":" + std::to_string(at);
}

inline bool sent_by_schedule(const store::Message& m) {
  return m.client_message_id && m.client_message_id->starts_with(kScheduledIdPrefix);
}

}  // namespace parley::chat
