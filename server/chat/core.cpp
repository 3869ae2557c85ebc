#include "chat/core.hpp"

#include "chat/messages/reply_links.hpp"
#include "chat/notifications/notifier.hpp"
#include "chat/privacy/receipts_view.hpp"
#include "chat/reactions/reaction_service.hpp"
#include "chat/store_errors.hpp"

#include <algorithm>
#include <set>

namespace parley::chat {

std::vector<std::string> Core::recipients_of(const store::Chat& chat, const std::string& sender) {
  std::vector<std::string> out;
  for (const auto& p : chat.participants) {
    if (p != sender) out.push_back(p);
  }
  return out;
}

std::vector<std::string> Core::receiving_recipients(const store::Chat& chat, const std::string& sender) const {
  return presence.receiving(recipients_of(chat, sender), chat.id);
}

void Core::announce_appended(const store::Chat& chat, const store::Message& m, std::unordered_set<std::string>& told) {
  recent.appended(m);
  if (told.insert(m.chat_id).second) recent.changed(m.chat_id);
  events.message_created(chat, m);
  if (notifier != nullptr) notifier->appended(chat, m);
}

void Core::remember_appended(const std::vector<store::Message>& lines) {
  for (const auto& m : lines) recent.appended(m);
  if (!lines.empty()) recent.changed(lines.front().chat_id);
}

void Core::announce_status(const std::vector<store::StatusChange>& changes) {
  if (changes.empty()) return;
  const std::string* told = nullptr;
  for (const auto& c : changes) {
    recent.status(c);
    if (!told || *told != c.chat_id) recent.changed(*(told = &c.chat_id));
  }
  // A sender with read receipts off does not see others' either (privacy_policy.hpp).
  const bool capped = std::any_of(changes.begin(), changes.end(), [this](const store::StatusChange& c) {
    return c.status == store::Status::kRead && !privacy.gives_receipts(c.sender_id);
  });
  if (!capped) return events.status_changed(changes);
  auto shown = changes;
  for (auto& c : shown) {
    if (c.status == store::Status::kRead && !privacy.gives_receipts(c.sender_id)) {
      c.status = store::Status::kDelivered;
      c.aggregate = std::min(c.aggregate, store::Status::kDelivered);
    }
  }
  events.status_changed(shown);
}

Result<void> Core::as_seen_by(const std::string& user_id, std::string_view chat_id, std::vector<store::Message>& page) {
  if (page.empty()) return {};
  const auto [lo, hi] = std::minmax_element(
      page.begin(), page.end(), [](const store::Message& a, const store::Message& b) { return a.seq < b.seq; });
  auto hidden = store.hidden_between(chat_id, user_id, lo->seq, hi->seq);
  if (!hidden) return store_failure(hidden.error(), "Chat");
  if (!hidden->empty()) {
    const std::set<std::string> ids(hidden->begin(), hidden->end());
    for (auto& m : page) m.hidden = ids.contains(m.id);
  }
  if (auto r = receipts_as_seen_by(*this, user_id, chat_id, page); !r) return r;
  if (auto r = attach_replies(*this, page); !r) return r;
  return attach_my_reactions(*this, user_id, page);
}

void Core::announce_updated(const store::Message& m) {
  recent.updated(m);
  recent.changed(m.chat_id);
}

}  // namespace parley::chat
