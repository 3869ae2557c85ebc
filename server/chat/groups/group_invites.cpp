// GroupService: invite links. Admins and the owner make, list and revoke them; whoever holds
// a usable one sees the group and joins it. A use is counted in the same store edit that
// admits the member, so a link never admits more people than its maximum.
#include "chat/groups/group_decision.hpp"
#include "chat/store_errors.hpp"
#include "util/random.hpp"

#include <algorithm>

namespace parley::chat {
namespace {

namespace json = boost::json;
using store::Role;

constexpr int kAttempts = 5;
constexpr std::size_t kTokenBytes = 16;  // 128 bits: 22 base64url characters

bool is_token(std::string_view token) {
  return token.size() == 22 && std::all_of(token.begin(), token.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
         });
}

// Why nobody may join with `invite` into `chat` at `now`, if anything stops them.
std::optional<Error> unusable(const store::Invite& invite, const store::Chat& chat, store::TimeMs now) {
  if (invite.revoked_at != 0) return Error{Errc::kInviteInvalid, "This invite link was revoked"};
  if (invite.expires_at != 0 && now >= invite.expires_at) {
    return Error{Errc::kInviteInvalid, "This invite link has expired"};
  }
  if (invite.max_uses != 0 && invite.uses >= invite.max_uses) {
    return Error{Errc::kInviteInvalid, "This invite link has been used up"};
  }
  if (!chat.group || chat.group->member_count == 0) return Error{Errc::kInviteInvalid, "This group has ended"};
  return std::nullopt;
}

}  // namespace

Result<store::Member> GroupService::admin(const Actor& actor, std::string_view chat_id, std::string_view what) {
  auto me = membership(actor, chat_id);
  if (!me) return util::fail(me.error());
  if (me->role < Role::kAdmin) return fail(Errc::kForbidden, "Only admins can " + std::string(what));
  return me;
}

Result<store::Invite> GroupService::create_invite(const Actor& actor, std::string_view chat_id, const NewInvite& r) {
  if (r.expires_in_seconds && (*r.expires_in_seconds < 1 || *r.expires_in_seconds > kMaxInviteSeconds)) {
    return fail(Errc::kInvalidInput,
                "expiresInSeconds must be 1 to " + std::to_string(kMaxInviteSeconds) + " (or absent: never)");
  }
  if (r.max_uses < 0 || r.max_uses > kMaxInviteUses) {
    return fail(Errc::kInvalidInput, "maxUses must be 1 to " + std::to_string(kMaxInviteUses) + " (or absent: any)");
  }
  if (auto me = admin(actor, chat_id, "create invite links"); !me) return util::fail(me.error());
  store::Invite invite;
  invite.token = util::random_id(kTokenBytes);
  invite.chat_id = std::string(chat_id);
  invite.created_by = actor.user_id;
  invite.created_at = core_.now();
  invite.expires_at = r.expires_in_seconds ? invite.created_at + *r.expires_in_seconds * 1000 : 0;
  invite.max_uses = r.max_uses;
  auto made = core_.store.create_invite(invite, kMaxUsableInvites);
  if (made) return std::move(*made);
  if (made.error() == store::Errc::kLimit) {
    return fail(Errc::kConflict,
                "A group has at most " + std::to_string(kMaxUsableInvites) + " usable invite links; revoke one first");
  }
  return store_failure(made.error(), "Chat");
}

Result<std::vector<store::Invite>> GroupService::invites(const Actor& actor, std::string_view chat_id) {
  if (auto me = admin(actor, chat_id, "see invite links"); !me) return util::fail(me.error());
  auto list = core_.store.invites(chat_id);
  if (!list) return store_failure(list.error(), "Chat");
  return std::move(*list);
}

Result<store::Invite> GroupService::revoke_invite(const Actor& actor, std::string_view chat_id,
                                                  std::string_view token) {
  if (auto me = admin(actor, chat_id, "revoke invite links"); !me) return util::fail(me.error());
  if (!is_token(token)) return fail(Errc::kNotFound, "Invite link not found");
  auto revoked = core_.store.revoke_invite(chat_id, token, core_.now());
  if (!revoked) return store_failure(revoked.error(), "Invite link");
  return std::move(*revoked);
}

Result<InvitePreview> GroupService::preview(const Actor& actor, std::string_view token) {
  if (!is_token(token)) return fail(Errc::kNotFound, "Invite link not found");
  auto invite = core_.store.invite(token);
  if (!invite) return store_failure(invite.error(), "Invite link");
  auto chat = core_.store.chat_by_id(invite->chat_id);
  if (!chat) return store_failure(chat.error(), "Chat");
  const bool member = core_.store.member(chat->id, actor.user_id).ok();
  if (!member) {
    if (auto why = unusable(*invite, *chat, core_.now())) return util::fail(std::move(*why));
  }
  return InvitePreview{std::move(*invite), std::move(*chat), member};
}

Result<store::Chat> GroupService::join(const Actor& actor, std::string_view token) {
  if (!is_token(token)) return fail(Errc::kNotFound, "Invite link not found");
  const Names names{core_.store};
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto invite = core_.store.invite(token);
    if (!invite) return store_failure(invite.error(), "Invite link");
    auto chat = core_.store.chat_by_id(invite->chat_id);
    if (!chat) return store_failure(chat.error(), "Chat");
    if (core_.store.member(chat->id, actor.user_id)) return std::move(*chat);
    const auto now = core_.now();
    if (auto why = unusable(*invite, *chat, now)) return util::fail(std::move(*why));
    store::GroupEdit edit;
    edit.chat_id = chat->id;
    edit.expected_version = chat->group->version;
    edit.at = now;
    edit.invite = std::string(token);
    edit.max_members = member_limit(*chat);
    store::Member m;
    m.user_id = actor.user_id;
    m.joined_at = now;
    edit.add.push_back(std::move(m));
    Decision d;
    d.lines.push_back({"member_joined", names.of(actor.user_id) + " joined the group with an invite link",
                       json::object{{"userIds", json::array{json::value(actor.user_id)}}}});
    auto done = commit(*chat, actor.user_id, std::move(edit), d);
    if (done || done.error().code != Errc::kConflict) return done;
  }
  return fail(Errc::kUnavailable, "The group is changing too often; try again");
}

}  // namespace parley::chat
