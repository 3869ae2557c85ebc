// Bodies that do not fit in memory: request bodies received piece by piece as they arrive
// (uploads), and response bodies sent piece by piece from a source that can read any byte range
// (downloads, exports). The server answers Range and conditional requests of streamed responses
// itself (http/conditional.hpp), from the ETag, Last-Modified and size the route gives.
//
// Threading: the calls on a BodySink or BodySource may block (disk, database); the server makes
// them through the route's Runner, one at a time, never on a connection's shard.
#pragma once

#include "http/message.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace parley::http {

// Runs a task on a worker; false when the pool's queue is full (the request then gets 503).
using Runner = std::function<bool(std::function<void()>)>;

// Where an uploaded body goes.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // The next piece, in order. A response ends the request with it (the rest is not read).
  virtual std::optional<Response> write(std::string_view piece) = 0;
  // The body arrived in full: the answer.
  virtual Response finish() = 0;
  // The client went away (or sent something malformed) before the body was complete. What was
  // written stays written unless the sink drops it; no answer is sent.
  virtual void abort() = 0;
};

// What a streamed route's open() returns: a sink to write the body to, or an answer given before
// any body byte is read (401, 404, 413 from the route's own rules).
struct UploadStart {
  std::unique_ptr<BodySink> sink;
  std::optional<Response> refusal;
};

struct UploadRoute {
  std::uint64_t max_body_bytes = 0;  // Content-Length beyond it is refused with 413 before reading
  // Called once the header is read; `header` has an empty body.
  std::function<UploadStart(const Request& header, const Params& params)> open;
  Runner run;
};

// Where a streamed response body comes from.
class BodySource {
 public:
  virtual ~BodySource() = default;
  virtual std::uint64_t size() const = 0;
  // Up to `max` bytes at `offset` (fewer only at the end); nothing when reading failed, which
  // closes the connection mid-body, the only way left to say so.
  virtual std::optional<std::string> read(std::uint64_t offset, std::size_t max) = 0;
};

// A response whose body is read from `body`: `head` holds the status (200) and the headers
// (Content-Type, ETag, Last-Modified, Cache-Control, ...). With no body, `head` is the whole
// response (an error).
struct StreamedResponse {
  Response head;
  std::unique_ptr<BodySource> body;
};

using RespondStreamed = std::function<void(StreamedResponse)>;
using StreamHandler = std::function<void(const Request&, const Params&, RespondStreamed)>;

struct StreamRoute {
  StreamHandler handler;  // answers from any thread, once
  Runner run;             // reads the body source
};

// A BodySource over bytes in memory.
class StringSource : public BodySource {
 public:
  explicit StringSource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::optional<std::string> read(std::uint64_t offset, std::size_t max) override {
    if (offset >= bytes_.size()) return std::string();
    return bytes_.substr(static_cast<std::size_t>(offset), max);
  }

 private:
  std::string bytes_;
};

}  // namespace parley::http
