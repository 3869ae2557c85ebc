#include "realtime/websocket_handshake.hpp"

#include "util/base64.hpp"

#include <openssl/evp.h>
#include <boost/beast/http/rfc7230.hpp>

#include <array>
#include <cstdlib>
#include <optional>

namespace parley::realtime::ws {

namespace http = boost::beast::http;

namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string refusal(std::string_view status, std::string_view message, std::string_view extra_headers = {}) {
  std::string r = "HTTP/1.1 ";
  r += status;
  r += "\r\nServer: parley\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n";
  r += extra_headers;
  r += "Content-Length: " + std::to_string(message.size()) + "\r\n\r\n";
  r += message;
  return r;
}

bool has_token(const http::request<http::string_body>& req, http::field field, std::string_view token) {
  const auto it = req.find(field);
  return it != req.end() && http::token_list{it->value()}.exists(token);
}

}  // namespace

std::string accept_key(std::string_view client_key) {
  std::string input(client_key);
  input += kGuid;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  // Failing here means no memory or a broken OpenSSL: nothing to go on with.
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha1(), nullptr) != 1) std::abort();
  return util::base64_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

HandshakeAnswer answer_upgrade(const http::request<http::string_body>& req) {
  if (req.version() != 11 || req.method() != http::verb::get) {
    return {false, refusal("400 Bad Request", "WebSocket needs an HTTP/1.1 GET")};
  }
  if (req.find(http::field::host) == req.end()) return {false, refusal("400 Bad Request", "Missing Host")};
  if (!has_token(req, http::field::connection, "upgrade") || !has_token(req, http::field::upgrade, "websocket")) {
    return {false, refusal("400 Bad Request", "Not a WebSocket upgrade")};
  }
  const auto version = req.find(http::field::sec_websocket_version);
  if (version == req.end() || version->value() != "13") {
    return {false,
            refusal("426 Upgrade Required", "Unsupported Sec-WebSocket-Version", "Sec-WebSocket-Version: 13\r\n")};
  }
  const auto key = req.find(http::field::sec_websocket_key);
  const auto nonce = key == req.end() ? std::nullopt : util::base64_decode(key->value());
  if (!nonce || nonce->size() != 16) return {false, refusal("400 Bad Request", "Invalid Sec-WebSocket-Key")};
  std::string r =
      "HTTP/1.1 101 Switching Protocols\r\nServer: parley\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: ";
  r += accept_key(key->value());
  r += "\r\n\r\n";
  return {true, std::move(r)};
}

}  // namespace parley::realtime::ws
