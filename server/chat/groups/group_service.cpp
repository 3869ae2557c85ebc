#include "chat/groups/group_service.hpp"

#include "chat/groups/group_decision.hpp"
#include "chat/moderation/block_service.hpp"

#include "chat/store_errors.hpp"
#include "store/outbox_events.hpp"
#include "util/ids.hpp"
#include "util/utf8.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

namespace parley::chat {
namespace {

namespace json = boost::json;
using store::Policy;
using store::Role;

// The edits a change retries when another change committed in between.
constexpr int kAttempts = 5;

// Initials' backgrounds, readable with white text in both themes.
constexpr std::array<std::string_view, 8> kColors{"#1d4ed8", "#047857", "#b45309", "#7c3aed",
                                                  "#be123c", "#0e7490", "#4d7c0f", "#a21caf"};

std::string color_for(std::string_view id) {
  return std::string(kColors[std::hash<std::string_view>{}(id) % kColors.size()]);
}

bool may(Policy policy, Role role) { return policy == Policy::kEveryone || role >= Role::kAdmin; }

std::optional<Error> check_text(const std::string& text, std::string_view field, std::size_t min, std::size_t max) {
  if (!util::is_valid_utf8(text)) return Error{Errc::kInvalidInput, std::string(field) + " must be valid UTF-8"};
  const auto chars = util::utf8_length(text);
  const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (chars < min || (min > 0 && blank)) return Error{Errc::kInvalidInput, std::string(field) + " must not be empty"};
  if (chars > max) {
    return Error{Errc::kPayloadTooLarge, std::string(field) + " is longer than " + std::to_string(max) + " characters"};
  }
  return std::nullopt;
}

std::optional<Error> check_color(const std::string& color) {
  const bool ok = color.size() == 7 && color[0] == '#' && std::all_of(color.begin() + 1, color.end(), [](char c) {
                    return std::isxdigit(static_cast<unsigned char>(c));
                  });
  if (!ok) return Error{Errc::kInvalidInput, "avatarColor must be a colour like #1d4ed8"};
  return std::nullopt;
}

}  // namespace

namespace {

json::array ids_json(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return a;
}

store::NewMessage make_line(const std::string& chat_id, const std::string& actor, std::int64_t at,
                            const std::string& type, const std::string& content, const json::object& extra) {
  store::NewMessage m;
  m.id = util::uuid_v7();
  m.chat_id = chat_id;
  m.sender_id = actor;
  m.content = content;
  m.created_at = at;
  m.kind = "system";
  json::object system{{"type", type}, {"actorId", actor}};
  for (const auto& [k, v] : extra) system[k] = v;
  m.system = json::serialize(system);
  return m;
}

}  // namespace

Result<store::Member> GroupService::membership(const Actor& actor, std::string_view chat_id) {
  if (!util::is_uuid(chat_id)) return fail(Errc::kInvalidInput, "chatId must be a UUID");
  auto me = core_.store.member(chat_id, actor.user_id);
  if (me) return std::move(*me);
  if (me.error() != store::Errc::kNotFound) return store_failure(me.error(), "Chat");
  auto chat = core_.store.chat_by_id(chat_id);
  if (!chat) return store_failure(chat.error(), "Chat");
  if (!chat->group) return fail(Errc::kInvalidInput, "This chat is not a group");
  return fail(Errc::kForbidden, "You are not a member of this group");
}

template <class Decide>
Result<store::Chat> GroupService::change(const Actor& actor, std::string_view chat_id, const Decide& decide) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto me = membership(actor, chat_id);
    if (!me) return util::fail(me.error());
    auto chat = core_.store.chat_by_id(chat_id);
    if (!chat) return store_failure(chat.error(), "Chat");
    store::GroupEdit edit;
    Decision d;
    if (auto err = decide(*chat, *me, edit, d)) return util::fail(std::move(*err));
    edit.chat_id = chat->id;
    edit.expected_version = chat->group->version;
    edit.at = core_.now();
    auto done = commit(*chat, actor.user_id, std::move(edit), d);
    if (done || done.error().code != Errc::kConflict) return done;
  }
  return fail(Errc::kUnavailable, "The group is changing too often; try again");
}

