// The server's side of the WebSocket opening handshake (RFC 6455 §4.2): checks an upgrade
// request and words the answer, either 101 Switching Protocols with Sec-WebSocket-Accept or
// the HTTP error that refuses it. No subprotocol or extension is ever accepted, so frames stay
// plain RFC 6455 frames (websocket_frame.hpp). Used by WsTransport. Pure functions, safe from
// any thread.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>
#include <string_view>

namespace parley::realtime::ws {

// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
std::string accept_key(std::string_view client_key);

struct HandshakeAnswer {
  bool accepted = false;
  std::string response;  // the whole HTTP response, head and body
};

HandshakeAnswer answer_upgrade(const boost::beast::http::request<boost::beast::http::string_body>& req);

}  // namespace parley::realtime::ws
