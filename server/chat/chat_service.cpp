#include "chat/chat_service.hpp"

#include "chat/store_errors.hpp"
#include "store/outbox_events.hpp"
#include "util/ids.hpp"
#include "util/metrics.hpp"
#include "util/utf8.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace parley::chat {

namespace {

bool is_participant(const store::Chat& chat, const std::string& user) {
  return std::find(chat.participants.begin(), chat.participants.end(), user) != chat.participants.end();
}

std::vector<std::string> recipients_of(const store::Chat& chat, const std::string& sender) {
  std::vector<std::string> out;
  for (const auto& p : chat.participants) {
    if (p != sender) out.push_back(p);
  }
  return out;
}

}  // namespace

ChatService::ChatService(store::Store& store, bus::Presence& presence, bus::RateLimiter& limiter, Events& events,
                         ChatOptions options)
    : store_(store),
      presence_(presence),
      limiter_(limiter),
      events_(events),
      options_(options),
      cache_(options.cache_per_chat, options.cache_chats) {
  // The presence backend announces every transition, in this process too, in the one order
  // all processes see (announcing only posts to the I/O threads).
  presence_.watch([&events = events_](std::string_view user, bool online, std::int64_t at) {
    events.presence_changed(user, online, at);
  });
}

ChatService::~ChatService() { presence_.watch(nullptr); }

void ChatService::tell_peers(const std::string& chat_id) {
  if (peers_) peers_->changed(chat_id);
}

Result<store::User> ChatService::me(const std::string& actor) {
  auto u = store_.user_by_id(actor);
  if (!u) return store_failure(u.error(), "User");
  return std::move(*u);
}

Result<std::vector<UserView>> ChatService::list_users(const std::string& actor) {
  auto users = store_.list_users();
  if (!users) return store_failure(users.error(), "Users");
  std::unordered_set<std::string> contacts;
  if (options_.directory_emails == EmailVisibility::kContacts) {
    auto chats = store_.chats_of(actor);
    if (!chats) return store_failure(chats.error(), "Chats");
    for (const auto& chat : *chats) contacts.insert(chat.participants.begin(), chat.participants.end());
  }
  const auto now = util::now_ms();
  std::vector<UserView> out;
  out.reserve(users->size());
  for (auto& u : *users) {
    const bool shares_chat = contacts.contains(u.id);
    out.push_back(view_of(std::move(u), actor, shares_chat, now));
  }
  return out;
}

UserView ChatService::view_of(store::User u, const std::string& actor, bool shares_chat, std::int64_t now) {
  // An empty string rather than no field: the contract's User has a string email, and the
  // prototype's clients read it without checking that it is there.
  if (options_.directory_emails == EmailVisibility::kContacts && u.id != actor && !shares_chat) u.email.clear();
  u.password_hash.clear();
  const bool online = presence_.state(u.id, now) != bus::PresenceState::kOffline;
  if (auto recent = presence_.last_seen(u.id); recent && (!u.last_seen || *recent > *u.last_seen)) {
    u.last_seen = recent;
  }
  return UserView{std::move(u), online};
}

std::vector<std::string> ChatService::online_users() { return presence_.online_users(); }

Result<PresenceView> ChatService::presence_of(const std::string& user_id) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a UUID");
  auto u = store_.user_by_id(user_id);
  if (!u) return store_failure(u.error(), "User");
  auto last_seen = u->last_seen;
  if (auto recent = presence_.last_seen(user_id); recent && (!last_seen || *recent > *last_seen)) last_seen = recent;
  return PresenceView{user_id, presence_.state(user_id, util::now_ms()), last_seen};
}

Result<store::Chat> ChatService::open_private_chat(const std::string& actor, std::string_view other) {
  if (!util::is_uuid(other)) return fail(Errc::kInvalidInput, "userId must be a UUID");
  if (other == actor) return fail(Errc::kInvalidInput, "A private chat needs another user");
  auto peer = store_.user_by_id(other);
  if (!peer) return store_failure(peer.error(), "User");
  auto chat = store_.find_or_create_private_chat(util::uuid_v7(), actor, other, util::now_ms());
  if (!chat) return store_failure(chat.error(), "Chat");
  return std::move(*chat);
}