Result<store::Chat> GroupService::commit(const store::Chat& before, const std::string& actor_id, store::GroupEdit edit,
                                         const Decision& d) {
  for (const auto& line : d.lines) {
    edit.system.push_back(make_line(before.id, actor_id, edit.at, line.type, line.content, line.extra));
  }
  auto edited = core_.store.edit_group(edit);
  if (!edited) {
    if (edited.error() == store::Errc::kConflict) return fail(Errc::kConflict, "The group changed");
    if (edited.error() == store::Errc::kLimit) return fail(Errc::kGroupFull, "The group has reached its member limit");
    if (edited.error() == store::Errc::kInvalid && edit.invite) {
      return fail(Errc::kInviteInvalid, "This invite link can no longer be used");
    }
    return store_failure(edited.error(), "Chat");
  }
  std::vector<std::string> added;
  for (const auto& m : edit.add) added.push_back(m.user_id);
  core_.remember_appended(edited->system);
  for (const auto& u : edit.remove) typing_.stopped(edited->chat, u);
  core_.events.group_changed(edited->chat, added, edit.remove, edited->system);
  return std::move(edited->chat);
}

Result<store::Chat> GroupService::create(const Actor& actor, const NewGroupRequest& r) {
  if (auto e = check_text(r.title, "title", 1, kMaxTitleChars)) return util::fail(std::move(*e));
  if (auto e = check_text(r.description, "description", 0, kMaxDescriptionChars)) return util::fail(std::move(*e));
  std::vector<std::string> ids;
  std::set<std::string> seen{actor.user_id};
  for (const auto& id : r.member_ids) {
    if (!util::is_uuid(id)) return fail(Errc::kInvalidInput, "memberIds must be user ids");
    if (seen.insert(id).second) ids.push_back(id);
  }
  if (ids.size() + 1 > core_.options.max_group_members) {
    return fail(Errc::kGroupFull,
                "A group has at most " + std::to_string(core_.options.max_group_members) + " members");
  }
  for (const auto& id : ids) {
    if (auto u = core_.store.user_by_id(id); !u) return store_failure(u.error(), "User");
  }
  if (auto may_add = check_may_add(core_, actor.user_id, ids); !may_add) return util::fail(may_add.error());
  const auto now = core_.now();
  store::NewGroup g;
  g.id = util::uuid_v7();
  g.info.title = r.title;
  g.info.description = r.description;
  g.info.avatar_color = color_for(g.id);
  g.at = now;
  store::Member owner;
  owner.user_id = actor.user_id;
  owner.role = Role::kOwner;
  owner.joined_at = now;
  g.members.push_back(owner);
  for (const auto& id : ids) {
    store::Member m;
    m.user_id = id;
    m.joined_at = now;
    g.members.push_back(std::move(m));
  }
  const Names names{core_.store};
  g.created =
      make_line(g.id, actor.user_id, now, "created", names.of(actor.user_id) + " created the group \"" + r.title + "\"",
                json::object{{"title", r.title}, {"userIds", ids_json(ids)}});
  auto created = core_.store.create_group(g);
  if (!created) return store_failure(created.error(), "Chat");
  core_.touch(actor.user_id);
  std::vector<std::string> everyone;
  everyone.reserve(g.members.size());
  for (const auto& m : g.members) everyone.push_back(m.user_id);
  core_.remember_appended(created->system);
  core_.events.group_changed(created->chat, everyone, {}, created->system);
  return std::move(created->chat);
}

Result<store::Chat> GroupService::add_members(const Actor& actor, std::string_view chat_id,
                                              const std::vector<std::string>& user_ids) {
  if (user_ids.empty() || user_ids.size() > kMaxAddedAtOnce) {
    return fail(Errc::kInvalidInput, "userIds must hold 1 to " + std::to_string(kMaxAddedAtOnce) + " user ids");
  }
  for (const auto& id : user_ids) {
    if (!util::is_uuid(id)) return fail(Errc::kInvalidInput, "userIds must be user ids");
    if (auto u = core_.store.user_by_id(id); !u) return store_failure(u.error(), "User");
  }
  if (auto may_add = check_may_add(core_, actor.user_id, user_ids); !may_add) return util::fail(may_add.error());
  const Names names{core_.store};
  return change(actor, chat_id,
                [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
                    Decision& d) -> std::optional<Error> {
                  if (!may(chat.group->settings.add_members, me.role)) {
                    return Error{Errc::kForbidden, "Only admins can add members to this group"};
                  }
                  std::vector<std::string> added;
                  std::set<std::string> seen;
                  for (const auto& id : user_ids) {
                    if (!seen.insert(id).second || core_.store.member(chat.id, id)) continue;  // a member already
                    store::Member m;
                    m.user_id = id;
                    m.joined_at = core_.now();
                    edit.add.push_back(std::move(m));
                    added.push_back(id);
                  }
                  if (added.empty()) return Error{Errc::kConflict, "They are members already"};
                  edit.max_members = member_limit(chat);
                  d.lines.push_back({"member_added", names.of(actor.user_id) + " added " + names.list(added),
                                     json::object{{"userIds", ids_json(added)}}});
                  return std::nullopt;
                });
}

