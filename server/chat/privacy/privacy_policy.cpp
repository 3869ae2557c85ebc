#include "chat/privacy/privacy_policy.hpp"

#include "chat/store_errors.hpp"
#include "store/moderation.hpp"

#include <atomic>
#include <cstdint>

namespace parley::chat {
namespace {

// Raised by every change of a policy's settings (under its lock): a snapshot read from the store
// while one happened may miss it, and is read again. (One for all policies: a change of another
// only costs a read again.)
std::atomic<std::uint64_t> g_changes{0};

void set_privacy(PrivacyPolicy::Entry& e, const store::Privacy& p) {
  e.privacy = p;
  e.always = {p.always.begin(), p.always.end()};
  e.never = {p.never.begin(), p.never.end()};
}

bool is_plain(const PrivacyPolicy::Entry& e) { return e.privacy.is_default() && e.blocked.empty(); }

void summarize(PrivacyPolicy::Snapshot& s) {
  s.any_contacts = s.any_hidden = false;
  for (const auto& [id, e] : s.users) {
    if (e.privacy.last_seen == store::Audience::kContacts) s.any_contacts = true;
    if (e.privacy.last_seen != store::Audience::kEverybody || !e.never.empty() || !e.blocked.empty()) {
      s.any_hidden = true;
    }
  }
}

}  // namespace

const PrivacyPolicy::Entry* PrivacyPolicy::Snapshot::find(const std::string& user_id) const {
  auto it = users.find(user_id);
  return it == users.end() ? nullptr : &it->second;
}

bool PrivacyPolicy::Snapshot::blocked(const std::string& user_id, const std::string& other) const {
  const Entry* e = find(user_id);
  return e && e->blocked.contains(other);
}

bool PrivacyPolicy::Lens::shares(const std::string& from, const std::string& to, const Entry* entry) const {
  if (!entry) return true;
  if (entry->never.contains(to) || entry->blocked.contains(to)) return false;
  if (entry->always.contains(to)) return true;
  switch (entry->privacy.last_seen) {
    case store::Audience::kEverybody:
      return true;
    case store::Audience::kContacts:
      return contacts_.contains(from == self_ ? to : from);
    case store::Audience::kNobody:
      break;
  }
  return false;
}

bool PrivacyPolicy::Lens::mutual(const std::string& other) const {
  if (other == self_) return true;
  const Entry* theirs = snapshot_->find(other);
  if (!self_entry_ && !theirs) return true;
  return shares(self_, other, self_entry_) && shares(other, self_, theirs);
}

Result<std::shared_ptr<const PrivacyPolicy::Snapshot>> PrivacyPolicy::snapshot() {
  for (;;) {
    std::uint64_t changes = 0;
    {
      std::lock_guard lock(mutex_);
      if (snapshot_) return snapshot_;
      changes = g_changes.load();
    }
    auto rows = settings_.privacy_not_default();
    if (!rows) return store_failure(rows.error(), "Privacy settings");
    auto blocks = blocks_.all_blocks();
    if (!blocks) return store_failure(blocks.error(), "Blocks");
    auto s = std::make_shared<Snapshot>();
    for (const auto& row : *rows) set_privacy(s->users[row.user_id], row.privacy);
    for (const auto& b : *blocks) s->users[b.user_id].blocked.insert(b.blocked_id);
    summarize(*s);
    std::lock_guard lock(mutex_);
    if (snapshot_) return snapshot_;
    // A change committed while the rows were read (set() keeps it only in a snapshot there is):
    // read them again rather than keep what may be from before it.
    if (g_changes.load() != changes) continue;
    snapshot_ = std::move(s);
    return snapshot_;
  }
}

std::shared_ptr<const PrivacyPolicy::Snapshot> PrivacyPolicy::cached() {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

Result<store::Privacy> PrivacyPolicy::of(const std::string& user_id) {
  auto s = snapshot();
  if (!s) return util::fail(s.error());
  const Entry* e = (*s)->find(user_id);
  return e ? e->privacy : store::Privacy{};
}

bool PrivacyPolicy::gives_receipts(const std::string& user_id) {
  auto p = of(user_id);
  return p && p->read_receipts;
}

bool PrivacyPolicy::shares_typing(const std::string& user_id) {
  auto p = of(user_id);
  return p && p->typing;
}

Result<PrivacyPolicy::Lens> PrivacyPolicy::lens(const std::string& user_id) {
  auto s = snapshot();
  if (!s) return util::fail(s.error());
  Lens lens;
  lens.snapshot_ = std::move(*s);
  lens.self_ = user_id;
  lens.self_entry_ = lens.snapshot_->find(user_id);
  if (lens.snapshot_->any_contacts && lens.snapshot_->any_hidden) {
    auto contacts = users_.contacts_of(user_id);
    if (!contacts) return store_failure(contacts.error(), "Contacts");
    for (auto& u : *contacts) lens.contacts_.insert(std::move(u.id));
  }
  return lens;
}

Result<std::pair<bool, bool>> PrivacyPolicy::blocks_between(const std::string& a, const std::string& b) {
  auto s = snapshot();
  if (!s) return util::fail(s.error());
  std::pair<bool, bool> known{(*s)->blocked(a, b), (*s)->blocked(b, a)};
  if (known.first || known.second || !read_through_.load()) return known;
  auto stored = blocks_.blocks_between(a, b);
  if (!stored) return store_failure(stored.error(), "Blocks");
  return *stored;
}

Result<store::Privacy> PrivacyPolicy::set(const std::string& user_id, const store::Privacy& privacy) {
  auto stored = settings_.set_privacy(user_id, privacy);
  if (!stored) return store_failure(stored.error(), "User");
  keep(user_id, &*stored, nullptr);
  return std::move(*stored);
}

Result<bool> PrivacyPolicy::set_block(const std::string& user_id, const std::string& other, bool blocked,
                                      store::TimeMs at) {
  auto changed = blocks_.set_block(user_id, other, blocked, at);
  if (!changed) {
    if (changed.error() == store::Errc::kInvalid) {
      return fail(Errc::kInvalidInput,
                  "One cannot block oneself, nor more than " + std::to_string(store::kMaxBlocks) + " people");
    }
    return store_failure(changed.error(), "User");
  }
  // From the store: a block made on another instance a moment ago is kept as well.
  auto now = blocks_.blocks_of(user_id);
  if (!now) {
    forget_all();
    return *changed;
  }
  std::vector<std::string> ids;
  ids.reserve(now->size());
  for (auto& b : *now) ids.push_back(std::move(b.blocked_id));
  keep(user_id, nullptr, &ids);
  return *changed;
}

void PrivacyPolicy::keep(const std::string& user_id, const store::Privacy* privacy,
                         const std::vector<std::string>* blocked) {
  std::lock_guard lock(mutex_);
  ++g_changes;
  if (!snapshot_) return;  // read whole on next use
  auto next = std::make_shared<Snapshot>(*snapshot_);
  auto& entry = next->users[user_id];
  if (privacy) set_privacy(entry, *privacy);
  if (blocked) entry.blocked = {blocked->begin(), blocked->end()};
  if (is_plain(entry)) next->users.erase(user_id);
  summarize(*next);
  snapshot_ = std::move(next);
}

void PrivacyPolicy::forget(const std::string& user_id) {
  auto p = settings_.privacy(user_id);
  auto b = blocks_.blocks_of(user_id);
  if (!p || !b) {
    forget_all();
    return;
  }
  std::vector<std::string> ids;
  ids.reserve(b->size());
  for (auto& block : *b) ids.push_back(std::move(block.blocked_id));
  keep(user_id, &*p, &ids);
}

void PrivacyPolicy::forget_all() {
  std::lock_guard lock(mutex_);
  ++g_changes;
  snapshot_.reset();
}

}  // namespace parley::chat
