#include "bus/redis/redis_presence.hpp"

#include "util/random.hpp"
#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
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
-- This instance (`me`) is alive for ttl_ms more, and known to the sweep.
local function alive(me, ttl_ms)
  redis.call('SADD', prefix .. 'instances', me)
  return redis.call('SET', prefix .. 'instance:' .. me, '1', 'PX', ttl_ms, 'GET')
end
-- Announced on the presence channel, from inside the script, so that every instance hears
-- the transitions in the order they happened.
local function went_offline(user, now)
  redis.call('SREM', prefix .. 'online', user)
  redis.call('DEL', prefix .. 'active:' .. user)
  redis.call('SET', prefix .. 'last_seen:' .. user, now, 'PX', 86400000)
  redis.call('PUBLISH', prefix .. 'presence', '0 ' .. now .. ' ' .. user)
end
-- `devices` of this instance (`me`) for `user`, who had `before` on live instances.
local function came_back(user, me, devices, before, now)
  redis.call('HSET', prefix .. 'presence:' .. user, me, devices)
  redis.call('SADD', prefix .. 'online', user)
  local active = prefix .. 'active:' .. user
  if before == 0 or tonumber(redis.call('GET', active) or 0) < tonumber(now) then
    redis.call('SET', active, now)
  end
  if before == 0 then redis.call('PUBLISH', prefix .. 'presence', '1 ' .. now .. ' ' .. user) end
end
)lua";

std::string presence_script(std::string_view body) { return std::string(kPrelude) + std::string(body); }