Result<std::vector<store::Chat>> ChatService::list_chats(const std::string& actor) {
  auto chats = store_.chats_of(actor);
  if (!chats) return store_failure(chats.error(), "Chats");
  return std::move(*chats);
}

Result<store::Chat> ChatService::participant_chat(const std::string& actor, std::string_view chat_id) {
  if (!util::is_uuid(chat_id)) return fail(Errc::kInvalidInput, "chatId must be a UUID");
  auto chat = store_.chat_by_id(chat_id);
  if (!chat) return store_failure(chat.error(), "Chat");
  if (!is_participant(*chat, actor)) return fail(Errc::kForbidden, "You are not a participant of this chat");
  return std::move(*chat);
}

Result<store::Message> ChatService::participant_message(const std::string& actor, std::string_view message_id,
                                                        store::Chat* chat_out) {
  if (!util::is_uuid(message_id)) return fail(Errc::kInvalidInput, "messageId must be a UUID");
  auto m = store_.message_by_id(message_id);
  if (!m) return store_failure(m.error(), "Message");
  auto chat = participant_chat(actor, m->chat_id);
  if (!chat) return util::fail(chat.error());
  if (chat_out) *chat_out = std::move(*chat);
  return std::move(*m);
}

Result<store::Chat> ChatService::get_chat(const std::string& actor, std::string_view chat_id) {
  return participant_chat(actor, chat_id);
}

Result<std::vector<store::Message>> ChatService::history(const std::string& actor, std::string_view chat_id,
                                                         store::HistoryQuery query) {
  const auto ticket = cache_.ticket();  // before any read that may fill the cache
  auto chat = participant_chat(actor, chat_id);
  if (!chat) return util::fail(chat.error());
  if (query.limit == 0) query.limit = options_.default_history;
  query.limit = std::min(query.limit, options_.max_history);
  if (query.before_id && !util::is_uuid(*query.before_id)) return fail(Errc::kInvalidInput, "before must be a UUID");
  if (query.after_seq && *query.after_seq < 0) return fail(Errc::kInvalidInput, "after_seq must be >= 0");
  const std::string id(chat_id);
  if (query.after_seq) {
    if (auto cached = cache_.after(id, *query.after_seq, query.limit)) {
      util::Metrics::global().history_from_cache.add();
      return std::move(*cached);
    }
  } else if (!query.before_id) {
    if (auto cached = cache_.newest(id, query.limit)) {
      util::Metrics::global().history_from_cache.add();
      return std::move(*cached);
    }
  }
  util::Metrics::global().history_from_store.add();
  auto messages = store_.history(chat_id, query);
  if (!messages) return store_failure(messages.error(), "Message");
  if (!query.after_seq && !query.before_id) {
    // Warm the cache with a full window when this read was smaller than one.
    if (query.limit >= cache_.per_chat() || messages->size() < query.limit) {
      cache_.fill(id, *messages, chat->last_seq, ticket);
    } else {
      store::HistoryQuery window;
      window.limit = cache_.per_chat();
      if (auto full = store_.history(chat_id, window)) cache_.fill(id, *full, chat->last_seq, ticket);
    }
  }
  return std::move(*messages);
}

Result<std::vector<store::Appended>> ChatService::append(const store::Chat& chat,
                                                         std::vector<store::NewMessage> batch) {
  if (batch.empty()) return std::vector<store::Appended>{};
  const auto receiving = receiving_recipients(chat, batch.front().sender_id);
  for (auto& m : batch) m.delivered_to = receiving;
  auto results = store_.append_messages(batch);
  std::vector<store::Appended> out;
  std::vector<store::StatusChange> delivered;
  for (auto& r : results) {
    if (!r) return store_failure(r.error(), "Message");
    out.push_back(std::move(*r));
  }
  bool told = false;
  for (auto& a : out) {
    if (a.duplicate) continue;
    cache_.appended(a.message);
    if (!std::exchange(told, true)) tell_peers(chat.id);
    events_.message_created(chat, a.message);
    delivered.insert(delivered.end(), a.delivered.begin(), a.delivered.end());
  }
  // Stored with the message (peers were told of the chat already): only the events.
  if (!delivered.empty()) events_.status_changed(delivered);
  return out;
}

