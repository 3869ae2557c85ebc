#include "bus/redis/redis_client.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/time.h>

#include <array>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace parley::bus {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>(ms.count() % 1000 * 1000);
  return tv;
}

int parse_int(std::string_view text, std::string_view url, const char* what) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    throw std::invalid_argument("redis URL '" + std::string(url) + "': bad " + what);
  }
  return value;
}

RedisReply command_on(redisContext* context, const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  return RedisReply(
      static_cast<redisReply*>(redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

// SHA-1 of a script's text, the name EVALSHA knows it by (FIPS 180-4). Computed here so the
// first EVALSHA needs no SCRIPT LOAD round trip.
std::string sha1_hex(std::string_view text) {
  std::array<std::uint32_t, 5> h{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string data(text);
  const std::uint64_t bits = static_cast<std::uint64_t>(text.size()) * 8;
  data.push_back('\x80');
  while (data.size() % 64 != 56) data.push_back('\0');
  for (int i = 7; i >= 0; --i) data.push_back(static_cast<char>(bits >> (i * 8)));
  auto rotl = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
  for (std::size_t block = 0; block < data.size(); block += 64) {
    std::array<std::uint32_t, 80> w{};
    for (int i = 0; i < 16; ++i) {
      for (int b = 0; b < 4; ++b) {
        w[i] = (w[i] << 8) | static_cast<unsigned char>(data[block + static_cast<std::size_t>(i * 4 + b)]);
      }
    }
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    auto [a, b, c, d, e] = h;
    for (int i = 0; i < 80; ++i) {
      std::uint32_t f = 0;
      std::uint32_t k = 0;
      if (i < 20) {
        f = (b & c) | (~b & d), k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d, k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d, k = 0xCA62C1D6;
      }
      const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d, d = c, c = rotl(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto word : h) {
    for (int i = 28; i >= 0; i -= 4) out.push_back(kHex[(word >> i) & 0xF]);
  }
  return out;
}

// A connection whose server closed it (a restart) reads as readable with no request
// outstanding; finding that out before sending spares the call a failure.
bool looks_closed(const redisContext* context) {
  pollfd pfd{context->fd, POLLIN, 0};
  return poll(&pfd, 1, 0) != 0;
}

}  // namespace

RedisAddress parse_redis_url(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    throw std::invalid_argument("redis URL '" + std::string(url) + "' does not start with redis://");
  }
  std::string_view rest = url.substr(kScheme.size());
  RedisAddress address;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (slash + 1 < rest.size()) address.db = parse_int(rest.substr(slash + 1), url, "database number");
    rest = rest.substr(0, slash);
  }
  if (auto colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
    address.port = parse_int(rest.substr(colon + 1), url, "port");
    rest = rest.substr(0, colon);
  }
  if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']') rest = rest.substr(1, rest.size() - 2);
  if (rest.empty() || rest.find('@') != std::string_view::npos) {
    throw std::invalid_argument("redis URL '" + std::string(url) + "': expected redis://host[:port][/db]");
  }
  address.host = std::string(rest);
  return address;
}

RedisContext open_redis_context(const RedisOptions& options, const RedisAddress& address, std::string& error) {
  RedisContext context(
      redisConnectWithTimeout(address.host.c_str(), address.port, to_timeval(options.connect_timeout)));
  if (!context) {
    error = "out of memory";
    return nullptr;
  }
  if (context->err != 0) {
    error = context->errstr;
    return nullptr;
  }
  if (redisSetTimeout(context.get(), to_timeval(options.command_timeout)) != REDIS_OK ||
      redisEnableKeepAlive(context.get()) != REDIS_OK) {
    error = context->errstr;
    return nullptr;
  }
  if (address.db != 0) {
    const std::string db = std::to_string(address.db);
    RedisReply reply = command_on(context.get(), {"SELECT", db});
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
      error = reply ? std::string(reply->str, reply->len) : std::string(context->errstr);
      return nullptr;
    }
  }
  return context;
}

RedisScript::RedisScript(std::string source) : source_(std::move(source)), sha1_(sha1_hex(source_)) {}

RedisClient::RedisClient(RedisOptions options) : options_(std::move(options)), address_(parse_redis_url(options_.url)) {
  const int n = options_.connections > 0 ? options_.connections : 1;
  for (int i = 0; i < n; ++i) slots_.push_back(std::make_unique<Slot>());
}

RedisClient::~RedisClient() = default;

RedisReply RedisClient::command(std::initializer_list<std::string_view> args) {
  return command(std::vector<std::string_view>(args));
}

RedisReply RedisClient::command(const std::vector<std::string_view>& args) {
  Slot& slot = *slots_[next_slot_.fetch_add(1, std::memory_order_relaxed) % slots_.size()];
  return run(slot, args);
}

RedisReply RedisClient::eval(const RedisScript& script, const std::vector<std::string_view>& keys,
                             const std::vector<std::string_view>& args) {
  const std::string nkeys = std::to_string(keys.size());
  std::vector<std::string_view> argv{"EVALSHA", script.sha1(), nkeys};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  Slot& slot = *slots_[next_slot_.fetch_add(1, std::memory_order_relaxed) % slots_.size()];
  RedisReply reply = run(slot, argv);
  if (reply && reply->type == REDIS_REPLY_ERROR && std::string_view(reply->str, reply->len).starts_with("NOSCRIPT")) {
    argv[0] = "EVAL";
    argv[1] = script.source();
    reply = run(slot, argv);
  }
  if (reply && reply->type == REDIS_REPLY_ERROR) {
    // A script error is a bug in this backend, not an outage: say so every time.
    spdlog::error("redis script failed: {}", std::string_view(reply->str, reply->len));
  }
  return reply;
}

std::vector<RedisReply> RedisClient::pipeline(const std::vector<std::vector<std::string_view>>& commands) {
  std::vector<RedisReply> replies(commands.size());
  if (commands.empty()) return replies;
  Slot& slot = *slots_[next_slot_.fetch_add(1, std::memory_order_relaxed) % slots_.size()];
  std::lock_guard lock(slot.mutex);
  if (!ensure_connected(slot)) return replies;
  redisContext* context = slot.context.get();
  bool ok = true;
  for (const auto& args : commands) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (auto arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
      ok = false;
      break;
    }
  }
  for (std::size_t i = 0; ok && i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context, &raw) != REDIS_OK || raw == nullptr) {
      ok = false;
      break;
    }
    replies[i] = RedisReply(static_cast<redisReply*>(raw));
  }
  if (!ok) {
    // Some replies are missing: the connection's state is unknown, so it is not used again.
    note_failure(context->errstr);
    slot.context.reset();
    return replies;
  }
  note_success();
  return replies;
}

