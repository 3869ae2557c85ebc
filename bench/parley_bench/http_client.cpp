#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

HttpReply http_json(const Target& target, std::string_view method, std::string_view path, const json::value* body,
                    std::string_view token) {
  HttpReply reply;
  try {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address(target.host), target.port});
    http::request<http::string_body> req(http::string_to_verb(method), path, 11);
    req.set(http::field::host, target.host);
    req.set(http::field::connection, "close");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + std::string(token));
    if (body) {
      req.set(http::field::content_type, "application/json");
      req.body() = json::serialize(*body);
    }
    req.prepare_payload();
    http::write(socket, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    reply.status = static_cast<int>(res.result_int());
    if (!res.body().empty()) reply.body = json::parse(res.body());
  } catch (const std::exception& e) {
    reply.error = e.what();
  }
  return reply;
}

}  // namespace parley::bench
