#include "bus/redis/redis_presence.hpp"

#include "util/random.hpp"
#include "util/thread_name.hpp"

#include <charconv>
#include <cmath>

namespace parley::bus {
namespace {

// Shared by the presence scripts. ARGV[1] is always the key prefix.
constexpr std::string_view kPrelude = R"lua(
local prefix = ARGV[1]
-- The user's devices on live instances; fields of dead instances are removed on the way.
local function live_devices(user)
  local key = prefix .. 'presence:' .. user
  local total = 0
  local fields = redis.call('HGETALL', key)
  for i = 1, #fields, 2 do
    if redis.call('EXISTS', prefix .. 'instance:' .. fields[i]) == 1 then
      total = total + tonumber(fields[i + 1])
    else
      redis.call('HDEL', key, fields[i])
    end
  end
  return total
end
-- The last device is gone. last_seen is kept for a day: the store has it durably by then.
local function went_offline(user, now)
  redis.call('SREM', prefix .. 'online', user)
  redis.call('DEL', prefix .. 'active:' .. user)
  redis.call('SET', prefix .. 'last_seen:' .. user, now, 'PX', 86400000)
end
)lua";

std::string presence_script(std::string_view body) { return std::string(kPrelude) + std::string(body); }

// ARGV: prefix, instance, ttl_ms.
const RedisScript& alive_script() {
  static const RedisScript script(presence_script(R"lua(
redis.call('SET', prefix .. 'instance:' .. ARGV[2], '1', 'PX', ARGV[3])
redis.call('SADD', prefix .. 'instances', ARGV[2])
return 1
)lua"));
  return script;
}

// ARGV: prefix, user, instance, now, ttl_ms. 1 when the user had no device before.
const RedisScript& connect_script() {
  static const RedisScript script(presence_script(R"lua(
local user, me, now = ARGV[2], ARGV[3], ARGV[4]
redis.call('SET', prefix .. 'instance:' .. me, '1', 'PX', ARGV[5])
redis.call('SADD', prefix .. 'instances', me)
local before = live_devices(user)
redis.call('HINCRBY', prefix .. 'presence:' .. user, me, 1)
redis.call('SADD', prefix .. 'online', user)
local active = prefix .. 'active:' .. user
if before == 0 or tonumber(redis.call('GET', active) or 0) < tonumber(now) then
  redis.call('SET', active, now)
end
if before == 0 then return 1 end
return 0
)lua"));
  return script;
}

// ARGV: prefix, user, instance, now. 1 when that was the user's last device anywhere.
const RedisScript& disconnect_script() {
  static const RedisScript script(presence_script(R"lua(
local user, me, now = ARGV[2], ARGV[3], ARGV[4]
local key = prefix .. 'presence:' .. user
local mine = tonumber(redis.call('HGET', key, me) or 0)
if mine <= 0 then return 0 end
if mine == 1 then redis.call('HDEL', key, me) else redis.call('HINCRBY', key, me, -1) end
if live_devices(user) > 0 then return 0 end
went_offline(user, now)
return 1
)lua"));
  return script;
}

// ARGV: prefix, user, now. Only online users have an activity time.
const RedisScript& touch_script() {
  static const RedisScript script(presence_script(R"lua(
local user, now = ARGV[2], ARGV[3]
if redis.call('EXISTS', prefix .. 'presence:' .. user) == 0 then return 0 end
local active = prefix .. 'active:' .. user
if tonumber(redis.call('GET', active) or 0) < tonumber(now) then redis.call('SET', active, now) end
return 1
)lua"));
  return script;
}

// ARGV: prefix, user, now. The last activity time, or -1 when the user is offline.
const RedisScript& state_script() {
  static const RedisScript script(presence_script(R"lua(
local user, now = ARGV[2], ARGV[3]
if live_devices(user) == 0 then
  if redis.call('SISMEMBER', prefix .. 'online', user) == 1 then went_offline(user, now) end
  return -1
end
return tonumber(redis.call('GET', prefix .. 'active:' .. user) or 0)
)lua"));
  return script;
}

// ARGV: prefix, now, list. Settles the users of instances whose liveness key expired, then
// forgets those instances; returns the online users when `list` is '1'. With no dead instance
// (the usual case) this reads only the instance set.
const RedisScript& sweep_script() {
  static const RedisScript script(presence_script(R"lua(
local now, list = ARGV[2], ARGV[3]
local dead = {}
for _, id in ipairs(redis.call('SMEMBERS', prefix .. 'instances')) do
  if redis.call('EXISTS', prefix .. 'instance:' .. id) == 0 then dead[#dead + 1] = id end
end
if #dead > 0 then
  for _, user in ipairs(redis.call('SMEMBERS', prefix .. 'online')) do
    if live_devices(user) == 0 then went_offline(user, now) end
  end
  for _, id in ipairs(dead) do redis.call('SREM', prefix .. 'instances', id) end
end
if list == '1' then return redis.call('SMEMBERS', prefix .. 'online') end
return #dead
)lua"));
  return script;
}

// KEYS: the bucket. ARGV: per_second, burst, now. 1 when a token was taken. The bucket
// expires when it would be full again, which is the state a missing bucket stands for.
const RedisScript& bucket_script() {
  static const RedisScript script(R"lua(
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens, updated = tonumber(b[1]), tonumber(b[2])
if tokens == nil or updated == nil then tokens, updated = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - updated) / 1000 * rate)
updated = math.max(updated, now)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(updated))
local ttl = 86400000
if rate > 0 then ttl = math.min(ttl, math.ceil((burst - tokens) / rate * 1000) + 1000) end
redis.call('PEXPIRE', KEYS[1], ttl)
return allowed
)lua");
  return script;
}

std::optional<long long> integer_of(const RedisReply& reply) {
  if (!reply || reply->type != REDIS_REPLY_INTEGER) return std::nullopt;
  return reply->integer;
}

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RedisPresence::RedisPresence(RedisClient& client, std::int64_t away_after_ms, Options options)
    : client_(client),
      away_after_ms_(away_after_ms),
      options_(std::move(options)),
      instance_id_(util::random_id(12)),
      ttl_ms_(std::to_string(options_.instance_timeout.count())) {
  heartbeat_thread_ = std::thread([this] { heartbeat(); });
}

RedisPresence::~RedisPresence() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  heartbeat_thread_.join();
}

void RedisPresence::heartbeat() {
  util::name_this_thread("presence-beat");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    client_.eval(alive_script(), {}, {options_.prefix, instance_id_, ttl_ms_});
    sweep(false);
    lock.lock();
    wake_.wait_for(lock, options_.heartbeat_interval, [this] { return stopping_; });
  }
}

RedisReply RedisPresence::sweep(bool list_online) const {
  const std::string now = std::to_string(wall_clock_ms());
  return client_.eval(sweep_script(), {}, {options_.prefix, now, list_online ? "1" : "0"});
}

bool RedisPresence::connect(std::string_view user_id, std::int64_t now_ms) {
  const std::string now = std::to_string(now_ms);
  auto reply = client_.eval(connect_script(), {}, {options_.prefix, user_id, instance_id_, now, ttl_ms_});
  return integer_of(reply) == 1;
}

bool RedisPresence::disconnect(std::string_view user_id, std::int64_t now_ms) {
  const std::string now = std::to_string(now_ms);
  auto reply = client_.eval(disconnect_script(), {}, {options_.prefix, user_id, instance_id_, now});
  return integer_of(reply) == 1;
}

void RedisPresence::touch(std::string_view user_id, std::int64_t now_ms) {
  const std::string now = std::to_string(now_ms);
  client_.eval(touch_script(), {}, {options_.prefix, user_id, now});
}

PresenceState RedisPresence::state(std::string_view user_id, std::int64_t now_ms) const {
  const std::string now = std::to_string(now_ms);
  auto active = integer_of(client_.eval(state_script(), {}, {options_.prefix, user_id, now}));
  if (!active || *active < 0) return PresenceState::kOffline;
  return now_ms - *active >= away_after_ms_ ? PresenceState::kAway : PresenceState::kOnline;
}

std::vector<std::string> RedisPresence::online_users() const {
  std::vector<std::string> out;
  RedisReply reply = sweep(true);
  if (!reply || reply->type != REDIS_REPLY_ARRAY) return out;
  out.reserve(reply->elements);
  for (std::size_t i = 0; i < reply->elements; ++i) {
    const redisReply* e = reply->element[i];
    if (e->type == REDIS_REPLY_STRING) out.emplace_back(e->str, e->len);
  }
  return out;
}

std::optional<std::int64_t> RedisPresence::last_seen(std::string_view user_id) const {
  const std::string key = options_.prefix + "last_seen:" + std::string(user_id);
  RedisReply reply = client_.command({"GET", key});
  if (!reply || reply->type != REDIS_REPLY_STRING) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(reply->str, reply->str + reply->len, value);
  if (ec != std::errc() || end != reply->str + reply->len) return std::nullopt;
  return value;
}

bool RedisRateLimiter::allow(std::string_view key, double per_second, double burst, std::int64_t now_ms) {
  const std::string bucket = prefix_ + "rate:" + std::string(key);
  // %.17g keeps a double exact, as Lua's tonumber reads it back.
  char rate[32];
  char capacity[32];
  std::snprintf(rate, sizeof rate, "%.17g", per_second);
  std::snprintf(capacity, sizeof capacity, "%.17g", burst);
  const std::string now = std::to_string(now_ms);
  auto reply = client_.eval(bucket_script(), {bucket}, {rate, capacity, now});
  return integer_of(reply) != 0;  // unreachable (nullopt) allows
}

}  // namespace parley::bus