RedisReply RedisClient::run(Slot& slot, const std::vector<std::string_view>& args) {
  std::lock_guard lock(slot.mutex);
  if (!ensure_connected(slot)) return nullptr;
  RedisReply reply = command_on(slot.context.get(), args);
  if (!reply) {
    // Timed out or the connection broke: its state is unknown, so it is not used again.
    note_failure(slot.context->errstr);
    slot.context.reset();
    return nullptr;
  }
  note_success();
  return reply;
}

bool RedisClient::ensure_connected(Slot& slot) {
  if (slot.context && looks_closed(slot.context.get())) slot.context.reset();
  if (slot.context) return true;
  const auto now = std::chrono::steady_clock::now();
  // Waits out retry_after only while the server is known to be down: once a call on another
  // connection got through, this one reconnects at once instead of failing its caller.
  if (now < slot.next_connect && down_.load(std::memory_order_relaxed)) return false;
  std::string error;
  slot.context = open_redis_context(options_, address_, error);
  if (!slot.context) {
    slot.next_connect = now + options_.retry_after;
    note_failure(error);
    return false;
  }
  return true;
}

void RedisClient::note_failure(std::string_view why) {
  if (!down_.exchange(true)) {
    spdlog::warn("redis {}: {}; presence reads as offline and rate limits allow until it is back", options_.url, why);
  }
}

void RedisClient::note_success() {
  if (down_.load(std::memory_order_relaxed) && down_.exchange(false))
    spdlog::info("redis {}: reachable again", options_.url);
}

}  // namespace parley::bus
