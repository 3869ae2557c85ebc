#include "realtime/cluster_adapter.hpp"

#include "util/random.hpp"
#include "util/thread_name.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace parley::realtime {
namespace {

constexpr std::size_t kMaxQueued = 100000;   // broadcasts waiting for the pub/sub backend
constexpr std::size_t kSeenCapacity = 8192;  // multi-room broadcasts remembered for dedupe
constexpr std::size_t kJoinsPerRoom = 32;    // recent joins of one room followed; the oldest go first

}  // namespace

ClusterAdapter::ClusterAdapter(const bus::PubSub::Factory& make_pubsub, SocketIoServer& io, std::string prefix,
                               std::chrono::milliseconds join_window)
    : io_(io),
      prefix_(std::move(prefix)),
      origin_(util::random_id()),
      join_window_(join_window),
      pubsub_(make_pubsub(bus::PubSub::Handlers{
          [this](std::string_view channel, std::string_view payload) { on_message(channel, payload); },
          [this](std::string_view channel) { on_subscribed(channel); }, [this] { on_disconnected(); }})),
      publisher_([this] {
        util::name_this_thread("parley-cluster-pub");
        run_publisher();
      }) {}

ClusterAdapter::~ClusterAdapter() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_wake_.notify_one();
  publisher_.join();
}

void ClusterAdapter::attach(Namespace& nsp) {
  nsp.set_adapter(this);
  pubsub_->subscribe(channel(nsp.name(), ""));
}

std::string ClusterAdapter::channel(const std::string& nsp, const std::string& room) const {
  // Namespaces start with '/' and hold no '#', so "<nsp>#<room>" is unambiguous.
  return room.empty() ? prefix_ + "all:" + nsp : prefix_ + "room:" + nsp + "#" + room;
}

bool ClusterAdapter::subscribed(const std::string& nsp, const std::string& room) const {
  return pubsub_->subscribed(channel(nsp, room));
}

void ClusterAdapter::room_used(const std::string& nsp, const std::string& room, bool used) {
  if (used) {
    pubsub_->subscribe(channel(nsp, room));
  } else {
    pubsub_->unsubscribe(channel(nsp, room));
  }
}

void ClusterAdapter::publish(const EncodedBroadcast& broadcast) {
  Outgoing out;
  if (broadcast.rooms.empty()) out.channels.push_back(channel(broadcast.nsp, ""));
  for (const auto& room : broadcast.rooms) out.channels.push_back(channel(broadcast.nsp, room));
  auto joiners = recent_joiners(broadcast);
  if (joiners.empty()) {
    out.payload = encode_for_cluster(broadcast, origin_, next_seq_++);
  } else {
    EncodedBroadcast wider = broadcast;
    for (auto& room : joiners) {
      out.channels.push_back(channel(broadcast.nsp, room));
      wider.rooms.push_back(std::move(room));
    }
    out.payload = encode_for_cluster(wider, origin_, next_seq_++);
  }
  enqueue(std::move(out));
}

void ClusterAdapter::publish(const RoomChange& change) {
  // A disconnect concerns the instances with members of in_room only; a join or leave every
  // instance, which may broadcast to the room (see remember).
  remember(change);
  const auto to = change.disconnect ? channel(change.nsp, change.in_room) : channel(change.nsp, "");
  enqueue(Outgoing{{to}, encode_for_cluster(change, origin_, next_seq_++)});
}

void ClusterAdapter::remember(const RoomChange& change) {
  if (change.disconnect) return;
  const auto now = std::chrono::steady_clock::now();
  const auto room = channel(change.nsp, change.room);
  std::lock_guard lock(joins_mutex_);
  if (change.join) {
    auto& joins = joins_[room];
    std::erase_if(joins, [&](const RecentJoin& j) { return j.in_room == change.in_room || now - j.at > join_window_; });
    if (joins.size() >= kJoinsPerRoom) joins.erase(joins.begin());
    joins.push_back({change.in_room, now});
  } else {
    // Whoever left may be in any of the joiners' rooms (a person's inbox, under another name):
    // none of them hears the room's broadcasts by this way any longer.
    joins_.erase(room);
  }
  any_joins_.store(!joins_.empty(), std::memory_order_relaxed);
}