// ARGV: prefix, instance, ttl_ms. 0 when the liveness key was missing: Redis lost it (a
// restart) or let it expire (this process stalled), and with it, maybe, this instance's devices.
const RedisScript& alive_script() {
  static const RedisScript kScript(presence_script(R"lua(
if alive(ARGV[2], ARGV[3]) then return 1 end
return 0
)lua"));
  return kScript;
}

// ARGV: prefix, user, instance, now, ttl_ms. 1 when the user had no device before.
const RedisScript& connect_script() {
  static const RedisScript kScript(presence_script(R"lua(
local user, me, now = ARGV[2], ARGV[3], ARGV[4]
alive(me, ARGV[5])
local before = live_devices(user)
local mine = tonumber(redis.call('HGET', prefix .. 'presence:' .. user, me) or 0)
came_back(user, me, mine + 1, before, now)
if before == 0 then return 1 end
return 0
)lua"));
  return kScript;
}

// ARGV: prefix, instance, now, ttl_ms, then pairs of user and this instance's device count
// for the user (0: none). Makes Redis agree with this instance's own record of its devices,
// announcing the users that come online or go offline by it.
const RedisScript& restore_script() {
  static const RedisScript kScript(presence_script(R"lua(
local me, now = ARGV[2], ARGV[3]
alive(me, ARGV[4])
for i = 5, #ARGV, 2 do
  local user, devices = ARGV[i], tonumber(ARGV[i + 1])
  local key = prefix .. 'presence:' .. user
  redis.call('HDEL', key, me)
  local others = live_devices(user)
  if devices > 0 then
    came_back(user, me, devices, others, now)
  elseif others == 0 and redis.call('SISMEMBER', prefix .. 'online', user) == 1 then
    went_offline(user, now)
  end
end
return 1
)lua"));
  return kScript;
}

// ARGV: prefix, user, instance, now. 1 when that was the user's last device anywhere.
const RedisScript& disconnect_script() {
  static const RedisScript kScript(presence_script(R"lua(
local user, me, now = ARGV[2], ARGV[3], ARGV[4]
local key = prefix .. 'presence:' .. user
local mine = tonumber(redis.call('HGET', key, me) or 0)
if mine <= 0 then return 0 end
if mine == 1 then redis.call('HDEL', key, me) else redis.call('HINCRBY', key, me, -1) end
if live_devices(user) > 0 then return 0 end
went_offline(user, now)
return 1
)lua"));
  return kScript;
}

// ARGV: prefix, user, now. Only online users have an activity time.
const RedisScript& touch_script() {
  static const RedisScript kScript(presence_script(R"lua(
local user, now = ARGV[2], ARGV[3]
if redis.call('EXISTS', prefix .. 'presence:' .. user) == 0 then return 0 end
local active = prefix .. 'active:' .. user
if tonumber(redis.call('GET', active) or 0) < tonumber(now) then redis.call('SET', active, now) end
return 1
)lua"));
  return kScript;
}

// ARGV: prefix, user, now. The last activity time, or -1 when the user is offline.
const RedisScript& state_script() {
  static const RedisScript kScript(presence_script(R"lua(
local user, now = ARGV[2], ARGV[3]
if live_devices(user) == 0 then
  if redis.call('SISMEMBER', prefix .. 'online', user) == 1 then went_offline(user, now) end
  return -1
end
return tonumber(redis.call('GET', prefix .. 'active:' .. user) or 0)
)lua"));
  return kScript;
}

// ARGV: prefix, now, then users. For each user two numbers: the last activity time as
// state_script answers it (-1: offline), and last_seen (-1: unknown).
const RedisScript& states_script() {
  static const RedisScript kScript(presence_script(R"lua(
local now = ARGV[2]
local out = {}
for i = 3, #ARGV do
  local user = ARGV[i]
  local active = -1
  if live_devices(user) == 0 then
    if redis.call('SISMEMBER', prefix .. 'online', user) == 1 then went_offline(user, now) end
  else
    active = tonumber(redis.call('GET', prefix .. 'active:' .. user) or 0) or 0
  end
  local seen = redis.call('GET', prefix .. 'last_seen:' .. user)
  out[#out + 1] = active
  out[#out + 1] = (seen and tonumber(seen)) or -1
end
return out
)lua"));
  return kScript;
}

// ARGV: prefix, now, list. Settles the users of instances whose liveness key expired, then
// forgets those instances; returns the online users when `list` is '1'. With no dead instance
// (the usual case) this reads only the instance set.
const RedisScript& sweep_script() {
  static const RedisScript kScript(presence_script(R"lua(
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
  return kScript;
}

// ARGV: prefix, user, instance, ttl_ms, then pairs of scope and this instance's devices
// receiving it. Replaces this instance's fields ("<instance> <scope>") in the user's receiver
// hash with the given ones.
const RedisScript& receivers_script() {
  static const RedisScript kScript(presence_script(R"lua(
local user, me = ARGV[2], ARGV[3]
alive(me, ARGV[4])
local key = prefix .. 'recv:' .. user
local mine = me .. ' '
for _, f in ipairs(redis.call('HKEYS', key)) do
  if string.sub(f, 1, #mine) == mine then redis.call('HDEL', key, f) end
end
for i = 5, #ARGV, 2 do redis.call('HSET', key, mine .. ARGV[i], ARGV[i + 1]) end
return 1
)lua"));
  return kScript;
}

// ARGV: prefix, chat, then users. For each user, 1 when a device on a live instance receives
// every chat of theirs or this one; fields of dead instances are removed on the way.
const RedisScript& receiving_script() {
  static const RedisScript kScript(R"lua(
local prefix, chat = ARGV[1], ARGV[2]
local live = {}
local out = {}
for i = 3, #ARGV do
  local key = prefix .. 'recv:' .. ARGV[i]
  local fields = redis.call('HKEYS', key)
  local yes = 0
  for _, f in ipairs(fields) do
    local space = string.find(f, ' ', 1, true)
    if space then
      local instance, scope = string.sub(f, 1, space - 1), string.sub(f, space + 1)
      if live[instance] == nil then
        live[instance] = redis.call('EXISTS', prefix .. 'instance:' .. instance) == 1
      end
      if not live[instance] then
        redis.call('HDEL', key, f)
      elseif (scope == '*' and string.sub(chat, 1, 1) ~= '@') or scope == chat then
        yes = 1
      end
    end
  end
  out[#out + 1] = yes
end
return out
)lua");
  return kScript;
}

// KEYS: the bucket. ARGV: per_second, burst, now, wanted, all ('1': all or nothing). The
// number of tokens taken; all or nothing: the whole tokens the bucket held (taken when at
// least `wanted`). The bucket expires when it would be full again, which is the state a
// missing bucket stands for.
const RedisScript& bucket_script() {
  static const RedisScript kScript(R"lua(
local rate, burst, now, wanted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens, updated = tonumber(b[1]), tonumber(b[2])
if tokens == nil or updated == nil then tokens, updated = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - updated) / 1000 * rate)
updated = math.max(updated, now)
local held = math.max(0, math.floor(tokens))
local taken = math.min(wanted, held)
local answer = taken
if ARGV[5] == '1' then
  if held < wanted then taken = 0 end
  answer = held
end
tokens = tokens - taken
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(updated))
local ttl = 86400000
if rate > 0 then ttl = math.min(ttl, math.ceil((burst - tokens) / rate * 1000) + 1000) end
redis.call('PEXPIRE', KEYS[1], ttl)
return answer
)lua");
  return kScript;
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
      ttl_ms_(std::to_string(options_.instance_timeout.count())),
      channel_(options_.prefix + "presence"),
      pubsub_(client, [this](std::string_view, std::string_view payload) { announced(payload); }) {
  pubsub_.subscribe(channel_);
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

void RedisPresence::watch(Watcher watcher) {
  std::lock_guard lock(watcher_mutex_);
  watcher_ = std::move(watcher);
}

// "<1|0> <at_ms> <user>", as the scripts publish it.
void RedisPresence::announced(std::string_view payload) {
  if (payload.size() < 5 || (payload[0] != '0' && payload[0] != '1') || payload[1] != ' ') return;
  const auto space = payload.find(' ', 2);
  if (space == std::string_view::npos) return;
  std::int64_t at = 0;
  auto [end, ec] = std::from_chars(payload.data() + 2, payload.data() + space, at);
  if (ec != std::errc() || end != payload.data() + space) return;
  std::lock_guard lock(watcher_mutex_);
  if (watcher_) watcher_(payload.substr(space + 1), payload[0] == '1', at);
}

void RedisPresence::heartbeat() {
  util::name_this_thread("presence-beat");
  std::unique_lock lock(mutex_);
  bool first = true;  // the liveness key is new, not lost
  while (!stopping_) {
    lock.unlock();
    const auto alive = integer_of(client_.eval(alive_script(), {}, {options_.prefix, instance_id_, ttl_ms_}));
    if (alive) resync(*alive == 0 && !first);
    first = first && !alive;
    sweep(false);
    lock.lock();
    wake_.wait_for(lock, options_.heartbeat_interval, [this] { return stopping_; });
  }
}

void RedisPresence::resync(bool lost_everything) {
  std::lock_guard lock(devices_mutex_);
  if (lost_everything) {
    for (const auto& [user, count] : devices_) unsynced_.insert(user);
    for (const auto& [user, scopes] : receivers_) unsynced_receivers_.insert(user);
  }
  for (auto it = unsynced_receivers_.begin(); it != unsynced_receivers_.end();) {
    if (!write_receivers(*it)) break;  // next heartbeat
    it = unsynced_receivers_.erase(it);
  }
  if (unsynced_.empty()) return;
  const std::string now = std::to_string(wall_clock_ms());
  constexpr std::size_t kUsersPerScript = 512;
  std::vector<std::string> counts;
  std::vector<std::string_view> args;
  while (!unsynced_.empty()) {
    counts.clear();
    args = {options_.prefix, instance_id_, now, ttl_ms_};
    std::vector<std::string> users;
    for (auto it = unsynced_.begin(); it != unsynced_.end() && users.size() < kUsersPerScript; ++it) {
      users.push_back(*it);
    }
    counts.reserve(users.size());
    for (const auto& user : users) {
      auto d = devices_.find(user);
      counts.push_back(std::to_string(d == devices_.end() ? 0 : d->second));
      args.push_back(user);
      args.push_back(counts.back());
    }
    if (integer_of(client_.eval(restore_script(), {}, args)) != 1) return;  // next heartbeat
    for (const auto& user : users) unsynced_.erase(user);
  }
  spdlog::info("presence: this instance's devices are registered in Redis again");
}

RedisReply RedisPresence::sweep(bool list_online) const {
  const std::string now = std::to_string(wall_clock_ms());
  return client_.eval(sweep_script(), {}, {options_.prefix, now, list_online ? "1" : "0"});
}

bool RedisPresence::connect(std::string_view user_id, std::int64_t now_ms) {
  const std::string now = std::to_string(now_ms);
  std::lock_guard lock(devices_mutex_);
  ++devices_[std::string(user_id)];
  auto answer = integer_of(client_.eval(connect_script(), {}, {options_.prefix, user_id, instance_id_, now, ttl_ms_}));
  if (!answer) unsynced_.emplace(user_id);
  return answer == 1;
}

bool RedisPresence::disconnect(std::string_view user_id, std::int64_t now_ms) {
  const std::string now = std::to_string(now_ms);
  std::lock_guard lock(devices_mutex_);
  auto it = devices_.find(std::string(user_id));
  if (it == devices_.end()) return false;
  if (--it->second == 0) devices_.erase(it);
  auto answer = integer_of(client_.eval(disconnect_script(), {}, {options_.prefix, user_id, instance_id_, now}));
  if (!answer) unsynced_.emplace(user_id);
  return answer == 1;
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

std::vector<UserPresence> RedisPresence::states(const std::vector<std::string>& users, std::int64_t now_ms) const {
  // Users whose chunk Redis did not answer stay offline with no last_seen, as state() and
  // last_seen() answer then.
  std::vector<UserPresence> out(users.size());
  const std::string now = std::to_string(now_ms);
  // Chunks keep each script short: Redis serves nobody else while one runs.
  constexpr std::size_t kUsersPerScript = 500;
  std::vector<std::string_view> args;
  for (std::size_t first = 0; first < users.size(); first += kUsersPerScript) {
    const std::size_t count = std::min(kUsersPerScript, users.size() - first);
    args = {options_.prefix, now};
    for (std::size_t i = first; i < first + count; ++i) args.push_back(users[i]);
    RedisReply reply = client_.eval(states_script(), {}, args);
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 * count) continue;
    for (std::size_t k = 0; k < count; ++k) {
      const redisReply* active = reply->element[2 * k];
      const redisReply* seen = reply->element[(2 * k) + 1];
      UserPresence& p = out[first + k];
      if (active->type == REDIS_REPLY_INTEGER && active->integer >= 0) {
        p.state = now_ms - active->integer >= away_after_ms_ ? PresenceState::kAway : PresenceState::kOnline;
      }
      if (seen->type == REDIS_REPLY_INTEGER && seen->integer >= 0) p.last_seen = seen->integer;
    }
  }
  return out;
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

std::size_t RedisRateLimiter::run_bucket(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                         std::size_t wanted, bool all) {
  const std::string bucket = prefix_ + "rate:" + std::string(key);
  // %.17g keeps a double exact, as Lua's tonumber reads it back.
  char rate[32];
  char capacity[32];
  std::snprintf(rate, sizeof rate, "%.17g", per_second);
  std::snprintf(capacity, sizeof capacity, "%.17g", burst);
  const std::string now = std::to_string(now_ms);
  const std::string count = std::to_string(wanted);
  auto answer = integer_of(client_.eval(bucket_script(), {bucket}, {rate, capacity, now, count, all ? "1" : "0"}));
  if (!answer) return wanted;  // unreachable: allow
  return static_cast<std::size_t>(std::max<long long>(*answer, 0));
}

std::size_t RedisRateLimiter::take(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                   std::size_t wanted) {
  return std::min(wanted, run_bucket(key, per_second, burst, now_ms, wanted, false));
}

std::size_t RedisRateLimiter::take_all(std::string_view key, double per_second, double burst, std::int64_t now_ms,
                                       std::size_t wanted) {
  return run_bucket(key, per_second, burst, now_ms, wanted, true);
}

bool RedisPresence::write_receivers(const std::string& user) {
  std::vector<std::string> counts;
  std::vector<std::string_view> args{options_.prefix, user, instance_id_, ttl_ms_};
  if (auto it = receivers_.find(user); it != receivers_.end()) {
    counts.reserve(it->second.size());
    for (const auto& [scope, devices] : it->second) {
      counts.push_back(std::to_string(devices));
      args.push_back(scope);
      args.push_back(counts.back());
    }
  }
  return integer_of(client_.eval(receivers_script(), {}, args)) == 1;
}

void RedisPresence::receive(std::string_view user_id, std::string_view scope) {
  std::lock_guard lock(devices_mutex_);
  const std::string user(user_id);
  ++receivers_[user][std::string(scope)];
  if (!write_receivers(user)) unsynced_receivers_.insert(user);
}

void RedisPresence::stop_receiving(std::string_view user_id, std::string_view scope) {
  std::lock_guard lock(devices_mutex_);
  const std::string user(user_id);
  auto it = receivers_.find(user);
  if (it == receivers_.end()) return;
  auto scope_it = it->second.find(std::string(scope));
  if (scope_it == it->second.end()) return;
  if (--scope_it->second <= 0) it->second.erase(scope_it);
  if (it->second.empty()) receivers_.erase(it);
  if (!write_receivers(user)) unsynced_receivers_.insert(user);
}

std::vector<std::string> RedisPresence::receiving(const std::vector<std::string>& users,
                                                  std::string_view chat_id) const {
  std::vector<std::string> out;
  if (users.empty()) return out;
  std::vector<std::string_view> args{options_.prefix, chat_id};
  for (const auto& u : users) args.push_back(u);
  RedisReply reply = client_.eval(receiving_script(), {}, args);
  // Without Redis nobody is known to receive: the messages stay SENT until a device joins.
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != users.size()) return out;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const redisReply* e = reply->element[i];
    if (e->type == REDIS_REPLY_INTEGER && e->integer == 1) out.push_back(users[i]);
  }
  return out;
}

}  // namespace parley::bus
