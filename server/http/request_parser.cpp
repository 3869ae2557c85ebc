#include "http/request_parser.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>

namespace parley::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;

template <class Body>
BasicRequestParser<Body>::BasicRequestParser(std::size_t max_header_bytes, std::uint64_t max_body_bytes)
    : max_header_bytes_(max_header_bytes) {
  this->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(max_header_bytes, UINT32_MAX)));
  this->body_limit(max_body_bytes);
}

template <class Body>
void BasicRequestParser<Body>::on_field_impl(bhttp::field name, beast::string_view name_string,
                                             beast::string_view value, beast::error_code& ec) {
  if (name_string.size() > kMaxFieldBytes || value.size() > kMaxFieldBytes) {
    ec = bhttp::error::header_limit;
    return;
  }
  if (this->is_header_done()) {
    // A chunked trailer. Nothing here reads trailers, and merging them into the header would let
    // a body smuggle in fields (Content-Length, Authorization, X-Forwarded-For) after the header
    // was checked, so they are counted against the header limit and dropped (RFC 9110 §6.5.1).
    trailer_bytes_ += name_string.size() + value.size() + 4;
    if (trailer_bytes_ > max_header_bytes_) ec = bhttp::error::header_limit;
    return;
  }
  if (name == bhttp::field::content_length) {
    // Beast accepts repeated or listed equal lengths; a proxy in front may have read another one.
    if (this->get().count(bhttp::field::content_length) != 0) {
      ec = bhttp::error::multiple_content_length;
      return;
    }
    if (value.find(',') != beast::string_view::npos) {
      ec = bhttp::error::bad_content_length;
      return;
    }
  }
  this->get().insert(name, name_string, value);
}

template class BasicRequestParser<bhttp::string_body>;
template class BasicRequestParser<bhttp::buffer_body>;

beast::flat_buffer make_read_buffer(std::size_t max_header_bytes) {
  // A little room beyond the header for the start of a pipelined request or a chunk line.
  return beast::flat_buffer(max_header_bytes + 1024);
}

std::optional<ReadError> read_error(const beast::error_code& ec) {
  if (!ec) return std::nullopt;
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
    return ReadError{431, "header_too_large", "Request header fields too large"};
  }
  if (ec == bhttp::error::body_limit) return ReadError{413, "payload_too_large", "Request body too large"};
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == bhttp::error::short_read ||
      ec == bhttp::error::need_more) {
    return std::nullopt;  // the client went away
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return ReadError{400, "bad_request", "Malformed HTTP request"};
  }
  return std::nullopt;  // a socket error or timeout
}

}  // namespace parley::http
