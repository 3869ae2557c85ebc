// The chat domain: users and presence, private chats, messages with per-chat seq and
// idempotent sends, delivery status per recipient, pins and forwards. Every operation takes
// the acting user and plain values, checks that the user may do it, validates its input, and
// returns a result or a typed error. Committed changes are announced through Events.
//
// Threading: every method may be called from any thread; they block on the store, so the
// adapters call them from worker threads.
#pragma once

#include "bus/presence.hpp"
#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/recent_cache.hpp"
#include "store/store.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// Whose emails a user sees in the user lists (directory_emails in the configuration).
enum class EmailVisibility {
  kAll,       // everyone's (the prototype's behaviour)
  kContacts,  // their own and those of the users they share a chat with; others' are ""
};

struct ChatOptions {
  std::size_t max_message_chars = 10000;
  std::size_t max_client_message_id = 128;
  std::size_t max_pins = 50;
  std::size_t max_forward = 100;
  std::size_t default_history = 50;
  std::size_t max_history = 200;
  double messages_per_second = 20;  // per user
  double messages_burst = 60;
  std::size_t cache_per_chat = 100;
  std::size_t cache_chats = 10000;  // 0: no cache
  EmailVisibility directory_emails = EmailVisibility::kAll;
  std::size_t default_directory = 50;
  std::size_t max_directory = store::kMaxDirectoryLimit;
  std::size_t max_directory_search_chars = 100;
};

struct UserView {
  store::User user;
  bool online = false;
};

// One page of the user directory (chat_directory.cpp).
struct DirectoryRequest {
  std::string search;                 // substring of name or email, any case; empty: everyone
  std::optional<std::int64_t> limit;  // 1.., at most max_directory are returned
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct DirectoryPage {
  std::vector<UserView> users;
  std::optional<std::string> next_cursor;  // opaque; none on the last page
};

struct PresenceView {
  std::string user_id;
  bus::PresenceState state = bus::PresenceState::kOffline;
  std::optional<std::int64_t> last_seen;
};

struct SendRequest {
  std::string chat_id;
  std::string content;
  std::optional<std::string> client_message_id;
};

struct Forwarded {
  std::vector<store::Message> messages;
  std::optional<store::Message> comment;
};

class ChatService {
 public:
  ChatService(store::Store& store, bus::Presence& presence, bus::RateLimiter& limiter, Events& events,
              ChatOptions options);
  ~ChatService();  // stops the presence announcements to `events`
  ChatService(const ChatService&) = delete;
  ChatService& operator=(const ChatService&) = delete;

  // The cluster shape, where other processes serve the same chats: this one tells `peers`
  // (set before serving) which chats it changed, before announcing each change, and forgets
  // the chats they changed. While their notices may be missed, nothing is cached.
  void set_cache_peers(CachePeers* peers) { peers_ = peers; }
  void forget_cached(const std::string& chat_id) { cache_.forget(chat_id); }
  void hearing_cache_peers(bool hearing) { cache_.set_enabled(hearing); }

  Result<store::User> me(const std::string& actor);
  // Every user (the compatibility contract's unpaged list), emails hidden as configured.
  Result<std::vector<UserView>> list_users(const std::string& actor);
  // The directory a page at a time, by name (chat_directory.cpp).
  Result<DirectoryPage> directory(const std::string& actor, const DirectoryRequest& request);
  std::vector<std::string> online_users();
  Result<PresenceView> presence_of(const std::string& user_id);

  Result<store::Chat> open_private_chat(const std::string& actor, std::string_view other_user_id);
  Result<std::vector<store::Chat>> list_chats(const std::string& actor);
  Result<store::Chat> get_chat(const std::string& actor, std::string_view chat_id);
  Result<std::vector<store::Message>> history(const std::string& actor, std::string_view chat_id,
                                              store::HistoryQuery query);

  Result<store::Appended> send_message(const std::string& actor, std::string_view chat_id, std::string_view content,
                                       std::optional<std::string> client_message_id);
  // Several sends of one user, in order, stored in one append (one commit). One result each.
  std::vector<Result<store::Appended>> send_messages(const std::string& actor,
                                                     const std::vector<SendRequest>& requests);
  Result<std::vector<store::StatusChange>> mark_read(const std::string& actor, std::string_view message_id);
  Result<std::vector<store::StatusChange>> read_up_to(const std::string& actor, std::string_view chat_id,
                                                      std::int64_t seq);
  // Marks every message to `actor` in the chat that is still SENT as DELIVERED. With `receive`,
  // a device of `actor` starts receiving the chat's new messages first (it joins the chat's
  // room next; stop_receiving() when it leaves).
  Result<std::vector<store::StatusChange>> deliver_chat(const std::string& actor, std::string_view chat_id,
                                                        bool receive = false);

  Result<store::Message> pin(const std::string& actor, std::string_view message_id);
  Result<store::Message> unpin(const std::string& actor, std::string_view message_id);
  Result<std::vector<store::Message>> pinned(const std::string& actor, std::string_view chat_id);

  Result<Forwarded> forward(const std::string& actor, const std::vector<std::string>& message_ids,
                            std::string_view to_chat_id, std::optional<std::string> comment);

  // A device of `user_id` connected / disconnected / did something.
  void device_connected(const std::string& user_id);
  void device_disconnected(const std::string& user_id);
  void touch(const std::string& user_id);
  // A device of `user_id` receives every chat of theirs from now on (it declared "inbox"), or
  // stops receiving `scope` (a chat id, or bus::Presence::kAllChats). A recipient with a
  // receiving device gets each new message stored DELIVERED.
  void receive_all_chats(const std::string& user_id);
  void stop_receiving(const std::string& user_id, std::string_view scope);

  const ChatOptions& options() const { return options_; }

 private:
  Result<store::Chat> participant_chat(const std::string& actor, std::string_view chat_id);
  // `user` with their presence, and their email blanked unless `actor` may see it.
  UserView view_of(store::User user, const std::string& actor, bool shares_chat, std::int64_t now);
  std::optional<Error> check_send(const SendRequest& request) const;
  Result<store::Message> participant_message(const std::string& actor, std::string_view message_id,
                                             store::Chat* chat_out = nullptr);
  Result<std::vector<store::Appended>> append(const store::Chat& chat, std::vector<store::NewMessage> batch);
  std::vector<std::string> receiving_recipients(const store::Chat& chat, const std::string& sender);
  void announce_status(const std::vector<store::StatusChange>& changes);
  void tell_peers(const std::string& chat_id);

  store::Store& store_;
  bus::Presence& presence_;
  bus::RateLimiter& limiter_;
  Events& events_;
  ChatOptions options_;
  RecentCache cache_;
  CachePeers* peers_ = nullptr;
};

}  // namespace parley::chat
