// What the HTTP server answers with, and the parts of answering that streamed bodies need: the
// reply (a response in memory, or the head of a streamed one), its Range and conditional
// selection, writing a streamed body piece by piece, and running blocking calls on a route's
// runner from a connection's coroutine. Internal to the server (server.cpp).
#pragma once

#include "http/streaming.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace parley::http {

inline constexpr auto kUseTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

// Runs `start(done)` and resumes the awaiting coroutine, on its own executor, with what `done`
// got. `done` may be called from any thread. Not a coroutine itself, and callers pass a named
// lambda: GCC 12 mishandles temporaries with destructors inside co_await expressions.
template <class T, class Start>
auto await_callback(Start& start) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [&start](auto handler) {
        auto ex = boost::asio::get_associated_executor(handler);
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        start([ex, h](T value) mutable {
          boost::asio::post(ex, [h, value = std::move(value)]() mutable { (*h)(std::move(value)); });
        });
      },
      boost::asio::use_awaitable);
}

// Runs `task` (which returns a T) through `run`, resuming the awaiting coroutine with its result;
// nothing when the runner's queue is full.
template <class T, class Task>
boost::asio::awaitable<std::optional<T>> on_runner(const Runner& run, Task task) {
  auto start = [&run, &task](std::function<void(std::optional<T>)> done) {
    auto shared = std::make_shared<std::function<void(std::optional<T>)>>(std::move(done));
    if (!run([shared, task]() mutable { (*shared)(task()); })) (*shared)(std::nullopt);
  };
  co_return co_await await_callback<std::optional<T>>(start);
}

// 503 with Retry-After: a pool's queue is full.
Response busy_response();

// What a request is answered with: a response in memory, or the head of a streamed one.
struct Reply {
  explicit Reply(Response h) : head(std::move(h)) {}
  Reply(Response h, std::unique_ptr<BodySource> b, Runner r)
      : head(std::move(h)), body(std::move(b)), run(std::move(r)) {}

  Response head;
  std::unique_ptr<BodySource> body;  // null: `head` is the whole response
  Runner run;                        // reads `body`
  std::uint64_t offset = 0;          // of the bytes of `body` to send
  std::uint64_t length = 0;
};

// A streamed reply after the request's conditions and Range: still streamed (200 or 206, with
// `offset` and `length` set to the bytes to send), or an answer without a body (304, 412, 416).
Reply select_range(const boost::beast::http::request_header<>& req, Reply reply);

// Writes a streamed reply's head, then its selected bytes read from the source piece by piece
// (only the head when `head_only`). False when the connection must close: a read failed or the
// runner was busy after the length was promised, or writing failed.
boost::asio::awaitable<bool> send_body(boost::beast::tcp_stream& stream, Reply reply, bool head_only);

}  // namespace parley::http