std::vector<std::string> ClusterAdapter::recent_joiners(const EncodedBroadcast& broadcast) {
  std::vector<std::string> out;
  if (!any_joins_.load(std::memory_order_relaxed) || broadcast.rooms.empty()) return out;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(joins_mutex_);
  for (const auto& room : broadcast.rooms) {
    auto it = joins_.find(channel(broadcast.nsp, room));
    if (it == joins_.end()) continue;
    std::erase_if(it->second, [&](const RecentJoin& j) { return now - j.at > join_window_; });
    for (const auto& j : it->second) {
      if (std::ranges::find(broadcast.rooms, j.in_room) == broadcast.rooms.end() &&
          std::ranges::find(out, j.in_room) == out.end()) {
        out.push_back(j.in_room);
      }
    }
    if (it->second.empty()) joins_.erase(it);
  }
  any_joins_.store(!joins_.empty(), std::memory_order_relaxed);
  return out;
}

void ClusterAdapter::notify(const std::string& topic, std::string payload) {
  enqueue(Outgoing{{notice_channel(topic)}, origin_ + "\n" + payload});
}

void ClusterAdapter::on_notice(const std::string& topic, NoticeHandler handler) {
  const std::string ch = notice_channel(topic);
  {
    std::lock_guard lock(notices_mutex_);
    notices_.insert_or_assign(ch, std::move(handler));
  }
  pubsub_->subscribe(ch);
}

void ClusterAdapter::on_subscribed(std::string_view channel) {
  std::lock_guard lock(notices_mutex_);
  if (auto it = notices_.find(std::string(channel)); it != notices_.end() && it->second.hearing) {
    it->second.hearing(true);
  }
}

void ClusterAdapter::on_disconnected() {
  std::lock_guard lock(notices_mutex_);
  for (auto& [channel, handler] : notices_) {
    if (handler.hearing) handler.hearing(false);
  }
}

void ClusterAdapter::enqueue(Outgoing out) {
  {
    std::lock_guard lock(queue_mutex_);
    if (queue_.size() >= kMaxQueued) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(out));
  }
  queue_wake_.notify_one();
}

// Publishes what is queued in pipelined round trips (in order, on one connection), so that
// the rate of broadcasts is not bounded by one round trip each.
void ClusterAdapter::run_publisher() {
  constexpr std::size_t kPerRoundTrip = 256;
  std::vector<Outgoing> taken;
  std::vector<std::pair<std::string_view, std::string_view>> messages;
  for (;;) {
    taken.clear();
    {
      std::unique_lock lock(queue_mutex_);
      queue_wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      while (!queue_.empty() && taken.size() < kPerRoundTrip) {
        taken.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    messages.clear();
    for (const auto& out : taken) {
      for (const auto& ch : out.channels) messages.emplace_back(ch, out.payload);
    }
    const auto published = pubsub_->publish(messages);
    if (published < messages.size()) {
      dropped_.fetch_add(static_cast<std::int64_t>(messages.size() - published), std::memory_order_relaxed);
    }
  }
}

void ClusterAdapter::on_message(std::string_view channel, std::string_view payload) {
  if (channel.starts_with(prefix_ + "notice:")) {
    const auto newline = payload.find('\n');
    if (newline == std::string_view::npos || payload.substr(0, newline) == origin_) return;
    std::lock_guard lock(notices_mutex_);
    if (auto it = notices_.find(std::string(channel)); it != notices_.end() && it->second.notice) {
      it->second.notice(payload.substr(newline + 1));
    }
    return;
  }
  auto message = decode_from_cluster(payload);
  if (!message) {
    spdlog::warn("cluster adapter: ignored a message that is not a broadcast");
    return;
  }
  if (message->origin == origin_) return;  // applied locally when it was made
  if (message->change) {
    remember(*message->change);
    if (Namespace* nsp = io_.find(message->change->nsp)) nsp->apply(*message->change);
    return;
  }
  if (message->broadcast.rooms.size() > 1 && !first_sight(message->origin, message->seq)) return;
  Namespace* nsp = io_.find(message->broadcast.nsp);
  if (!nsp) return;
  nsp->deliver(std::make_shared<const EncodedBroadcast>(std::move(message->broadcast)));
}

bool ClusterAdapter::first_sight(const std::string& origin, std::uint64_t seq) {
  std::string key = origin + ":" + std::to_string(seq);
  std::lock_guard lock(seen_mutex_);
  if (!seen_.insert(key).second) return false;
  seen_order_.push_back(std::move(key));
  if (seen_order_.size() > kSeenCapacity) {
    seen_.erase(seen_order_.front());
    seen_order_.pop_front();
  }
  return true;
}

}  // namespace parley::realtime