// A recipient with a device that receives the chat is sent the message by the fan-out as it
// is committed: the append stores it DELIVERED for them. Others' devices, online or not, get it
// when one of them joins the chat (deliver_chat).
std::vector<std::string> ChatService::receiving_recipients(const store::Chat& chat, const std::string& sender) {
  return presence_.receiving(recipients_of(chat, sender), chat.id);
}

void ChatService::announce_status(const std::vector<store::StatusChange>& changes) {
  if (changes.empty()) return;
  const std::string* told = nullptr;
  for (const auto& c : changes) {
    cache_.status(c);
    if (!told || *told != c.chat_id) tell_peers(*(told = &c.chat_id));
  }
  events_.status_changed(changes);
}

std::optional<Error> ChatService::check_send(const SendRequest& r) const {
  if (!util::is_valid_utf8(r.content)) return Error{Errc::kInvalidInput, "content must be valid UTF-8"};
  const auto chars = util::utf8_length(r.content);
  if (chars == 0 || r.content.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error{Errc::kInvalidInput, "content must not be empty"};
  }
  if (chars > options_.max_message_chars) {
    return Error{Errc::kPayloadTooLarge,
                 "content is longer than " + std::to_string(options_.max_message_chars) + " characters"};
  }
  if (r.client_message_id &&
      (r.client_message_id->empty() || r.client_message_id->size() > options_.max_client_message_id ||
       !util::is_valid_utf8(*r.client_message_id))) {
    return Error{Errc::kInvalidInput,
                 "clientMessageId must be 1 to " + std::to_string(options_.max_client_message_id) + " bytes"};
  }
  return std::nullopt;
}

Result<store::Appended> ChatService::send_message(const std::string& actor, std::string_view chat_id,
                                                  std::string_view content,
                                                  std::optional<std::string> client_message_id) {
  auto results =
      send_messages(actor, {SendRequest{std::string(chat_id), std::string(content), std::move(client_message_id)}});
  return std::move(results.front());
}

std::vector<Result<store::Appended>> ChatService::send_messages(const std::string& actor,
                                                                const std::vector<SendRequest>& requests) {
  std::vector<std::optional<Result<store::Appended>>> out(requests.size());
  std::unordered_map<std::string, Result<store::Chat>> chats;  // as requested; looked up once per batch
  std::unordered_map<std::string, const store::Chat*> by_id;   // stored id -> chat (nodes are stable)
  std::vector<store::NewMessage> batch;
  std::vector<std::size_t> index_of;                                       // batch position -> request position
  std::unordered_map<std::string, std::vector<std::string>> receiving_of;  // chat id -> receiving recipients
  const auto now = util::now_ms();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    if (auto err = check_send(r)) {
      out[i] = util::fail(std::move(*err));
      continue;
    }
    auto it = chats.find(r.chat_id);
    if (it == chats.end()) it = chats.emplace(r.chat_id, participant_chat(actor, r.chat_id)).first;
    if (!it->second) {
      out[i] = util::fail(it->second.error());
      continue;
    }
    const store::Chat& chat = *it->second;
    by_id.emplace(chat.id, &chat);
    auto receiving = receiving_of.find(chat.id);
    if (receiving == receiving_of.end())
      receiving = receiving_of.emplace(chat.id, receiving_recipients(chat, actor)).first;
    store::NewMessage m;
    m.id = util::uuid_v7();
    m.chat_id = chat.id;
    m.sender_id = actor;
    m.content = r.content;
    m.created_at = now;
    m.client_message_id = r.client_message_id;
    m.recipients = recipients_of(chat, actor);
    m.delivered_to = receiving->second;
    batch.push_back(std::move(m));
    index_of.push_back(i);
  }
  // One bucket for the whole batch: the first ones fit, the rest are refused.
  const auto allowed = batch.empty() ? 0
                                     : limiter_.take("msg:" + actor, options_.messages_per_second,
                                                     options_.messages_burst, now, batch.size());
  for (std::size_t k = allowed; k < batch.size(); ++k) {
    out[index_of[k]] = fail(Errc::kRateLimited, "Too many messages; slow down");
  }
  batch.resize(allowed);
  index_of.resize(allowed);
  if (!batch.empty()) {
    touch(actor);
    auto results = store_.append_messages(batch);
    std::unordered_set<std::string> told;  // chats whose peers were told
    std::vector<store::StatusChange> delivered;
    for (std::size_t k = 0; k < results.size(); ++k) {
      auto& r = results[k];
      const std::size_t i = index_of[k];
      if (!r) {
        out[i] = store_failure(r.error(), "Message");
        continue;
      }
      if (!r->duplicate) {
        cache_.appended(r->message);
        if (told.insert(r->message.chat_id).second) tell_peers(r->message.chat_id);
        events_.message_created(*by_id.at(r->message.chat_id), r->message);
        delivered.insert(delivered.end(), r->delivered.begin(), r->delivered.end());
      }
      out[i] = std::move(*r);
    }
    // Stored with the messages (peers were told of the chats already): only the events.
    if (!delivered.empty()) events_.status_changed(delivered);
  }
  std::vector<Result<store::Appended>> results;
  results.reserve(out.size());
  for (auto& o : out) results.push_back(std::move(*o));
  return results;
}

