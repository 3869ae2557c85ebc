#include "chat/typing/typing_service.hpp"

#include "chat/moderation/block_service.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>

namespace parley::chat {

namespace json = boost::json;

json::value typing_notice_json(const TypingNotice& n) {
  json::array participants;
  for (const auto& p : n.chat.participants) participants.emplace_back(p);
  return json::object{{"origin", n.origin},         {"chatId", n.chat.chat_id},
                      {"group", n.chat.group},      {"participants", std::move(participants)},
                      {"userId", n.user_id},        {"typing", n.typing},
                      {"everywhere", n.everywhere}, {"ttlMs", n.ttl_ms}};
}

std::optional<TypingNotice> parse_typing_notice(std::string_view text) {
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  const auto* o = ec ? nullptr : v.if_object();
  if (!o) return std::nullopt;
  const auto string_at = [o](std::string_view key) -> const json::string* {
    const auto* f = o->if_contains(key);
    return f ? f->if_string() : nullptr;
  };
  const auto bool_at = [o](std::string_view key) -> std::optional<bool> {
    const auto* f = o->if_contains(key);
    return f && f->is_bool() ? std::optional<bool>(f->get_bool()) : std::nullopt;
  };
  const auto* origin = string_at("origin");
  const auto* chat = string_at("chatId");
  const auto* user = string_at("userId");
  const auto group = bool_at("group");
  const auto typing = bool_at("typing");
  const auto everywhere = bool_at("everywhere");
  const auto* ttl = o->if_contains("ttlMs");
  const auto* participants = o->if_contains("participants");
  if (!origin || !chat || !user || !group || !typing || !everywhere || !ttl || !ttl->is_int64() || !participants ||
      !participants->is_array()) {
    return std::nullopt;
  }
  TypingNotice n;
  n.origin = std::string(*origin);
  n.chat.chat_id = std::string(*chat);
  n.chat.group = *group;
  for (const auto& p : participants->get_array()) {
    if (!p.is_string()) return std::nullopt;
    n.chat.participants.emplace_back(p.get_string());
  }
  n.user_id = std::string(*user);
  n.typing = *typing;
  n.everywhere = *everywhere;
  n.ttl_ms = ttl->get_int64();
  return n;
}

TypingService::TypingService(Core& core) : core_(core), timeout_ms_(core.options.typing_timeout_ms) {}

void TypingService::set_sink(TypingSink* sink) {
  std::lock_guard lock(mutex_);
  sink_ = sink;
}

void TypingService::set_peers(TypingPeers* peers, std::string origin) {
  std::lock_guard lock(mutex_);
  peers_ = peers;
  origin_ = std::move(origin);
}

TypingAudience TypingService::audience_of(const store::Chat& chat) {
  TypingAudience a{.chat_id = chat.id, .group = chat.group.has_value()};
  if (!a.group) a.participants = chat.participants;
  return a;
}

Result<void> TypingService::start(const Actor& actor, std::string_view chat_id, const std::string& connection) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());
  core_.touch(actor.user_id);
  // Privacy: a user who does not share their typing is acknowledged and never forwarded.
  if (!core_.privacy.shares_typing(actor.user_id)) return {};
  // Nor in a private chat with someone either of them blocked.
  if (!check_not_blocked(core_, *chat, actor.user_id)) return {};

  std::lock_guard lock(mutex_);
  const auto now = core_.now();
  auto [it, created] = chats_.try_emplace(chat->id);
  auto& c = it->second;
  if (created) c.audience = audience_of(*chat);
  auto [typist, started] = c.local.try_emplace(actor.user_id);
  auto& l = typist->second;
  l.connections[connection] = now + timeout_ms_;
  auto& mine = connections_[connection];
  mine.user_id = actor.user_id;
  mine.chats.insert(chat->id);
  if (started) {
    l.since = next_since_++;
    l.published_at = now;
    publish(c, actor.user_id, true, false, ttl_of(l, now));
    changed(c, now);
  } else if (now - l.published_at >= kRefreshQuietMs) {
    // A repeat: no update for anyone, only the other instances' deadlines move.
    l.published_at = now;
    publish(c, actor.user_id, true, false, ttl_of(l, now));
  }
  return {};
}

