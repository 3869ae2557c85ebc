// The Web Push sender of this server (push/push_sender.hpp), from the configuration.
#pragma once

#include "app/config.hpp"
#include "push/push_sender.hpp"
#include "store/store.hpp"

#include <memory>

namespace parley::app {

// None when push = "off". The VAPID key is push_vapid_private_key when configured; otherwise
// the one kept in the database (a setting every instance on it shares, so that a cluster signs
// with one key and browsers' subscriptions stay valid whichever instance pushes), generated
// by the first instance to start. Throws std::runtime_error for a configured key that is not
// one, or a database that cannot keep it.
std::unique_ptr<push::PushSender> open_push(const Config& c, store::Store& store);

}  // namespace parley::app
