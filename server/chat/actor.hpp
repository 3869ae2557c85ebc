// Who acts: the user and, when the request came over a socket, the device (the session it
// signed in with). Every domain operation takes one, so that capabilities that care about the
// device (deleting for one device, typing, calls) have it. Plain value; safe to copy.
#pragma once

#include <string>
#include <utility>

namespace parley::chat {

struct Actor {
  std::string user_id;
  std::string device_id;  // the session id; empty for REST requests and internal work

  // Implicit from a user id: an actor without a device (REST requests, tests).
  Actor(std::string user) : user_id(std::move(user)) {}  // NOLINT(google-explicit-constructor)
  Actor(std::string user, std::string device) : user_id(std::move(user)), device_id(std::move(device)) {}
  Actor(const char* user) : user_id(user) {}  // NOLINT(google-explicit-constructor)
};

}  // namespace parley::chat
