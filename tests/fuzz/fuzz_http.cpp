// Fuzzes the HTTP request path with untrusted bytes: the server's RequestParser and read buffer
// (headers, chunked bodies, trailers, pipelining), then for each request read the router, the
// target's query parsing and the X-Forwarded-For walk. The bytes arrive in pieces of a size
// chosen by the input, as a connection would deliver them. Besides "no crash, no exception, no
// sanitizer report" it checks that the read buffer never outgrows its bound and that every
// failure maps to an answer the server can give (400, 413 or 431) or to closing.
//
// The input's first byte picks the piece size and the header limit. To reach fields larger than
// Beast can store with small inputs, byte 0x01 followed by n stands for n * 512 bytes of 'a'.
#include "http/client_address.hpp"
#include "http/request_parser.hpp"
#include "http/router.hpp"
#include "util/query.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/http/read.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace parley;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

// A SyncReadStream over the input that hands out at most `piece` bytes per read.
class PieceStream {
 public:
  PieceStream(std::string_view data, std::size_t piece) : rest_(data), piece_(piece) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, beast::error_code& ec) {
    if (rest_.empty()) {
      ec = asio::error::eof;
      return 0;
    }
    const std::size_t n = asio::buffer_copy(buffers, asio::buffer(rest_.data(), std::min(piece_, rest_.size())));
    rest_.remove_prefix(n);
    ec = {};
    return n;
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    beast::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  std::string_view rest_;
  std::size_t piece_;
};

std::string expand(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\x01' && i + 1 < in.size()) {
      out.append(static_cast<std::size_t>(static_cast<unsigned char>(in[i + 1])) * 512, 'a');
      ++i;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

const http::Router& router() {
  static const http::Router r = [] {
    http::Router out;
    const auto none = [](const http::Request&, const http::Params&, http::Respond) {};
    for (const char* p : {"/health", "/auth/login", "/chats", "/chats/:chatId", "/chats/:chatId/messages",
                          "/api/v1/chats/:chatId/messages", "/api/v1/messages/:id/edits"}) {
      out.add(http::Verb::get, p, none);
      out.add(http::Verb::post, p, none);
    }
    return out;
  }();
  return r;
}

const http::TrustedProxies& proxies() {
  static const http::TrustedProxies p({"127.0.0.1", "10.0.0.0/8", "fd00::/8"});
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::size_t, 4> kPieces{1, 7, 512, 1 << 20};
  static constexpr std::array<std::size_t, 3> kHeaderLimits{1024, 16384, 200000};
  const std::size_t piece = kPieces[data[0] % kPieces.size()];
  const std::size_t max_header = kHeaderLimits[(data[0] / kPieces.size()) % kHeaderLimits.size()];
  const std::string input = expand(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));

  PieceStream stream(input, piece);
  beast::flat_buffer buffer = http::make_read_buffer(max_header);
  for (int requests = 0; requests < 16; ++requests) {
    http::RequestParser parser(max_header, 4096);
    beast::error_code ec;
    bhttp::read_header(stream, buffer, parser, ec);
    check(buffer.size() <= buffer.max_size());
    const bool in_header = !ec && parser.get().count("X-Fuzz-Trailer") != 0;
    if (!ec) {
      parser.body_limit(requests % 2 ? 64 : 4096);
      bhttp::read(stream, buffer, parser, ec);
      check(buffer.size() <= buffer.max_size());
    }
    if (ec) {
      if (const auto error = http::read_error(ec)) {
        check(error->status == 400 || error->status == 413 || error->status == 431);
      }
      break;
    }
    http::Request req = parser.release();
    const std::string_view target = req.target();
    const auto parsed = util::parse_target(target);
    (void)router().match(req.method(), target.substr(0, target.find('?')));
    (void)router().match(req.method(), parsed.path);
    (void)proxies().client("127.0.0.1", req["X-Forwarded-For"]);
    // Trailers are dropped: nothing the body carried shows up among the header fields.
    check((req.count("X-Fuzz-Trailer") != 0) == in_header);
    if (!req.keep_alive()) break;
  }
  return 0;
}
