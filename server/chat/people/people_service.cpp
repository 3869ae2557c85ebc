#include "chat/people/people_service.hpp"

#include "chat/account_rules.hpp"
#include "chat/store_errors.hpp"
#include "util/ids.hpp"

#include <unordered_set>

namespace parley::chat {

Result<store::User> PeopleService::me(const Actor& actor) {
  auto u = core_.store.user_by_id(actor.user_id);
  if (!u) return store_failure(u.error(), "User");
  return std::move(*u);
}

Result<store::User> PeopleService::rename(const Actor& actor, std::string_view name) {
  auto checked = check_name(name);
  if (!checked) return util::fail(checked.error());
  if (auto r = core_.store.set_user_name(actor.user_id, *checked); !r) return store_failure(r.error(), "User");
  return me(actor);
}

Result<std::vector<UserView>> PeopleService::list_users(const Actor& actor) {
  auto users = core_.store.list_users();
  if (!users) return store_failure(users.error(), "Users");
  std::unordered_set<std::string> contacts;
  if (core_.options.directory_emails == EmailVisibility::kContacts) {
    auto chats = core_.store.chats_of(actor.user_id);
    if (!chats) return store_failure(chats.error(), "Chats");
    for (const auto& chat : *chats) {
      if (!chat.group) contacts.insert(chat.participants.begin(), chat.participants.end());  // private chats only
    }
  }
  std::vector<bool> shares_chat;
  shares_chat.reserve(users->size());
  for (const auto& u : *users) shares_chat.push_back(contacts.contains(u.id));
  return views_of(std::move(*users), shares_chat, actor);
}

Result<std::vector<UserView>> PeopleService::views_of(std::vector<store::User> users,
                                                      const std::vector<bool>& shares_chat, const Actor& actor) const {
  auto lens = core_.privacy.lens(actor.user_id);
  if (!lens) return util::fail(lens.error());
  std::vector<std::string> ids;
  ids.reserve(users.size());
  for (const auto& u : users) ids.push_back(u.id);
  const auto presence = core_.presence.states(ids, core_.now());
  std::vector<UserView> out;
  out.reserve(users.size());
  for (std::size_t i = 0; i < users.size(); ++i) {
    out.push_back(view_of(std::move(users[i]), actor, shares_chat[i], presence[i], *lens));
  }
  return out;
}

UserView PeopleService::view_of(store::User u, const Actor& actor, bool shares_chat, const bus::UserPresence& presence,
                                const PrivacyPolicy::Lens& lens) const {
  // An empty string rather than no field: the contract's User has a string email, and the
  // prototype's clients read it without checking that it is there.
  if (core_.options.directory_emails == EmailVisibility::kContacts && u.id != actor.user_id && !shares_chat)
    u.email.clear();
  u.password_hash.clear();
  if (!lens.mutual(u.id)) {
    u.last_seen.reset();
    return UserView{std::move(u), false};
  }
  if (presence.last_seen && (!u.last_seen || *presence.last_seen > *u.last_seen)) u.last_seen = presence.last_seen;
  return UserView{std::move(u), presence.state != bus::PresenceState::kOffline};
}

Result<std::vector<std::string>> PeopleService::contact_ids(const Actor& actor) {
  auto users = core_.store.contacts_of(actor.user_id);
  if (!users) return store_failure(users.error(), "Contacts");
  std::vector<std::string> ids;
  ids.reserve(users->size());
  for (auto& u : *users) ids.push_back(std::move(u.id));
  return ids;
}

Result<std::vector<UserView>> PeopleService::contacts(const Actor& actor) {
  auto users = core_.store.contacts_of(actor.user_id);
  if (!users) return store_failure(users.error(), "Contacts");
  const std::vector<bool> shares_chat(users->size(), true);
  return views_of(std::move(*users), shares_chat, actor);
}

Result<std::vector<PresenceView>> PeopleService::presence_of_many(const Actor& actor,
                                                                  const std::vector<std::string>& user_ids) {
  auto lens = core_.privacy.lens(actor.user_id);
  if (!lens) return util::fail(lens.error());
  const auto presence = core_.presence.states(user_ids, core_.now());
  std::vector<PresenceView> out;
  out.reserve(user_ids.size());
  for (std::size_t i = 0; i < user_ids.size(); ++i) {
    if (lens->mutual(user_ids[i])) {
      out.push_back({user_ids[i], presence[i].state, presence[i].last_seen});
    } else {
      out.push_back({user_ids[i], bus::PresenceState::kOffline, std::nullopt});
    }
  }
  return out;
}

Result<std::vector<std::string>> PeopleService::online_users(const Actor& actor) {
  auto lens = core_.privacy.lens(actor.user_id);
  if (!lens) return util::fail(lens.error());
  auto users = core_.presence.online_users();
  std::erase_if(users, [&](const std::string& id) { return !lens->mutual(id); });
  return users;
}

Result<PresenceView> PeopleService::presence_of(const Actor& actor, const std::string& user_id) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a UUID");
  auto u = core_.store.user_by_id(user_id);
  if (!u) return store_failure(u.error(), "User");
  auto lens = core_.privacy.lens(actor.user_id);
  if (!lens) return util::fail(lens.error());
  if (!lens->mutual(user_id)) return PresenceView{user_id, bus::PresenceState::kOffline, std::nullopt};
  const auto presence = core_.presence.states({user_id}, core_.now()).at(0);  // one round trip, not two
  auto last_seen = u->last_seen;
  if (presence.last_seen && (!last_seen || *presence.last_seen > *last_seen)) last_seen = presence.last_seen;
  return PresenceView{user_id, presence.state, last_seen};
}

}  // namespace parley::chat
