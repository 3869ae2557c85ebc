// The REST face of the chat (protocol.md §1.1): auth, users, chats, history, health, and the
// OpenAPI and event documents. Each handler decodes the request, runs one domain operation on
// the worker pool, and encodes the result; errors use {statusCode, error, message}.
// Every route exists unprefixed (the contract) and under /api/v1/.
#pragma once

#include "bus/presence.hpp"
#include "chat/auth.hpp"
#include "chat/chat_service.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "util/workers.hpp"

#include <boost/json/value.hpp>

namespace parley::http {

struct RestLimits {
  double auth_per_second = 1;  // per client address, for register and login
  double auth_burst = 20;
  std::size_t max_json_depth = 32;
};

void add_chat_routes(Router& router, chat::AuthService& auth, chat::ChatService& chat, store::Store& store,
                     bus::RateLimiter& limiter, util::WorkerPool& workers, RestLimits limits,
                     boost::json::value events_document);

// The OpenAPI 3.1 document of the REST API.
boost::json::value openapi_document();

}  // namespace parley::http
