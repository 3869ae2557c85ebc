// Privacy settings: read receipts, typing indicators, who sees the last seen and online status;
// and blocks. The rules are PrivacyService's, PrivacyPolicy's and BlockService's.
#include "chat/moderation/block_wire.hpp"
#include "chat/privacy/privacy_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

std::optional<std::vector<std::string>> ids_if_given(const json::object& body, std::string_view name) {
  const auto* v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  return chat::text_list(body, name);
}

}  // namespace

std::vector<RouteSpec> privacy_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  const char* settings =
      R"j({"200": {"description": "{readReceipts, typing, lastSeen: everybody | contacts | nobody, always: [User], never: [User]}"}, "401": {"description": "unauthorized"}})j";
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/privacy"};
    r.summary = "The caller's privacy settings";
    r.responses = settings;
    r.run = [&ctx](const RestCall& c) {
      auto view = ctx.chat.privacy.settings(c.actor());
      if (!view) return error(view.error());
      return json_ok(200, chat::privacy_json(*view));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/me/privacy"};
    r.summary = "Change the caller's privacy settings (the fields given)";
    r.description =
        "readReceipts off: others never see READ from the caller (private chats stay DELIVERED for the sender, for "
        "good; in groups the caller counts as not having read), and the caller sees no read receipts in private "
        "chats. typing off: the caller's typing is never forwarded. lastSeen: who sees the caller's last seen and "
        "online status; always and never (user ids) are exceptions, never first. Shared both ways or not at all: "
        "who hides it from someone does not see theirs. The caller's devices hear privacy:updated.";
    r.body = {
        chat::optional_field("readReceipts", chat::FieldType::kBoolean),
        chat::optional_field("typing", chat::FieldType::kBoolean),
        chat::optional_string("lastSeen").describe("everybody, contacts (the people the caller chats with) or nobody"),
        chat::optional_string_list("always", store::kMaxPrivacyExceptions).describe("user ids; replaces the list"),
        chat::optional_string_list("never", store::kMaxPrivacyExceptions).describe("user ids; replaces the list")};
    r.responses =
        R"j({"200": {"description": "the settings after, as GET answers"}, "400": {"description": "invalid lastSeen or user id"},
      "401": {"description": "unauthorized"}, "404": {"description": "a user in the exceptions does not exist"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::PrivacyChange change;
      change.read_receipts = chat::optional_boolean(c.body, "readReceipts");
      change.typing = chat::optional_boolean(c.body, "typing");
      change.last_seen = chat::optional_text(c.body, "lastSeen");
      change.always = ids_if_given(c.body, "always");
      change.never = ids_if_given(c.body, "never");
      auto view = ctx.chat.privacy.change(c.actor(), change);
      if (!view) return error(view.error());
      return json_ok(200, chat::privacy_json(*view));
    };
    routes.push_back(std::move(r));
  }
  const char* blocks =
      R"j({"200": {"description": "{blocks: [{user: User, blockedAt}]}, the latest first"}, "401": {"description": "unauthorized"}})j";
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/blocks"};
    r.summary = "The people the caller blocked";
    r.responses = blocks;
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.blocks.list(c.actor());
      if (!list) return error(list.error());
      return json_ok(200, chat::blocks_json(*list));
    };
    routes.push_back(std::move(r));
  }
  for (const bool block : {true, false}) {
    RouteSpec r;
    r.method = block ? Verb::put : Verb::delete_;
    r.paths = {"/api/v1/me/blocks/:userId"};
    r.summary = block ? "Block a person" : "Unblock a person";
    r.description =
        block ? "From now on neither can send into their private chat (blocked), the person cannot add the caller to "
                "groups (blocked), and neither sees the other's online status and last seen. The caller's devices "
                "hear blocks:updated. Blocking twice is no error."
              : "Undoes a block; the caller's devices hear blocks:updated. Unblocking someone not blocked is no error.";
    r.responses =
        R"j({"200": {"description": "the blocks after, as GET answers"}, "400": {"description": "a malformed id, or oneself"},
      "401": {"description": "unauthorized"}, "404": {"description": "no such user"}})j";
    r.run = [&ctx, block](const RestCall& c) {
      if (auto done = ctx.chat.blocks.set(c.actor(), std::string(c.params.get("userId")), block); !done) {
        return error(done.error());
      }
      auto list = ctx.chat.blocks.list(c.actor());
      if (!list) return error(list.error());
      return json_ok(200, chat::blocks_json(*list));
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
