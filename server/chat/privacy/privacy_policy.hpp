// Who may see what of whom (store/privacy.hpp holds the settings): every user's settings that
// are not the defaults, kept in memory (read once from the store, then kept by set() and, in a
// cluster, by forget() on the other instances' notices), and the rules read from them.
//
// Last seen and online are shared both ways or not at all: a viewer sees a user's presence
// when the user shares it with the viewer and the viewer shares theirs with the user (who
// hides their last seen from someone does not see theirs either). Sharing follows the
// exceptions first (never, then always), then the audience: everybody, the people they chat
// with (a private chat together: contacts), nobody. A block (store/moderation.hpp), either way,
// hides it too; blocked() tells the rules of chats and groups who blocked whom.
//
// Threading: safe from any thread; a snapshot is immutable.
#pragma once

#include "chat/errors.hpp"
#include "store/store.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace parley::chat {

// A user's settings with the people of their exceptions (name and email, for their settings page).
struct PrivacyView {
  store::Privacy settings;
  std::vector<store::User> always, never;
};

class PrivacyPolicy {
 public:
  struct Entry {
    store::Privacy privacy;
    std::unordered_set<std::string> always, never;
    std::unordered_set<std::string> blocked;  // whom the user blocked
  };
  // Every user whose settings are not the defaults, as the policy last knew them.
  struct Snapshot {
    std::unordered_map<std::string, Entry> users;
    bool any_contacts = false;  // someone shares with their contacts only (the rules need contacts)
    bool any_hidden = false;    // someone hides their last seen from someone: mutual() is not always true
    const Entry* find(const std::string& user_id) const;
    // Whether `user_id` blocked `other`.
    bool blocked(const std::string& user_id, const std::string& other) const;
  };

  // What one user (`self`) and others may see of each other: built by lens(), with the user's
  // contacts read when a rule needs them.
  class Lens {
   public:
    // Whether `self` and `other` see each other's last seen and online status.
    bool mutual(const std::string& other) const;
    const std::string& self() const { return self_; }

   private:
    friend class PrivacyPolicy;
    bool shares(const std::string& from, const std::string& to, const Entry* entry) const;
    std::shared_ptr<const Snapshot> snapshot_;
    std::string self_;
    const Entry* self_entry_ = nullptr;
    std::unordered_set<std::string> contacts_;
  };

  PrivacyPolicy(store::PrivacyStore& settings, store::UserStore& users, store::ModerationStore& blocks)
      : settings_(settings), users_(users), blocks_(blocks) {}

  // The settings as known (unavailable when they cannot be read: the caller shows nothing).
  Result<std::shared_ptr<const Snapshot>> snapshot();
  // The same without reading the store: null until snapshot() has read them.
  std::shared_ptr<const Snapshot> cached();
  // One user's settings (the defaults unless changed).
  Result<store::Privacy> of(const std::string& user_id);
  // Read receipts and typing of one user; on a store failure, off (nothing given away).
  bool gives_receipts(const std::string& user_id);
  bool shares_typing(const std::string& user_id);
  Result<Lens> lens(const std::string& user_id);
  // Whether `a` blocked `b`, and whether `b` blocked `a` (unavailable when that cannot be read).
  // With read_through, a block the snapshot does not know of is looked for in the store too:
  // another instance of a cluster may have stored it a moment ago, unheard here yet.
  Result<std::pair<bool, bool>> blocks_between(const std::string& a, const std::string& b);
  void read_through(bool through) { read_through_.store(through); }

  // Stores `user_id`'s new settings and keeps them.
  Result<store::Privacy> set(const std::string& user_id, const store::Privacy& privacy);
  // `user_id` blocks or unblocks `other` (store::ModerationStore::set_block) and keeps it.
  Result<bool> set_block(const std::string& user_id, const std::string& other, bool blocked, store::TimeMs at);
  // Another instance changed `user_id`'s settings or blocks: read them again.
  void forget(const std::string& user_id);
  // Notices may have been missed (a cluster link broke): read everything again on next use.
  void forget_all();

 private:
  // Replaces what is given of the user's entry, keeps the rest.
  void keep(const std::string& user_id, const store::Privacy* privacy, const std::vector<std::string>* blocked);

  store::PrivacyStore& settings_;
  store::UserStore& users_;
  store::ModerationStore& blocks_;
  std::atomic<bool> read_through_{false};
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_;  // guarded by mutex_; null until read
};

}  // namespace parley::chat