Result<store::Chat> GroupService::remove_member(const Actor& actor, std::string_view chat_id,
                                                std::string_view user_id) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  if (user_id == actor.user_id) return leave(actor, chat_id);
  const Names names{core_.store};
  const std::string target(user_id);
  return change(actor, chat_id,
                [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
                    Decision& d) -> std::optional<Error> {
                  if (me.role < Role::kAdmin) return Error{Errc::kForbidden, "Only admins can remove members"};
                  auto them = core_.store.member(chat.id, target);
                  if (!them) return Error{Errc::kNotFound, "Not a member of this group"};
                  if (them->role == Role::kOwner) return Error{Errc::kForbidden, "Nobody can remove the group's owner"};
                  edit.remove.push_back(target);
                  d.lines.push_back({"member_removed", names.of(actor.user_id) + " removed " + names.of(target),
                                     json::object{{"userIds", json::array{json::value(target)}}}});
                  return std::nullopt;
                });
}

Result<store::Chat> GroupService::leave(const Actor& actor, std::string_view chat_id) {
  const Names names{core_.store};
  return change(actor, chat_id,
                [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
                    Decision& d) -> std::optional<Error> {
                  edit.remove.push_back(actor.user_id);
                  d.lines.push_back({"member_left", names.of(actor.user_id) + " left",
                                     json::object{{"userIds", json::array{json::value(actor.user_id)}}}});
                  if (me.role != Role::kOwner) return std::nullopt;
                  // The longest-serving admin, else the longest-serving member, becomes the owner.
                  std::optional<std::string> heir;
                  for (const Role min : {Role::kAdmin, Role::kMember}) {
                    store::MemberQuery q;
                    q.min_role = min;
                    q.limit = 2;
                    auto page = core_.store.members(chat.id, q);
                    if (!page) return Error{Errc::kUnavailable, "Storage unavailable"};
                    for (const auto& m : page->members) {
                      if (m.user_id != actor.user_id) {
                        heir = m.user_id;
                        break;
                      }
                    }
                    if (heir) break;
                  }
                  if (!heir) return std::nullopt;  // the last member: the group ends
                  edit.roles.emplace_back(*heir, Role::kOwner);
                  d.lines.push_back({"owner_changed", names.of(*heir) + " is now the owner",
                                     json::object{{"userIds", json::array{json::value(*heir)}}}});
                  return std::nullopt;
                });
}

Result<store::Chat> GroupService::set_role(const Actor& actor, std::string_view chat_id, std::string_view user_id,
                                           Role role) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  if (role == Role::kOwner) return fail(Errc::kInvalidInput, "role must be admin or member");
  const Names names{core_.store};
  const std::string target(user_id);
  return change(actor, chat_id,
                [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
                    Decision& d) -> std::optional<Error> {
                  if (me.role < Role::kAdmin) return Error{Errc::kForbidden, "Only admins can change roles"};
                  if (target == actor.user_id) return Error{Errc::kInvalidInput, "You cannot change your own role"};
                  auto them = core_.store.member(chat.id, target);
                  if (!them) return Error{Errc::kNotFound, "Not a member of this group"};
                  if (them->role == Role::kOwner) return Error{Errc::kForbidden, "Nobody can change the owner's role"};
                  if (them->role == role) return Error{Errc::kConflict, "They have this role already"};
                  edit.roles.emplace_back(target, role);
                  const std::string what = role == Role::kAdmin ? " made " + names.of(target) + " an admin"
                                                                : " made " + names.of(target) + " a member";
                  d.lines.push_back({"role_changed", names.of(actor.user_id) + what,
                                     json::object{{"userIds", json::array{json::value(target)}},
                                                  {"role", store::outbox::role_name(role)}}});
                  return std::nullopt;
                });
}

