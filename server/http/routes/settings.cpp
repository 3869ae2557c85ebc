// Settings that follow the person to every device: the global document and the chats' (the
// rules are chat/settings/settings_schema.hpp's).
#include "chat/settings/settings_service.hpp"
#include "chat/settings/settings_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr const char* kDocument =
    "{chatId (null: the global document), version (0: never written), settings, updatedAt (null: never written)}";

constexpr const char* kChange =
    "settings: a JSON merge patch (RFC 7396) of the document: its members are merged in, null members remove a "
    "setting (back to its default), and null alone resets them all. version: the version the change was made on "
    "(optional): when given and not the stored one, nothing changes and the answer is 409. The caller's devices "
    "hear settings:updated with the document after.";

constexpr const char* kGlobalShape =
    R"j({"type": ["object", "null"], "description": "appearance {theme: system|light|dark|high-contrast|custom, accent: #rrggbb, customBase: light|dark|system, scheme: name|custom, bubbles {own, ownText, other, otherText: #rrggbb, each text at least 4.5:1 on its bubble}, fontSize: xs|s|m|l|xl, density: comfortable|compact, background}, chats {enterToSend, timeFormat: auto|12h|24h}, sounds {muted, volume 0-100, message, mention, call: name|none}, language {locale: auto|BCP 47}; a background is {kind: none} | {kind: preset, preset: name} | {kind: image, fileId (a picture of the caller's), blur 0-20, dim 0-80}"})j";

constexpr const char* kChatShape =
    R"j({"type": ["object", "null"], "description": "background (as the global document's), sounds {message: name|none, muted}"})j";

Response change(RouteContext& ctx, const RestCall& c, std::string_view chat_id) {
  const auto* patch = c.body.if_contains("settings");
  if (!patch) return error(chat::Error{chat::Errc::kInvalidInput, "settings is required (null resets them all)"});
  std::optional<std::int64_t> version;
  if (c.body.contains("version")) version = chat::optional_integer(c.body, "version");
  auto after = ctx.chat.settings.change(c.actor(), chat_id, *patch, version);
  if (!after) return error(after.error());
  return json_ok(200, chat::settings_json(*after));
}

}  // namespace

std::vector<RouteSpec> settings_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/settings"};
    r.summary = "The caller's settings: the global document and those of their chats";
    r.responses =
        R"j({"200": {"description": "{global: SettingsDocument, chats: [SettingsDocument]}, a SettingsDocument being {chatId, version, settings, updatedAt}"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto all = ctx.chat.settings.all(c.actor());
      if (!all) return error(all.error());
      json::array chats;
      for (std::size_t i = 1; i < all->size(); ++i) chats.push_back(chat::settings_json((*all)[i]));
      return json_ok(200, json::object{{"global", chat::settings_json(all->front())}, {"chats", std::move(chats)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/me/settings"};
    r.summary = "Change the caller's settings";
    r.description = kChange;
    r.body = {chat::optional_object("settings", kGlobalShape).describe("the merge patch; required"),
              chat::optional_field("version", chat::FieldType::kInteger).describe("the version changed")};
    r.responses =
        R"j({"200": {"description": "the document after"}, "400": {"description": "a setting unknown, or a value that breaks its rule (the message names it): colours that make text unreadable are refused"},
      "401": {"description": "unauthorized"}, "404": {"description": "a background picture that is not the caller's"},
      "409": {"description": "version is not the stored one"}, "413": {"description": "the document would pass 16 KiB"}})j";
    r.run = [&ctx](const RestCall& c) { return change(ctx, c, ""); };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/settings/chats/:chatId"};
    r.summary = "The caller's settings of one chat (what it overrides)";
    r.responses =
        R"j({"200": {"description": ")j" + std::string(kDocument) +
        R"j("}, "401": {"description": "unauthorized"}, "403": {"description": "not a member of the chat"}, "404": {"description": "no such chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto d = ctx.chat.settings.get(c.actor(), c.params.get("chatId"));
      if (!d) return error(d.error());
      return json_ok(200, chat::settings_json(*d));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/me/settings/chats/:chatId"};
    r.summary = "Change the caller's settings of one chat";
    r.description = kChange;
    r.body = {chat::optional_object("settings", kChatShape).describe("the merge patch; required"),
              chat::optional_field("version", chat::FieldType::kInteger).describe("the version changed")};
    r.responses =
        R"j({"200": {"description": "the document after"}, "400": {"description": "a setting unknown, or a value that breaks its rule"},
      "401": {"description": "unauthorized"}, "403": {"description": "not a member of the chat"}, "404": {"description": "no such chat, or a background picture that is not the caller's"},
      "409": {"description": "version is not the stored one"}})j";
    r.run = [&ctx](const RestCall& c) { return change(ctx, c, c.params.get("chatId")); };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
