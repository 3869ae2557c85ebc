#include "bus/redis/redis_pubsub.hpp"

#include "util/thread_name.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace parley::bus {
namespace {

std::string_view text_of(const redisReply* r) {
  return r->type == REDIS_REPLY_STRING ? std::string_view(r->str, r->len) : std::string_view();
}

}  // namespace

RedisPubSub::RedisPubSub(RedisClient& client, MessageHandler on_message, Options options)
    : client_(client), on_message_(std::move(on_message)), options_(std::move(options)) {
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::system_error(errno, std::generic_category(), "RedisPubSub: eventfd");
  thread_ = std::thread([this] { run(); });
}

RedisPubSub::~RedisPubSub() {
  stopping_ = true;
  wake();
  thread_.join();
  close(wake_fd_);
}

bool RedisPubSub::publish(std::string_view channel, std::string_view payload) {
  RedisReply reply = client_.command({"PUBLISH", channel, payload});
  return reply && reply->type == REDIS_REPLY_INTEGER;
}

std::size_t RedisPubSub::publish(const std::vector<std::pair<std::string_view, std::string_view>>& messages) {
  std::vector<std::vector<std::string_view>> commands;
  commands.reserve(messages.size());
  for (const auto& [channel, payload] : messages) commands.push_back({"PUBLISH", channel, payload});
  std::size_t taken = 0;
  for (const auto& reply : client_.pipeline(commands)) {
    if (reply && reply->type == REDIS_REPLY_INTEGER) ++taken;
  }
  return taken;
}

void RedisPubSub::subscribe(std::string_view channel) {
  {
    std::lock_guard lock(mutex_);
    if (!channels_.emplace(channel).second) return;
    changes_.push_back({true, std::string(channel)});
  }
  wake();
}

void RedisPubSub::unsubscribe(std::string_view channel) {
  {
    std::lock_guard lock(mutex_);
    auto it = channels_.find(channel);
    if (it == channels_.end()) return;
    channels_.erase(it);
    changes_.push_back({false, std::string(channel)});
  }
  wake();
}

bool RedisPubSub::subscribed(std::string_view channel) const {
  std::lock_guard lock(mutex_);
  return confirmed_.contains(channel);
}

void RedisPubSub::wake() {
  const std::uint64_t one = 1;
  // Fails only when the counter is saturated, which wakes the thread just the same.
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
}

void RedisPubSub::wait_for_wake(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stopping_) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd pfd{wake_fd_, POLLIN, 0};
    if (poll(&pfd, 1, static_cast<int>(left.count())) > 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto n = read(wake_fd_, &count, sizeof count);
    }
  }
}

void RedisPubSub::run() {
  util::name_this_thread("redis-sub");
  auto backoff = options_.min_backoff;
  bool reported = false;  // this outage was logged
  while (!stopping_) {
    std::string error;
    RedisContext context = open_redis_context(client_.options(), client_.address(), error);
    if (!context) {
      if (!reported) spdlog::warn("redis {}: subscriber cannot connect: {}; retrying", client_.options().url, error);
      reported = true;
      wait_for_wake(backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    if (reported) spdlog::info("redis {}: subscriber connected again", client_.options().url);
    reported = false;
    backoff = options_.min_backoff;
    // The new connection has no subscriptions: subscribe to every channel wanted now, which
    // makes the changes queued so far moot.
    {
      std::lock_guard lock(mutex_);
      changes_.clear();
      for (const auto& channel : channels_) changes_.push_back({true, channel});
    }
    ++connections_;
    serve(context.get());
    {
      std::lock_guard lock(mutex_);
      confirmed_.clear();
    }
    if (options_.on_disconnected) options_.on_disconnected();
    if (!stopping_) {
      spdlog::warn("redis {}: subscriber connection lost: {}; reconnecting", client_.options().url,
                   context->err != 0 ? context->errstr : "closed");
      reported = true;
    }
  }
}

void RedisPubSub::serve(redisContext* context) {
  while (!stopping_) {
    if (!send_changes(context)) return;
    pollfd fds[2] = {{context->fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents & POLLIN) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto n = read(wake_fd_, &count, sizeof count);
    }
    if (fds[0].revents == 0) continue;
    // Readable, closed or failed: a read either brings data or says why the connection ended.
    if (redisBufferRead(context) != REDIS_OK) return;
    for (;;) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(context, &raw) != REDIS_OK) return;
      if (raw == nullptr) break;
      RedisReply reply(static_cast<redisReply*>(raw));
      dispatch(reply.get());
    }
  }
}

bool RedisPubSub::send_changes(redisContext* context) {
  std::vector<Change> changes;
  {
    std::lock_guard lock(mutex_);
    changes.swap(changes_);
  }
  if (changes.empty()) return true;
  for (const auto& change : changes) {
    const std::string_view verb = change.subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
    const char* argv[2] = {verb.data(), change.channel.data()};
    const std::size_t lengths[2] = {verb.size(), change.channel.size()};
    if (redisAppendCommandArgv(context, 2, argv, lengths) != REDIS_OK) return false;
  }
  int done = 0;
  while (!done) {
    if (redisBufferWrite(context, &done) != REDIS_OK) return false;
  }
  return true;
}

void RedisPubSub::dispatch(const redisReply* reply) {
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 3) return;
  const std::string_view kind = text_of(reply->element[0]);
  const std::string_view channel = text_of(reply->element[1]);
  if (kind == "message") {
    on_message_(channel, text_of(reply->element[2]));
  } else if (kind == "subscribe") {
    {
      std::lock_guard lock(mutex_);
      confirmed_.emplace(channel);
    }
    if (options_.on_subscribed) options_.on_subscribed(channel);
  } else if (kind == "unsubscribe") {
    std::lock_guard lock(mutex_);
    if (auto it = confirmed_.find(channel); it != confirmed_.end()) confirmed_.erase(it);
  }
}

PubSub::Factory redis_pubsub_factory(RedisClient& client) {
  return [&client](PubSub::Handlers handlers) -> std::unique_ptr<PubSub> {
    RedisPubSub::Options options;
    options.on_subscribed = std::move(handlers.subscribed);
    options.on_disconnected = std::move(handlers.disconnected);
    return std::make_unique<RedisPubSub>(client, std::move(handlers.message), std::move(options));
  };
}

}  // namespace parley::bus