Result<store::Chat> GroupService::transfer_ownership(const Actor& actor, std::string_view chat_id,
                                                     std::string_view user_id) {
  if (!util::is_uuid(user_id)) return fail(Errc::kInvalidInput, "userId must be a user id");
  const Names names{core_.store};
  const std::string target(user_id);
  return change(
      actor, chat_id,
      [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
          Decision& d) -> std::optional<Error> {
        if (me.role != Role::kOwner) return Error{Errc::kForbidden, "Only the owner can transfer ownership"};
        if (target == actor.user_id) return Error{Errc::kInvalidInput, "You own this group already"};
        if (!core_.store.member(chat.id, target)) return Error{Errc::kNotFound, "Not a member of this group"};
        edit.roles.emplace_back(target, Role::kOwner);
        edit.roles.emplace_back(actor.user_id, Role::kAdmin);
        d.lines.push_back({"owner_changed", names.of(actor.user_id) + " made " + names.of(target) + " the owner",
                           json::object{{"userIds", json::array{json::value(target)}}}});
        return std::nullopt;
      });
}

Result<store::Chat> GroupService::update_info(const Actor& actor, std::string_view chat_id, const GroupInfoPatch& p) {
  if (!p.title && !p.description && !p.avatar_color) return fail(Errc::kInvalidInput, "Nothing to change");
  if (p.title) {
    if (auto e = check_text(*p.title, "title", 1, kMaxTitleChars)) return util::fail(std::move(*e));
  }
  if (p.description) {
    if (auto e = check_text(*p.description, "description", 0, kMaxDescriptionChars)) return util::fail(std::move(*e));
  }
  if (p.avatar_color) {
    if (auto e = check_color(*p.avatar_color)) return util::fail(std::move(*e));
  }
  const Names names{core_.store};
  return change(actor, chat_id,
                [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
                    Decision& d) -> std::optional<Error> {
                  if (!may(chat.group->settings.edit_info, me.role)) {
                    return Error{Errc::kForbidden, "Only admins can change this group's info"};
                  }
                  edit.title = p.title;
                  edit.description = p.description;
                  edit.avatar_color = p.avatar_color;
                  const auto who = names.of(actor.user_id);
                  if (p.title && *p.title != chat.group->title) {
                    d.lines.push_back({"title_changed", who + " changed the group name to \"" + *p.title + "\"",
                                       json::object{{"title", *p.title}}});
                  }
                  if (p.description && *p.description != chat.group->description) {
                    d.lines.push_back({"description_changed", who + " changed the group description",
                                       json::object{{"description", *p.description}}});
                  }
                  return std::nullopt;
                });
}

