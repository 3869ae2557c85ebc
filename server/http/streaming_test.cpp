// Streamed request and response bodies through a real HttpServer on a loopback port: uploads
// reach their sink in bounded pieces as they arrive, within the route's own size limit, and
// downloads answer Range and conditional requests.
#include "http/server.hpp"
#include "util/workers.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <future>
#include <mutex>

namespace parley::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

// What an upload's sink saw.
struct Received {
  std::mutex mutex;
  std::string bytes;
  std::size_t pieces = 0;
  std::size_t largest_piece = 0;
  std::size_t opened = 0;
  std::size_t refuse_after = SIZE_MAX;  // a quota: the write that goes past it is refused
  std::promise<void> aborted;
};

class RecordingSink : public BodySink {
 public:
  explicit RecordingSink(std::shared_ptr<Received> r) : r_(std::move(r)) {}
  std::optional<Response> write(std::string_view piece) override {
    std::lock_guard lock(r_->mutex);
    if (r_->bytes.size() + piece.size() > r_->refuse_after) {
      return error_response(413, "quota_exceeded", "Storage quota exceeded");
    }
    r_->bytes += piece;
    r_->pieces++;
    r_->largest_piece = std::max(r_->largest_piece, piece.size());
    return std::nullopt;
  }
  Response finish() override {
    std::lock_guard lock(r_->mutex);
    return json_response(201, "{\"size\":" + std::to_string(r_->bytes.size()) + "}");
  }
  void abort() override { r_->aborted.set_value(); }

 private:
  std::shared_ptr<Received> r_;
};

// Fails to read past `fail_at`.
class FailingSource : public BodySource {
 public:
  FailingSource(std::string bytes, std::uint64_t fail_at) : bytes_(std::move(bytes)), fail_at_(fail_at) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::optional<std::string> read(std::uint64_t offset, std::size_t max) override {
    if (offset >= fail_at_) return std::nullopt;
    return bytes_.substr(offset, std::min<std::uint64_t>(max, fail_at_ - offset));
  }

 private:
  std::string bytes_;
  std::uint64_t fail_at_;
};

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return s;
}

class Streaming : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kUploadLimit = 4 << 20;

  void SetUp() override {
    const Runner run = [this](std::function<void()> task) { return workers_.try_post(std::move(task)); };
    router_.add_upload(Verb::post, "/upload",
                       UploadRoute{kUploadLimit,
                                   [this](const Request& header, const Params&) {
                                     std::lock_guard lock(received_->mutex);
                                     received_->opened++;
                                     UploadStart start;
                                     if (header["Authorization"] != "yes") {
                                       start.refusal = error_response(401, "unauthorized", "No");
                                     } else {
                                       start.sink = std::make_unique<RecordingSink>(received_);
                                     }
                                     return start;
                                   },
                                   run});
    router_.add_streamed(Verb::get, "/file",
                         StreamRoute{[this](const Request&, const Params&, const RespondStreamed& respond) {
                                       StreamedResponse r;
                                       r.head.result(200);
                                       r.head.set(bhttp::field::content_type, "text/plain");
                                       r.head.set(bhttp::field::etag, "\"f1\"");
                                       r.head.set(bhttp::field::last_modified, "Sun, 06 Nov 1994 08:49:37 GMT");
                                       r.body = std::make_unique<StringSource>(file_);
                                       respond(std::move(r));
                                     },
                                     run});
    router_.add_streamed(Verb::get, "/broken",
                         StreamRoute{[this](const Request&, const Params&, const RespondStreamed& respond) {
                                       StreamedResponse r;
                                       r.head.result(200);
                                       r.body = std::make_unique<FailingSource>(file_, 300'000);
                                       respond(std::move(r));
                                     },
                                     run});
    router_.add_sync(Verb::post, "/small", [](const Request& req, const Params&) {
      return json_response(200, "{\"size\":" + std::to_string(req.body().size()) + "}");
    });
    HttpOptions options;
    options.max_body_bytes = 1 << 20;
    server_ = std::make_unique<HttpServer>(shards_, options, router_, nullptr);
    port_ = server_->listen("127.0.0.1", 0);
    shards_.start();
  }

  // Lets every connection end (the clients have closed theirs) before anything is destroyed.
  void TearDown() override {
    server_->shutdown();
    shards_.release();
    shards_.join();
  }

  struct Client {
    asio::io_context io;
    tcp::socket socket{io};
    beast::flat_buffer buffer;

    explicit Client(unsigned short port) {
      socket.connect({asio::ip::make_address("127.0.0.1"), port});
      // A server that never answers fails the test instead of hanging it.
      const timeval limit{20, 0};
      setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    }
    void send(std::string_view raw) { asio::write(socket, asio::buffer(raw)); }
    bhttp::response<bhttp::string_body> read(bool head = false) {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.body_limit(64 << 20);
      parser.skip(head);
      bhttp::read(socket, buffer, parser);
      return parser.release();
    }
  };

  static std::string upload_request(std::string_view body, std::string_view extra = "Authorization: yes\r\n") {
    return "POST /upload HTTP/1.1\r\nHost: x\r\n" + std::string(extra) +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
  }

  // Destroyed bottom up: the server (its acceptor belongs to a shard), the workers (their tasks
  // post to the shards), then the shards.
  std::shared_ptr<Received> received_ = std::make_shared<Received>();
  const std::string file_ = pattern(1'000'000);
  util::ShardPool shards_{1};
  util::WorkerPool workers_{"test", 2, 64};
  Router router_;
  std::unique_ptr<HttpServer> server_;
  unsigned short port_ = 0;
};