Result<void> TypingService::stop(const Actor& actor, std::string_view chat_id, const std::string& connection) {
  auto chat = core_.access.chat(actor.user_id, chat_id);
  if (!chat) return util::fail(chat.error());

  std::lock_guard lock(mutex_);
  auto it = chats_.find(chat->id);
  if (it == chats_.end()) return {};
  auto& c = it->second;
  auto typist = c.local.find(actor.user_id);
  if (typist == c.local.end() || typist->second.connections.erase(connection) == 0) return {};
  forget_connection(connection, chat->id);
  if (!typist->second.connections.empty()) return {};  // another device of theirs types still
  c.local.erase(typist);
  publish(c, actor.user_id, false, false, 0);
  changed(c, core_.now());
  return {};
}

void TypingService::disconnected(const std::string& connection) {
  std::lock_guard lock(mutex_);
  auto mine = connections_.find(connection);
  if (mine == connections_.end()) return;
  const auto now = core_.now();
  const ConnectionTyping gone = std::move(mine->second);
  connections_.erase(mine);
  for (const auto& chat_id : gone.chats) {
    auto it = chats_.find(chat_id);
    if (it == chats_.end()) continue;
    auto& c = it->second;
    auto typist = c.local.find(gone.user_id);
    if (typist == c.local.end()) continue;
    typist->second.connections.erase(connection);
    if (!typist->second.connections.empty()) continue;
    c.local.erase(typist);
    publish(c, gone.user_id, false, false, 0);
    changed(c, now);
  }
}

void TypingService::stopped(const store::Chat& chat, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  auto it = chats_.find(chat.id);
  if (it == chats_.end()) return;
  auto& c = it->second;
  const bool here = c.local.contains(user_id);
  bool elsewhere = false;
  for (auto r = c.remote.begin(); r != c.remote.end();) {
    if (r->first.second == user_id) {
      r = c.remote.erase(r);
      elsewhere = true;
    } else {
      ++r;
    }
  }
  if (!here && !elsewhere) return;
  if (here) drop_local(c, user_id);
  publish(c, user_id, false, true, 0);
  changed(c, core_.now());
}

void TypingService::heard(const TypingNotice& n) {
  std::lock_guard lock(mutex_);
  const auto now = core_.now();
  if (n.typing) {
    auto [it, created] = chats_.try_emplace(n.chat.chat_id);
    auto& c = it->second;
    if (created) c.audience = n.chat;
    auto [r, arrived] = c.remote.try_emplace({n.origin, n.user_id});
    r->second.deadline = now + std::clamp<std::int64_t>(n.ttl_ms, 0, timeout_ms_ + kRefreshQuietMs);
    if (arrived) {
      r->second.since = next_since_++;
      changed(c, now);
    }
    return;
  }
  auto it = chats_.find(n.chat.chat_id);
  if (it == chats_.end()) return;
  auto& c = it->second;
  bool removed = c.remote.erase({n.origin, n.user_id}) > 0;
  if (n.everywhere) {
    for (auto r = c.remote.begin(); r != c.remote.end();) {
      if (r->first.second == n.user_id) {
        r = c.remote.erase(r);
        removed = true;
      } else {
        ++r;
      }
    }
    if (c.local.contains(n.user_id)) {
      drop_local(c, n.user_id);
      removed = true;
    }
  }
  if (removed) changed(c, now);
}

void TypingService::republish() {
  std::lock_guard lock(mutex_);
  const auto now = core_.now();
  for (auto& [id, c] : chats_) {
    for (auto& [user, l] : c.local) {
      l.published_at = now;
      publish(c, user, true, false, ttl_of(l, now));
    }
  }
}