Result<std::vector<store::StatusChange>> ChatService::mark_read(const std::string& actor, std::string_view message_id) {
  auto m = participant_message(actor, message_id);
  if (!m) return util::fail(m.error());
  touch(actor);
  if (m->sender_id == actor) return std::vector<store::StatusChange>{};  // one's own message
  auto changes = store_.raise_status(actor, {m->id}, store::Status::kRead, util::now_ms());
  if (!changes) return store_failure(changes.error(), "Message");
  announce_status(*changes);
  return std::move(*changes);
}

Result<std::vector<store::StatusChange>> ChatService::read_up_to(const std::string& actor, std::string_view chat_id,
                                                                 std::int64_t seq) {
  if (seq < 0) return fail(Errc::kInvalidInput, "seq must be >= 0");
  auto chat = participant_chat(actor, chat_id);
  if (!chat) return util::fail(chat.error());
  touch(actor);
  auto changes = store_.raise_status_up_to(actor, chat->id, seq, store::Status::kRead, util::now_ms());
  if (!changes) return store_failure(changes.error(), "Chat");
  announce_status(*changes);
  return std::move(*changes);
}

Result<std::vector<store::StatusChange>> ChatService::deliver_chat(const std::string& actor, std::string_view chat_id,
                                                                   bool receive) {
  auto chat = participant_chat(actor, chat_id);
  if (!chat) return util::fail(chat.error());
  if (receive) presence_.receive(actor, chat->id);
  auto changes = store_.raise_status_up_to(actor, chat->id, chat->last_seq, store::Status::kDelivered, util::now_ms());
  if (!changes) {
    if (receive) presence_.stop_receiving(actor, chat->id);  // the caller does not join the room
    return store_failure(changes.error(), "Chat");
  }
  announce_status(*changes);
  return std::move(*changes);
}

Result<store::Message> ChatService::pin(const std::string& actor, std::string_view message_id) {
  auto m = participant_message(actor, message_id);
  if (!m) return util::fail(m.error());
  auto pinned = store_.pin(m->id, actor, util::now_ms(), options_.max_pins);
  if (!pinned) return store_failure(pinned.error(), "Message");
  cache_.update(*pinned);
  tell_peers(pinned->chat_id);
  events_.message_pinned(*pinned, true);
  return std::move(*pinned);
}

Result<store::Message> ChatService::unpin(const std::string& actor, std::string_view message_id) {
  auto m = participant_message(actor, message_id);
  if (!m) return util::fail(m.error());
  auto unpinned = store_.unpin(m->id);
  if (!unpinned) return store_failure(unpinned.error(), "Message");
  cache_.update(*unpinned);
  tell_peers(unpinned->chat_id);
  events_.message_pinned(*unpinned, false);
  return std::move(*unpinned);
}

