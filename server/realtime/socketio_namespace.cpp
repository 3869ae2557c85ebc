// Socket.IO namespaces and broadcasts: middleware, rooms per shard, delivery of a broadcast
// encoded once to every shard (and through the adapter to other instances), room changes
// across instances. Part of socketio_server (its header).
#include "realtime/socketio_server.hpp"

#include "realtime/engineio_session.hpp"
#include "util/metrics.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <spdlog/spdlog.h>

namespace parley::realtime {

namespace asio = boost::asio;
namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// Namespace and broadcasts

Namespace::Namespace(SocketIoServer& server, std::string name)
    : server_(server), name_(std::move(name)), shards_(server.shards().size()) {}

std::size_t Namespace::local_socket_count() const {
  const auto shard = util::ShardPool::current();
  return shard == util::ShardPool::kNoShard ? 0 : shards_[shard].sockets.size();
}

void Namespace::run_middleware(const std::shared_ptr<Socket>& socket, std::size_t index, const Next& done) {
  if (index == middleware_.size()) {
    done(std::nullopt);
    return;
  }
  auto next = [this, socket, index, done](std::optional<ConnectError> err) {
    socket->on_shard([this, socket, index, done, err = std::move(err)]() mutable {
      if (err) {
        done(std::move(err));
      } else {
        run_middleware(socket, index + 1, done);
      }
    });
  };
  middleware_[index](*socket, std::move(next));
}

void Namespace::deliver_local(std::size_t shard, const EncodedBroadcast& broadcast) {
  const auto& rooms = broadcast.rooms;
  const auto& frames = broadcast.frames;
  auto& state = shards_[shard];
  const auto excluded = [&](const Socket* s) {
    for (const auto& e : broadcast.except) {
      if (e == s->id()) return true;
    }
    return broadcast.only && !(*broadcast.only)(*s);
  };
  if (rooms.empty()) {
    for (auto& [id, s] : state.sockets) {
      if (!excluded(s)) s->send_frames(frames);
    }
    return;
  }
  if (rooms.size() == 1) {
    auto it = state.rooms.find(rooms[0]);
    if (it == state.rooms.end()) return;
    for (Socket* s : it->second) {
      if (!excluded(s)) s->send_frames(frames);
    }
    return;
  }
  std::unordered_set<Socket*> seen;
  for (const auto& room : rooms) {
    auto it = state.rooms.find(room);
    if (it == state.rooms.end()) continue;
    for (Socket* s : it->second) {
      if (!excluded(s) && seen.insert(s).second) s->send_frames(frames);
    }
  }
}

void Namespace::add_to_room(std::size_t shard, const std::string& room, Socket* socket) {
  auto [it, created] = shards_[shard].rooms.try_emplace(room);
  it->second.insert(socket);
  if (created && adapter_ && shared_room(room)) room_used_on_shard(room, true);
}

bool Namespace::shared_room(const std::string& room) const {
  for (const auto& prefix : local_prefixes_) {
    if (room.starts_with(prefix)) return false;
  }
  return true;
}

void Namespace::remove_from_room(std::size_t shard, const std::string& room, Socket* socket) {
  auto& rooms = shards_[shard].rooms;
  auto it = rooms.find(room);
  if (it == rooms.end()) return;
  it->second.erase(socket);
  if (!it->second.empty()) return;
  rooms.erase(it);
  if (adapter_ && shared_room(room)) room_used_on_shard(room, false);
}

void Namespace::room_used_on_shard(const std::string& room, bool used) {
  // Under the lock, so that the adapter sees each room's first-use and last-use in order.
  std::lock_guard lock(room_shards_mutex_);
  int& count = room_shards_[room];
  count += used ? 1 : -1;
  if (used && count == 1) adapter_->room_used(name_, room, true);
  if (!used && count == 0) {
    room_shards_.erase(room);
    adapter_->room_used(name_, room, false);
  }
}

void Namespace::deliver(const std::shared_ptr<const EncodedBroadcast>& broadcast) {
  auto& shards = server_.shards();
  for (std::size_t i = 0; i < shards.size(); ++i) {
    shards.run_on(i, [this, i, broadcast] { deliver_local(i, *broadcast); });
  }
}

void Namespace::change_rooms(const RoomChange& change) {
  apply(change);
  if (adapter_) adapter_->publish(change);
}

void Namespace::disconnect_sockets(std::string in_room, std::string_view event, const json::value& data) {
  change_rooms({.nsp = name_,
                .in_room = std::move(in_room),
                .room = {},
                .join = false,
                .disconnect = true,
                .event = std::string(event),
                .event_data = json::serialize(data)});
}

void Namespace::apply(const RoomChange& change) {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    server_.shards().run_on(i, [this, i, change] {
      auto it = shards_[i].rooms.find(change.in_room);
      if (it == shards_[i].rooms.end()) return;
      const std::vector<Socket*> members(it->second.begin(), it->second.end());
      for (Socket* s : members) {
        if (change.disconnect) {
          boost::system::error_code ec;
          auto data = json::parse(change.event_data, ec);
          if (!change.event.empty()) s->emit(change.event, Payload::of(ec ? json::value() : std::move(data)));
          s->disconnect(true);
        } else if (change.join) {
          s->join(change.room);
        } else {
          s->leave(change.room);
        }
      }
    });
  }
}

void Broadcast::emit(std::string_view event, Payload payload) const {
  auto shared = std::make_shared<const EncodedBroadcast>(
      EncodedBroadcast{nsp_.name(), rooms_, except_, encode_event(nsp_.name(), event, std::move(payload)), only_});
  if (nsp_.adapter_ && !local_) nsp_.adapter_->publish(*shared);
  nsp_.deliver(shared);
}

}  // namespace parley::realtime