void TypingService::tick() {
  std::lock_guard lock(mutex_);
  const auto now = core_.now();
  for (auto it = chats_.begin(); it != chats_.end();) {
    auto& c = it->second;
    bool removed = false;
    for (auto typist = c.local.begin(); typist != c.local.end();) {
      auto& conns = typist->second.connections;
      for (auto conn = conns.begin(); conn != conns.end();) {
        if (conn->second <= now) {
          forget_connection(conn->first, c.audience.chat_id);
          conn = conns.erase(conn);
        } else {
          ++conn;
        }
      }
      if (conns.empty()) {
        publish(c, typist->first, false, false, 0);
        typist = c.local.erase(typist);
        removed = true;
      } else {
        ++typist;
      }
    }
    for (auto r = c.remote.begin(); r != c.remote.end();) {
      if (r->second.deadline <= now) {
        r = c.remote.erase(r);
        removed = true;
      } else {
        ++r;
      }
    }
    if (removed) changed(c, now);
    if (c.held && now - c.last_sent >= kWindowMs) {
      c.held = false;
      auto typing = union_of(c);
      if (typing != c.sent) send(c, std::move(typing), now);
    }
    // A chat nobody types in is forgotten once its window ended, so that its next update
    // keeps to the window too.
    if (c.local.empty() && c.remote.empty() && !c.held && now - c.last_sent >= kWindowMs) {
      it = chats_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<std::string> TypingService::typists(std::string_view chat_id) const {
  std::lock_guard lock(mutex_);
  auto it = chats_.find(std::string(chat_id));
  return it == chats_.end() ? std::vector<std::string>{} : union_of(it->second);
}

// The users typing on any instance, in the order they started.
std::vector<std::string> TypingService::union_of(const ChatTyping& c) const {
  std::map<std::string, std::int64_t> first;
  for (const auto& [user, l] : c.local) first.emplace(user, l.since);
  for (const auto& [key, r] : c.remote) {
    auto [it, added] = first.emplace(key.second, r.since);
    if (!added) it->second = std::min(it->second, r.since);
  }
  std::vector<std::pair<std::int64_t, std::string>> ordered;
  ordered.reserve(first.size());
  for (auto& [user, since] : first) ordered.emplace_back(since, user);
  std::sort(ordered.begin(), ordered.end());
  std::vector<std::string> out;
  out.reserve(ordered.size());
  for (auto& [since, user] : ordered) out.push_back(std::move(user));
  return out;
}

// Sends the chat's update now when its window allows, else at the window's end (tick).
void TypingService::changed(ChatTyping& c, std::int64_t now) {
  if (c.held) return;
  auto typing = union_of(c);
  if (typing == c.sent) return;
  if (now - c.last_sent >= kWindowMs) {
    send(c, std::move(typing), now);
  } else {
    c.held = true;
  }
}

void TypingService::send(ChatTyping& c, std::vector<std::string> now_typing, std::int64_t now) {
  c.sent = std::move(now_typing);
  c.last_sent = now;
  if (sink_) sink_->typing_changed(c.audience, c.sent);
}

void TypingService::publish(const ChatTyping& c, const std::string& user, bool typing, bool everywhere,
                            std::int64_t ttl) {
  if (!peers_) return;
  peers_->typing_notice(TypingNotice{.origin = origin_,
                                     .chat = c.audience,
                                     .user_id = user,
                                     .typing = typing,
                                     .everywhere = everywhere,
                                     .ttl_ms = ttl});
}

// How long the other instances keep the typist: until its last deadline here, and a little
// longer, as repeats reach them at most every kRefreshQuietMs.
std::int64_t TypingService::ttl_of(const Local& l, std::int64_t now) const {
  std::int64_t last = now;
  for (const auto& [conn, deadline] : l.connections) last = std::max(last, deadline);
  return last - now + kRefreshQuietMs;
}

void TypingService::forget_connection(const std::string& connection, const std::string& chat_id) {
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  it->second.chats.erase(chat_id);
  if (it->second.chats.empty()) connections_.erase(it);
}

void TypingService::drop_local(ChatTyping& c, const std::string& user) {
  auto typist = c.local.find(user);
  if (typist == c.local.end()) return;
  for (const auto& [conn, deadline] : typist->second.connections) forget_connection(conn, c.audience.chat_id);
  c.local.erase(typist);
}

}  // namespace parley::chat