Result<std::vector<store::Message>> ChatService::pinned(const std::string& actor, std::string_view chat_id) {
  auto chat = participant_chat(actor, chat_id);
  if (!chat) return util::fail(chat.error());
  auto messages = store_.pinned(chat->id);
  if (!messages) return store_failure(messages.error(), "Chat");
  return std::move(*messages);
}

Result<Forwarded> ChatService::forward(const std::string& actor, const std::vector<std::string>& message_ids,
                                       std::string_view to_chat_id, std::optional<std::string> comment) {
  if (message_ids.empty()) return fail(Errc::kInvalidInput, "messageIds must not be empty");
  if (message_ids.size() > options_.max_forward) {
    return fail(Errc::kInvalidInput, "At most " + std::to_string(options_.max_forward) + " messages per forward");
  }
  if (comment) {
    if (!util::is_valid_utf8(*comment)) return fail(Errc::kInvalidInput, "additionalContent must be valid UTF-8");
    if (util::utf8_length(*comment) > options_.max_message_chars) {
      return fail(Errc::kPayloadTooLarge, "additionalContent is too long");
    }
    if (comment->find_first_not_of(" \t\r\n") == std::string::npos) comment.reset();
  }
  auto target = participant_chat(actor, to_chat_id);
  if (!target) return util::fail(target.error());
  std::vector<store::Message> sources;
  std::unordered_set<std::string> seen;
  for (const auto& id : message_ids) {
    if (!seen.insert(id).second) continue;
    auto m = participant_message(actor, id);
    if (!m) return util::fail(m.error());
    sources.push_back(std::move(*m));
  }
  if (!limiter_.allow("msg:" + actor, options_.messages_per_second, options_.messages_burst, util::now_ms())) {
    return fail(Errc::kRateLimited, "Too many messages; slow down");
  }
  touch(actor);
  std::vector<store::NewMessage> batch;
  const auto now = util::now_ms();
  const auto recipients = recipients_of(*target, actor);
  for (const auto& src : sources) {
    store::NewMessage m;
    m.id = util::uuid_v7();
    m.chat_id = target->id;
    m.sender_id = actor;
    m.content = src.content;
    m.created_at = now;
    // Forwarding a forward keeps the first author and the first message.
    m.forwarded_from_id = src.forwarded_from_id.value_or(src.id);
    m.original_sender_id = src.original_sender_id.value_or(src.sender_id);
    m.recipients = recipients;
    batch.push_back(std::move(m));
  }
  if (comment) {
    store::NewMessage c;
    c.id = util::uuid_v7();
    c.chat_id = target->id;
    c.sender_id = actor;
    c.content = std::move(*comment);
    c.created_at = now;
    c.recipients = recipients;
    batch.push_back(std::move(c));
  }
  const bool has_comment = batch.size() > sources.size();
  auto appended = append(*target, std::move(batch));
  if (!appended) return util::fail(appended.error());
  Forwarded out;
  for (auto& a : *appended) out.messages.push_back(std::move(a.message));
  if (has_comment) {
    out.comment = std::move(out.messages.back());
    out.messages.pop_back();
  }
  return out;
}

// The presence backend announces transitions (see the constructor); the outbox event is
// recorded by the process that made the transition. Consumers order them by `at`
// (docs/events.md).
void ChatService::device_connected(const std::string& user_id) {
  const auto now = util::now_ms();
  if (presence_.connect(user_id, now)) {
    (void)store_.record_event(store::outbox::presence_changed(user_id, true, std::nullopt, now));
  }
}

void ChatService::device_disconnected(const std::string& user_id) {
  const auto now = util::now_ms();
  if (!presence_.disconnect(user_id, now)) return;
  (void)store_.set_last_seen(user_id, now);
  (void)store_.record_event(store::outbox::presence_changed(user_id, false, now, now));
}

void ChatService::touch(const std::string& user_id) { presence_.touch(user_id, util::now_ms()); }

void ChatService::receive_all_chats(const std::string& user_id) {
  presence_.receive(user_id, bus::Presence::kAllChats);
}

void ChatService::stop_receiving(const std::string& user_id, std::string_view scope) {
  presence_.stop_receiving(user_id, scope);
}

}  // namespace parley::chat
