// The REST face of the chat (protocol.md §1.1): the route tables of the features
// (route_table.hpp, routes/), installed on the router with their checks, and the OpenAPI and
// event documents. Every route of the contract exists unprefixed and under /api/v1/.
#pragma once

#include "http/route_table.hpp"
#include "util/workers.hpp"

#include <boost/json/value.hpp>

namespace parley::http {

void add_chat_routes(Router& router, chat::AuthService& auth, chat::Services& chat, store::Store& store,
                     bus::RateLimiter& limiter, util::WorkerPool& workers, RestLimits limits,
                     boost::json::value events_document);

}  // namespace parley::http