TEST_F(Streaming, AnUploadLargerThanTheServerBodyLimitReachesItsSinkInPieces) {
  const auto body = pattern(3 << 20);  // over max_body_bytes, within the route's limit
  Client c(port_);
  c.send(upload_request(body));
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 201u);
  EXPECT_EQ(res.body(), "{\"size\":" + std::to_string(body.size()) + "}");
  std::lock_guard lock(received_->mutex);
  EXPECT_EQ(received_->bytes, body);
  EXPECT_GT(received_->pieces, 10u);
  EXPECT_LE(received_->largest_piece, 64u * 1024);
  // The connection stays open for the next request.
  c.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(c.read().body(), "{\"size\":3}");
}

TEST_F(Streaming, AChunkedUploadArrivesWhole) {
  const auto body = pattern(200'000);
  std::string raw = "POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 30'000) {
    const auto part = body.substr(at, 30'000);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    raw += std::string(size) + "\r\n" + part + "\r\n";
  }
  raw += "0\r\n\r\n";
  Client c(port_);
  c.send(raw);
  EXPECT_EQ(c.read().result_int(), 201u);
  std::lock_guard lock(received_->mutex);
  EXPECT_EQ(received_->bytes, body);
}

TEST_F(Streaming, AnUploadOverTheRouteLimitIsRefusedBeforeTheRouteOpensIt) {
  Client c(port_);
  c.send("POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: " +
         std::to_string(kUploadLimit + 1) + "\r\n\r\n");
  EXPECT_EQ(c.read().result_int(), 413u);
  std::lock_guard lock(received_->mutex);
  EXPECT_EQ(received_->opened, 0u);
  // The route's limit is its own: other routes keep the server's.
  Client d(port_);
  d.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
  EXPECT_EQ(d.read().result_int(), 413u);
}

TEST_F(Streaming, AChunkedUploadOverTheRouteLimitIsStoppedAtTheLimit) {
  Client c(port_);
  std::string raw = "POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nTransfer-Encoding: chunked\r\n\r\n";
  const auto part = pattern(1 << 20);
  char size[16];
  std::snprintf(size, sizeof size, "%zx", part.size());
  c.send(raw);
  for (int i = 0; i < 5; ++i) {
    boost::system::error_code ec;
    asio::write(c.socket, asio::buffer(std::string(size) + "\r\n" + part + "\r\n"), ec);
    if (ec) break;
  }
  EXPECT_EQ(c.read().result_int(), 413u);
  EXPECT_EQ(received_->aborted.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  std::lock_guard lock(received_->mutex);
  EXPECT_LE(received_->bytes.size(), kUploadLimit);
}

TEST_F(Streaming, TheRouteRefusesBeforeAnyBodyByteIsRead) {
  Client c(port_);
  c.send(upload_request(pattern(1000), ""));
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 401u);
  EXPECT_FALSE(res.keep_alive());
  std::lock_guard lock(received_->mutex);
  EXPECT_EQ(received_->bytes.size(), 0u);
}

TEST_F(Streaming, TheSinkCanRefuseMidwayAndTheServerKeepsServing) {
  received_->refuse_after = 100'000;
  Client c(port_);
  c.send(upload_request(pattern(500'000)));
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_NE(res.body().find("quota_exceeded"), std::string::npos);
  Client d(port_);
  d.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
  EXPECT_EQ(d.read().result_int(), 200u);
}

TEST_F(Streaming, AClientThatGoesAwayMidwayAbortsTheSinkWithWhatArrived) {
  {
    Client c(port_);
    c.send("POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: 1000000\r\n\r\n" +
           pattern(200'000));
  }  // closed
  ASSERT_EQ(received_->aborted.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  std::lock_guard lock(received_->mutex);
  EXPECT_EQ(received_->bytes, pattern(200'000).substr(0, received_->bytes.size()));
}

TEST_F(Streaming, ExpectContinueIsAnsweredOnceTheRouteAcceptsTheUpload) {
  Client c(port_);
  c.send("POST /upload HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  std::string interim(25, '\0');
  asio::read(c.socket, asio::buffer(interim));
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  c.send("hello");
  EXPECT_EQ(c.read().result_int(), 201u);
}

TEST_F(Streaming, ADownloadIsSentWholeWithItsValidators) {
  Client c(port_);
  c.send("GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), file_);
  EXPECT_EQ(res[bhttp::field::accept_ranges], "bytes");
  EXPECT_EQ(res[bhttp::field::etag], "\"f1\"");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain");
  c.send("HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = c.read(true);
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(head[bhttp::field::content_length], std::to_string(file_.size()));
  c.send("GET /file HTTP/1.1\r\nHost: x\r\n\r\n");  // the connection still works after HEAD
  EXPECT_EQ(c.read().body().size(), file_.size());
}

TEST_F(Streaming, ADownloadAnswersRanges) {
  Client c(port_);
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=500000-500009\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 206u);
  EXPECT_EQ(res.body(), file_.substr(500000, 10));
  EXPECT_EQ(res[bhttp::field::content_range], "bytes 500000-500009/1000000");
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=-5\r\n\r\n");
  EXPECT_EQ(c.read().body(), file_.substr(file_.size() - 5));
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=2000000-\r\n\r\n");
  res = c.read();
  EXPECT_EQ(res.result_int(), 416u);
  EXPECT_EQ(res[bhttp::field::content_range], "bytes */1000000");
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1\r\nIf-Range: \"old\"\r\n\r\n");
  res = c.read();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body().size(), file_.size());
}

TEST_F(Streaming, ADownloadAnswersConditionalRequests) {
  Client c(port_);
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"f1\"\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 304u);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[bhttp::field::etag], "\"f1\"");
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n");
  EXPECT_EQ(c.read().result_int(), 304u);
  c.send("GET /file HTTP/1.1\r\nHost: x\r\nIf-Match: \"other\"\r\n\r\n");
  EXPECT_EQ(c.read().result_int(), 412u);
}

TEST_F(Streaming, ASourceThatFailsMidwayClosesTheConnectionShortOfTheLength) {
  Client c(port_);
  c.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  boost::system::error_code ec;
  bhttp::read(c.socket, c.buffer, parser, ec);
  EXPECT_TRUE(ec);  // the client knows the body is incomplete
  EXPECT_EQ(parser.get().body(), file_.substr(0, parser.get().body().size()));
  EXPECT_LT(parser.get().body().size(), file_.size());
}

}  // namespace
}  // namespace parley::http
