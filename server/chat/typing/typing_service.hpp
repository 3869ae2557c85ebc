// Typing indicators: who is typing in a chat right now. Kept in memory only, never stored.
//
// A typist is a user with at least one connection that said typing:start in the chat within
// the timeout (typing_timeout_ms). They stop with typing:stop from that connection, when it
// closes, when the timeout passes with no repeat, and everywhere when they send a message in
// the chat or leave it. Repeats within the timeout only move the deadline.
//
// Each instance of a cluster keeps its own connections' typists and tells the others of them
// (TypingPeers, as notices with a time to live); what it hears from the others it keeps with
// their deadlines, so a dead instance's typists expire. Every instance tells its own sockets
// (TypingSink) the union, for each chat at most once per kWindowMs: a change within the window
// of the last update goes out at its end, as the typists are then.
//
// Nothing here knows of sockets or timers: the realtime layer calls tick() every kTickMs.
// Threading: every operation may be called from any thread; one mutex guards the state, and
// the sink and peers are called under it (they must queue and return, never call back).
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace parley::chat {

// Who hears a chat's typing: the chat's room, and for a private chat its participants' inboxes.
struct TypingAudience {
  std::string chat_id;
  bool group = false;
  std::vector<std::string> participants{};  // a private chat's; empty for a group
};

// What one instance tells the others of one of its typists.
struct TypingNotice {
  std::string origin;  // the instance
  TypingAudience chat;
  std::string user_id;
  bool typing = false;      // false: stopped on that instance
  bool everywhere = false;  // stopped on every instance (they sent a message or left the chat)
  std::int64_t ttl_ms = 0;  // with typing: how long it holds unless heard again
};
boost::json::value typing_notice_json(const TypingNotice& notice);
std::optional<TypingNotice> parse_typing_notice(std::string_view text);

// This instance's sockets: `user_ids` are the chat's typists now, in the order they started.
class TypingSink {
 public:
  virtual ~TypingSink() = default;
  virtual void typing_changed(const TypingAudience& chat, const std::vector<std::string>& user_ids) = 0;
};

// The other instances (the cluster shape only).
class TypingPeers {
 public:
  virtual ~TypingPeers() = default;
  virtual void typing_notice(const TypingNotice& notice) = 0;
};

class TypingService {
 public:
  // The most one chat's typing is sent per second is 1000 / kWindowMs.
  static constexpr std::int64_t kWindowMs = 500;
  // How often tick() should run: the delay a held-back update or an expiry may have.
  static constexpr std::int64_t kTickMs = 100;
  // Repeats of a typist are told to the other instances at most this often; their copies
  // live this much longer than the timeout.
  static constexpr std::int64_t kRefreshQuietMs = 1000;

  explicit TypingService(Core& core);

  // Set before serving.
  void set_sink(TypingSink* sink);
  void set_peers(TypingPeers* peers, std::string origin);

  // typing:start and typing:stop of one connection (unique on this instance) of the actor.
  Result<void> start(const Actor& actor, std::string_view chat_id, const std::string& connection);
  Result<void> stop(const Actor& actor, std::string_view chat_id, const std::string& connection);
  // The connection closed: it stops typing wherever it typed.
  void disconnected(const std::string& connection);
  // The user stops typing in the chat on every instance: they sent a message there, or left it.
  void stopped(const store::Chat& chat, const std::string& user_id);
  // A notice of another instance.
  void heard(const TypingNotice& notice);
  // The other instances may have missed notices: they hear of this instance's typists again.
  void republish();
  // Expires typists whose deadline passed and sends the updates whose window ended.
  void tick();

  // The chat's typists as this instance knows them (for tests and diagnostics).
  std::vector<std::string> typists(std::string_view chat_id) const;

 private:
  struct Local {
    std::map<std::string, std::int64_t> connections;  // connection -> deadline
    std::int64_t since = 0;                           // order of arrival
    std::int64_t published_at = 0;
  };
  struct Remote {
    std::int64_t deadline = 0;
    std::int64_t since = 0;
  };
  struct ChatTyping {
    TypingAudience audience;
    std::map<std::string, Local> local;                            // by user
    std::map<std::pair<std::string, std::string>, Remote> remote;  // by (origin, user)
    std::vector<std::string> sent;                                 // the last update
    std::int64_t last_sent = std::numeric_limits<std::int64_t>::min() / 2;
    bool held = false;  // a change waits for the window's end
  };

  std::vector<std::string> union_of(const ChatTyping& c) const;
  void changed(ChatTyping& c, std::int64_t now);
  void send(ChatTyping& c, std::vector<std::string> now_typing, std::int64_t now);
  void publish(const ChatTyping& c, const std::string& user, bool typing, bool everywhere, std::int64_t ttl);
  std::int64_t ttl_of(const Local& l, std::int64_t now) const;
  void forget_connection(const std::string& connection, const std::string& chat_id);
  void drop_local(ChatTyping& c, const std::string& user);
  static TypingAudience audience_of(const store::Chat& chat);

  Core& core_;
  const std::int64_t timeout_ms_;

  mutable std::mutex mutex_;
  TypingSink* sink_ = nullptr;                         // set before serving
  TypingPeers* peers_ = nullptr;                       // set before serving
  std::string origin_;                                 // set before serving
  std::int64_t next_since_ = 0;                        // guarded by mutex_
  std::unordered_map<std::string, ChatTyping> chats_;  // guarded by mutex_: by chat id
  struct ConnectionTyping {
    std::string user_id;
    std::unordered_set<std::string> chats;
  };
  std::unordered_map<std::string, ConnectionTyping> connections_;  // guarded by mutex_
};

}  // namespace parley::chat