Result<store::Chat> GroupService::update_settings(const Actor& actor, std::string_view chat_id,
                                                  const GroupSettingsPatch& p) {
  if (p.slow_mode_seconds && (*p.slow_mode_seconds < 0 || *p.slow_mode_seconds > kMaxSlowModeSeconds)) {
    return fail(Errc::kInvalidInput, "slowModeSeconds must be 0 to " + std::to_string(kMaxSlowModeSeconds));
  }
  const auto max = static_cast<std::int64_t>(core_.options.max_group_members);
  if (p.member_limit && (*p.member_limit < 0 || *p.member_limit > max)) {
    return fail(Errc::kInvalidInput, "memberLimit must be 0 (the server's maximum) to " + std::to_string(max));
  }
  // A group may shorten the server's edit window, never lengthen it.
  const auto server_window = core_.options.edit_window_ms / 1000;
  const auto max_window = server_window > 0 ? server_window : kMaxEditWindowSeconds;
  if (p.edit_window_seconds && (*p.edit_window_seconds < 0 || *p.edit_window_seconds > max_window)) {
    return fail(Errc::kInvalidInput,
                "editWindowSeconds must be 0 (the server's window) to " + std::to_string(max_window));
  }
  const Names names{core_.store};
  return change(actor, chat_id,
                [&](const store::Chat& chat, const store::Member& me, store::GroupEdit& edit,
                    Decision& d) -> std::optional<Error> {
                  if (me.role < Role::kAdmin)
                    return Error{Errc::kForbidden, "Only admins can change this group's settings"};
                  store::GroupSettings s = chat.group->settings;
                  if (p.send) s.send = *p.send;
                  if (p.add_members) s.add_members = *p.add_members;
                  if (p.edit_info) s.edit_info = *p.edit_info;
                  if (p.pin) s.pin = *p.pin;
                  if (p.history_visible) s.history_visible = *p.history_visible;
                  if (p.slow_mode_seconds) s.slow_mode_seconds = *p.slow_mode_seconds;
                  if (p.edit_window_seconds) s.edit_window_seconds = *p.edit_window_seconds;
                  if (p.member_limit) {
                    if (*p.member_limit > 0 && *p.member_limit < chat.group->member_count) {
                      return Error{Errc::kInvalidInput, "memberLimit is below the group's member count"};
                    }
                    s.member_limit = *p.member_limit;
                  }
                  if (s == chat.group->settings) return Error{Errc::kConflict, "The settings are so already"};
                  edit.settings = s;
                  d.lines.push_back({"settings_changed", names.of(actor.user_id) + " changed the group settings",
                                     json::object{{"settings", store::outbox::settings_object(s)}}});
                  return std::nullopt;
                });
}

std::size_t GroupService::member_limit(const store::Chat& chat) const {
  const auto own = chat.group->settings.member_limit;
  return own > 0 ? std::min<std::size_t>(static_cast<std::size_t>(own), core_.options.max_group_members)
                 : core_.options.max_group_members;
}

MemberList GroupService::list_of(const std::string& viewer, store::MemberPage page) const {
  MemberList out;
  // Last seen only of those who share it with the viewer (none when that cannot be told).
  auto lens = core_.privacy.lens(viewer);
  if (page.more && !page.members.empty()) out.next_after = page.members.back().position;
  for (auto& m : page.members) {
    auto user = core_.store.user_by_id(m.user_id);
    if (!user) continue;  // users are never deleted; a failed read leaves the row out
    user->password_hash.clear();
    if (!lens || !lens->mutual(user->id)) user->last_seen.reset();
    out.members.push_back(MemberView{std::move(m), std::move(*user)});
  }
  return out;
}

void GroupService::apply_floors(const store::Chat& chat, std::vector<store::Message>& messages) {
  if (!chat.group) return;
  for (auto& m : messages) {
    m.status = m.seq <= chat.group->read_floor        ? store::Status::kRead
               : m.seq <= chat.group->delivered_floor ? store::Status::kDelivered
                                                      : store::Status::kSent;
  }
}

Result<MemberList> GroupService::receipts(const Actor& actor, std::string_view chat_id, std::string_view message_id,
                                          std::int64_t after, std::size_t limit) {
  store::Chat chat;
  auto m = core_.access.message(actor.user_id, message_id, &chat);
  if (!m) return util::fail(m.error());
  if (!chat_id.empty() && m->chat_id != chat_id) return fail(Errc::kNotFound, "Message not found");
  if (!chat.group) return fail(Errc::kInvalidInput, "Receipts are for group messages");
  store::ReceiptQuery q;
  q.seq = m->seq;
  q.after_position = after;
  q.limit = std::clamp<std::size_t>(limit, 1, store::kMaxMemberPage);
  auto page = core_.store.receipts(chat.id, q);
  if (!page) return store_failure(page.error(), "Chat");
  MemberList out = list_of(actor.user_id, std::move(*page));
  out.seq = m->seq;
  return out;
}

Result<MemberList> GroupService::members(const Actor& actor, std::string_view chat_id, std::int64_t after,
                                         std::size_t limit) {
  if (auto me = membership(actor, chat_id); !me) return util::fail(me.error());
  store::MemberQuery q;
  q.after_position = after;
  q.limit = std::clamp<std::size_t>(limit, 1, store::kMaxMemberPage);
  auto page = core_.store.members(chat_id, q);
  if (!page) return store_failure(page.error(), "Chat");
  return list_of(actor.user_id, std::move(*page));
}

}  // namespace parley::chat
