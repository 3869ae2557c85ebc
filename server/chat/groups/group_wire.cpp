#include "chat/groups/group_wire.hpp"

#include "chat/wire.hpp"
#include "store/outbox_events.hpp"
#include "util/ids.hpp"

#include <array>

namespace parley::chat {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 4> kPolicies{"sendMessages", "addMembers", "editInfo", "pinMessages"};

Field policy_field(std::string_view name) {
  auto f = optional_field(std::string(name), FieldType::kString);
  f.note = "everyone | admins";
  return f;
}

}  // namespace

json::object member_json(const MemberView& m, std::optional<std::int64_t> receipts_seq) {
  auto o = user_json(m.user, std::nullopt);
  o["role"] = store::outbox::role_name(m.member.role);
  o["joinedAt"] = util::iso8601(m.member.joined_at);
  o["position"] = m.member.position;
  if (receipts_seq) {
    // A watermark's time is when it last rose: for a message it passed earlier, a later time.
    o["deliveredAt"] =
        m.member.delivered_at > 0 ? json::value(util::iso8601(m.member.delivered_at)) : json::value(nullptr);
    const bool read = m.member.read_seq >= *receipts_seq;
    o["read"] = read;
    o["readAt"] = read && m.member.read_at > 0 ? json::value(util::iso8601(m.member.read_at)) : json::value(nullptr);
  }
  return o;
}

json::object member_list_json(const MemberList& list) {
  json::array members;
  members.reserve(list.members.size());
  for (const auto& m : list.members) members.push_back(member_json(m, list.seq));
  return json::object{{"members", std::move(members)},
                      {"nextAfter", list.next_after ? json::value(*list.next_after) : json::value(nullptr)}};
}

std::vector<Field> settings_fields() {
  std::vector<Field> fields;
  for (const auto name : kPolicies) fields.push_back(policy_field(name));
  fields.push_back(optional_field("historyVisible", FieldType::kBoolean));
  fields.push_back(optional_bounded_integer("slowModeSeconds", 0, GroupService::kMaxSlowModeSeconds));
  fields.push_back(optional_integer_at_least("memberLimit", 0));
  fields.push_back(optional_integer_at_least("editWindowSeconds", 0)
                       .describe("how long a message can be edited, at most the server's window; 0: the server's"));
  return fields;
}

Result<GroupSettingsPatch> settings_patch(const json::object& a) {
  std::array<std::optional<store::Policy>, kPolicies.size()> policies;
  for (std::size_t i = 0; i < kPolicies.size(); ++i) {
    auto v = optional_text(a, kPolicies[i]);
    if (!v) continue;
    if (*v != "everyone" && *v != "admins") {
      return fail(Errc::kInvalidInput, std::string(kPolicies[i]) + " must be \"everyone\" or \"admins\"");
    }
    policies[i] = *v == "admins" ? store::Policy::kAdmins : store::Policy::kEveryone;
  }
  GroupSettingsPatch p;
  p.send = policies[0];
  p.add_members = policies[1];
  p.edit_info = policies[2];
  p.pin = policies[3];
  p.history_visible = optional_boolean(a, "historyVisible");
  p.slow_mode_seconds = optional_integer(a, "slowModeSeconds");
  p.member_limit = optional_integer(a, "memberLimit");
  p.edit_window_seconds = optional_integer(a, "editWindowSeconds");
  return p;
}

namespace {

json::value time_or_null(store::TimeMs t) { return t > 0 ? json::value(util::iso8601(t)) : json::value(nullptr); }

}  // namespace

json::object invite_json(const store::Invite& i, store::TimeMs now) {
  return json::object{{"token", i.token},
                      {"path", "/join/" + i.token},
                      {"chatId", i.chat_id},
                      {"createdBy", i.created_by},
                      {"createdAt", util::iso8601(i.created_at)},
                      {"expiresAt", time_or_null(i.expires_at)},
                      {"maxUses", i.max_uses > 0 ? json::value(i.max_uses) : json::value(nullptr)},
                      {"uses", i.uses},
                      {"revoked", i.revoked_at != 0},
                      {"usable", i.usable(now)}};
}

json::object invite_preview_json(const InvitePreview& p) {
  json::object chat{{"id", p.chat.id}};
  if (p.chat.group) {
    chat["title"] = p.chat.group->title;
    chat["description"] = p.chat.group->description;
    chat["avatarColor"] = p.chat.group->avatar_color;
    chat["memberCount"] = p.chat.group->member_count;
  }
  return json::object{
      {"chat", std::move(chat)}, {"member", p.member}, {"expiresAt", time_or_null(p.invite.expires_at)}};
}

std::vector<Field> invite_fields() {
  return {optional_bounded_integer("expiresInSeconds", 1, GroupService::kMaxInviteSeconds)
              .describe("absent: the link never expires"),
          optional_bounded_integer("maxUses", 1, GroupService::kMaxInviteUses)
              .describe("absent: any number of people may join with it")};
}

NewInvite new_invite(const json::object& a) {
  return NewInvite{optional_integer(a, "expiresInSeconds"), optional_integer(a, "maxUses").value_or(0)};
}

}  // namespace parley::chat
