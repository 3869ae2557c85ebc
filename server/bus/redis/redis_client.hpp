// Synchronous connections to one Redis server, shared by the cluster backend of the bus
// (RedisPresence, RedisRateLimiter, and RedisPubSub's publish). A RedisClient holds a few
// hiredis connections, each behind its own mutex; a call takes the next one round-robin, so
// callers on different threads rarely wait for each other.
//
// Every wait is bounded: connecting by connect_timeout, a command by command_timeout. A
// connection that failed is dropped and opened again on a later call; while the server cannot
// be reached, calls fail at once (no new connection is tried for retry_after), so a down Redis
// costs callers nothing but the failed call. The first failure of an outage is logged, and the
// recovery; not every failed call.
//
// Threading: every method may be called from any thread. Errors: the constructor throws
// std::invalid_argument for a malformed URL (start-up); commands return a null Reply.
#pragma once

#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace parley::bus {

struct RedisOptions {
  std::string url = "redis://127.0.0.1:6379";  // redis://host[:port][/db]
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds command_timeout{1000};
  std::chrono::milliseconds retry_after{1000};  // after a failed connect, calls fail at once this long
  int connections = 4;
};

struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
};

// Parses redis://host[:port][/db]; throws std::invalid_argument saying what is wrong.
RedisAddress parse_redis_url(std::string_view url);

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
// A server reply (which may be an error reply); null when the server could not be reached or
// did not answer in time.
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

struct RedisContextDeleter {
  void operator()(redisContext* context) const { redisFree(context); }
};
using RedisContext = std::unique_ptr<redisContext, RedisContextDeleter>;

// A blocking connection with both timeouts set and the database selected, or null with `error`
// saying why not. RedisPubSub opens its subscriber connection with it.
RedisContext open_redis_context(const RedisOptions& options, const RedisAddress& address, std::string& error);

// A Lua script run by EVALSHA, falling back to EVAL when the server does not know it (the
// first use, or after the server restarted), which also makes the server cache it again.
class RedisScript {
 public:
  explicit RedisScript(std::string source);
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }

 private:
  std::string source_;
  std::string sha1_;  // hex, as Redis names scripts
};

class RedisClient {
 public:
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // One command; arguments are binary-safe.
  RedisReply command(std::initializer_list<std::string_view> args);
  RedisReply command(const std::vector<std::string_view>& args);
  // Several commands in one round trip on one connection, in order; a reply is null when it
  // did not arrive (Redis unreachable, or the connection broke on the way).
  std::vector<RedisReply> pipeline(const std::vector<std::vector<std::string_view>>& commands);
  // Runs `script` with its KEYS and ARGV.
  RedisReply eval(const RedisScript& script, const std::vector<std::string_view>& keys,
                  const std::vector<std::string_view>& args);

  const RedisOptions& options() const { return options_; }
  const RedisAddress& address() const { return address_; }

 private:
  struct Slot {
    std::mutex mutex;
    RedisContext context;                                // guarded by mutex; null while closed
    std::chrono::steady_clock::time_point next_connect;  // guarded by mutex
  };

  RedisReply run(Slot& slot, const std::vector<std::string_view>& args);
  bool ensure_connected(Slot& slot);  // slot.mutex held
  void note_failure(std::string_view why);
  void note_success();

  const RedisOptions options_;
  const RedisAddress address_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<std::uint64_t> next_slot_{0};
  std::atomic<bool> down_{false};  // an outage was logged and has not ended yet
};

}  // namespace parley::bus
