#include "http/reply.hpp"

#include "http/conditional.hpp"
#include "http/router.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>

namespace parley::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

Response busy_response() {
  Response res = error_response(503, "unavailable", "The server is busy; try again in a moment");
  res.set(bhttp::field::retry_after, "1");
  return res;
}

Reply select_range(const bhttp::request_header<>& req, Reply reply) {
  Response& head = reply.head;
  const auto size = reply.body->size();
  const auto selection =
      select_representation(req, head[bhttp::field::etag], parse_http_date(head[bhttp::field::last_modified]), size);
  switch (selection.status) {
    case 304:
      head.result(bhttp::status::not_modified);
      head.erase(bhttp::field::content_type);
      return Reply{std::move(head)};
    case 412:
      return Reply{error_response(412, "precondition_failed", "A precondition of the request does not hold")};
    case 416: {
      Response res = error_response(416, "range_not_satisfiable", "The range is outside the content");
      res.set(bhttp::field::content_range, fmt::format("bytes */{}", size));
      return Reply{std::move(res)};
    }
    default:
      break;
  }
  head.set(bhttp::field::accept_ranges, "bytes");
  if (selection.status == 206) {
    head.result(bhttp::status::partial_content);
    head.set(bhttp::field::content_range,
             fmt::format("bytes {}-{}/{}", selection.offset, selection.offset + selection.length - 1, size));
  }
  reply.offset = selection.offset;
  reply.length = selection.length;
  return reply;
}

asio::awaitable<bool> send_body(beast::tcp_stream& stream, Reply reply, bool head_only) {
  constexpr std::size_t kStreamPiece = 128 * 1024;
  bhttp::response<bhttp::empty_body> header;
  header.base() = reply.head.base();
  header.content_length(reply.length);
  bhttp::response_serializer<bhttp::empty_body> serializer(header);
  auto [hec, hn] = co_await bhttp::async_write_header(stream, serializer, kUseTuple);
  if (hec) co_return false;
  if (head_only) co_return true;
  std::shared_ptr<BodySource> source = std::move(reply.body);
  std::uint64_t offset = reply.offset;
  std::uint64_t left = reply.length;
  while (left > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, kStreamPiece));
    auto read = [source, offset, want] { return source->read(offset, want); };  // named, as above
    auto piece = co_await on_runner<std::optional<std::string>>(reply.run, read);
    // Busy, failed or short: the length is promised already, so closing is the only answer.
    if (!piece || !*piece || (*piece)->empty()) co_return false;
    auto& bytes = **piece;
    if (bytes.size() > want) bytes.resize(want);
    stream.expires_after(std::chrono::seconds(30));
    auto [ec, n] = co_await asio::async_write(stream.socket(), asio::buffer(bytes), kUseTuple);
    if (ec) co_return false;
    offset += bytes.size();
    left -= bytes.size();
  }
  co_return true;
}

}  // namespace parley::http
