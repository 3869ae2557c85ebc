// People: the caller, the user lists with presence (the contract's unpaged list and the paged,
// searchable directory), emails hidden as configured. Safe from any thread; reads the store.
#pragma once

#include "chat/actor.hpp"
#include "chat/core.hpp"

#include <optional>
#include <string>
#include <vector>

namespace parley::chat {

struct UserView {
  store::User user;
  bool online = false;
};

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

class PeopleService {
 public:
  explicit PeopleService(Core& core) : core_(core) {}

  Result<store::User> me(const Actor& actor);
  // Changes the actor's display name (the registration rules: 1 to 64 characters without the
  // white space around them, nothing hidden); returns the user as stored.
  Result<store::User> rename(const Actor& actor, std::string_view name);
  // Every user (the compatibility contract's unpaged list), emails hidden as configured.
  Result<std::vector<UserView>> list_users(const Actor& actor);
  // The directory a page at a time, by name (directory.cpp).
  Result<DirectoryPage> directory(const Actor& actor, const DirectoryRequest& request);
  // Up to `limit` users with a word of their name starting with `prefix`, then, where the
  // caller may search every email, those whose email starts with it (directory.cpp).
  Result<std::vector<UserView>> by_prefix(const Actor& actor, std::string_view prefix, std::size_t limit);
  // Who is online, of the users whose presence the actor may see (privacy_policy.hpp).
  Result<std::vector<std::string>> online_users(const Actor& actor);
  // A user's presence as the actor may see it: offline, with no last seen, when hidden.
  Result<PresenceView> presence_of(const Actor& actor, const std::string& user_id);
  // The ids of the users who share a chat with the actor.
  Result<std::vector<std::string>> contact_ids(const Actor& actor);
  // The users who share a chat with the actor, with presence, by name.
  Result<std::vector<UserView>> contacts(const Actor& actor);
  // Whether each of `user_ids` is online, and their last disconnect as presence saw it (none
  // when it did not: the user lists carry the stored one).
  // (Offline with no last seen for those hidden from the actor.)
  Result<std::vector<PresenceView>> presence_of_many(const Actor& actor, const std::vector<std::string>& user_ids);

 private:
  // `user` with their presence (read for many users at once: bus::Presence::states), and their
  // email blanked unless `actor` may see it; presence and last seen left out when hidden from
  // the actor (`lens`: the actor's).
  UserView view_of(store::User user, const Actor& actor, bool shares_chat, const bus::UserPresence& presence,
                   const PrivacyPolicy::Lens& lens) const;
  // view_of for each of `users` (shares_chat[i] for users[i]), their presence read in one call.
  Result<std::vector<UserView>> views_of(std::vector<store::User> users, const std::vector<bool>& shares_chat,
                                         const Actor& actor) const;

  Core& core_;
};

}  // namespace parley::chat
