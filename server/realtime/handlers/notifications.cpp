// Notifications: client:focus, which chat a device is reading now. The notifier pushes nothing
// of a chat to a person reading it on any device (notifications/notifier.hpp).
#include "realtime/event_table.hpp"

namespace parley::realtime {

namespace json = boost::json;

std::vector<EventSpec> notification_events(EventContext& ctx) {
  return {
      {"client:focus",
       {chat::optional_string("chatId").describe(
           "the chat this device shows while its window is visible and focused; null or absent: none")},
       "{status}",
       "",
       [&ctx](Socket& s, const chat::Actor& user, const json::object& a, const Ack& ack) {
         const auto id = chat::optional_text(a, "chatId");
         if (id) {
           if (auto r = ctx.chat.notifications.may_read(user, *id); !r) return ack(error_ack(r.error()));
         }
         // (`receiving` is set at the handshake and never replaced: reading it here is safe.)
         const auto& receiving = std::any_cast<SocketState&>(s.data).receiving;
         auto [before, added] = receiving->read(id ? std::string(bus::Presence::kReadingPrefix) + *id : "");
         if (!before.empty()) ctx.chat.devices.stop_receiving(user.user_id, before);
         if (added) ctx.chat.devices.reading(user.user_id, *id);
         ack(ok());
       }},
  };
}

}  // namespace parley::realtime
