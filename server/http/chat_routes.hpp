// The REST face of the chat (protocol.md §1.1): the route tables of the features
// (route_table.hpp, routes/), installed on the router with their checks, and the OpenAPI and
// event documents. Every route of the contract exists unprefixed and under /api/v1/. Routes
// run on `workers`, or `hashing` for those that hash passwords; a request that finds its pool's
// queue full gets 503 `unavailable` with Retry-After at once.
#pragma once

#include "http/route_table.hpp"
#include "util/workers.hpp"

#include <boost/json/value.hpp>

namespace parley::http {

void add_chat_routes(Router& router, chat::AuthService& auth, chat::Services& chat, store::Store& store,
                     bus::RateLimiter& limiter, util::WorkerPool& workers, util::WorkerPool& hashing, RestLimits limits,
                     const boost::json::value& events_document);

}  // namespace parley::http
