// Reading HTTP/1.1 requests from untrusted bytes. Beast's parser with the limits that keep it
// from throwing or growing without bound: no single field larger than Beast can store (it
// throws beyond 65,533 bytes), chunked trailers counted against the header limit and dropped,
// a second Content-Length refused, and a read buffer bounded so that nothing the client sends
// outside a body can make it grow past the header limit. ReadError turns every parse failure
// into the answer a client gets before the connection closes.
//
// Used by the HTTP server and the HTTP fuzz target. Threading: a parser belongs to one
// connection; nothing here is shared.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace parley::http {

// `Body` is string_body (the whole body in memory) or buffer_body (a streamed body: the parser
// of a header read with string_body is moved into one before any body byte is read).
template <class Body>
class BasicRequestParser : public boost::beast::http::request_parser<Body> {
 public:
  // Beast stores a field's name and value with 16-bit offsets and throws past this.
  static constexpr std::size_t kMaxFieldBytes = 65'000;

  // `max_header_bytes` bounds the header and, separately, the chunked trailer; `max_body_bytes`
  // the body (set again with body_limit() once the route is known).
  BasicRequestParser(std::size_t max_header_bytes, std::uint64_t max_body_bytes);

  // Takes over `other`, whose header is done and whose body has not been read, with its limits.
  template <class OtherBody>
  explicit BasicRequestParser(BasicRequestParser<OtherBody>&& other)
      : boost::beast::http::request_parser<Body>(static_cast<boost::beast::http::request_parser<OtherBody>&&>(other)),
        max_header_bytes_(other.max_header_bytes()),
        trailer_bytes_(0) {}

  std::size_t max_header_bytes() const { return max_header_bytes_; }

 private:
  void on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                     boost::beast::string_view value, boost::beast::error_code& ec) override;

  std::size_t max_header_bytes_;
  std::size_t trailer_bytes_ = 0;
};

using RequestParser = BasicRequestParser<boost::beast::http::string_body>;
using StreamingRequestParser = BasicRequestParser<boost::beast::http::buffer_body>;

extern template class BasicRequestParser<boost::beast::http::string_body>;
extern template class BasicRequestParser<boost::beast::http::buffer_body>;

// The read buffer of one connection: large enough for the largest header, and no larger, since
// body bytes pass through it as they arrive.
boost::beast::flat_buffer make_read_buffer(std::size_t max_header_bytes);

// What to answer when reading a request failed; nothing for a connection that closed, reset or
// timed out (there is nobody to answer, or the timeout is answered by closing).
struct ReadError {
  unsigned status;
  std::string_view code;
  std::string_view message;
};
std::optional<ReadError> read_error(const boost::beast::error_code& ec);

}  // namespace parley::http
