// Custom emoji: the server's set and each group's, their images. The rules are EmojiService's.
#include "chat/emoji/emoji_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"
#include "util/base64.hpp"

#include <boost/beast/http/field.hpp>

namespace parley::http {

namespace json = boost::json;

namespace {

RouteSpec add_route(RouteContext& ctx, std::string path, std::string summary) {
  RouteSpec r;
  r.method = Verb::post;
  r.paths = {std::move(path)};
  r.summary = std::move(summary);
  r.description =
      "image: a PNG, GIF or WebP in base64, at most 256 KiB; kept as a WebP that fits 128 px (animation kept). Who "
      "may use the set hears emoji:updated.";
  r.body = {chat::required_string("shortcode").describe("2 to 32 of a-z, 0-9, _, + and -; used as :shortcode:"),
            chat::required_string("image").describe("the image's bytes in base64")};
  r.responses =
      R"j({"201": {"description": "{id, shortcode, url, chatId, createdBy, createdAt}"},
      "400": {"description": "a bad shortcode, or not a PNG, GIF or WebP (or larger than 4096 px a side)"},
      "403": {"description": "not a server admin / group admin"}, "409": {"description": "the shortcode is taken (conflict), or the set is full (emoji_limit)"},
      "413": {"description": "the image is over 256 KiB"}})j";
  r.run = [&ctx](const RestCall& c) {
    auto image = util::base64_decode(chat::text(c.body, "image"));
    if (!image) return error(chat::Errc::kInvalidInput, "image must be base64");
    auto added = ctx.chat.emoji.add(c.actor(), optional_param(c, "chatId"), chat::text(c.body, "shortcode"), *image);
    if (!added) return error(added.error());
    return json_ok(201, chat::emoji_json(*added));
  };
  return r;
}

RouteSpec remove_route(RouteContext& ctx, std::string path, std::string summary) {
  RouteSpec r;
  r.method = Verb::delete_;
  r.paths = {std::move(path)};
  r.summary = std::move(summary);
  r.description = "Reactions with it stay, shown by their :shortcode:.";
  r.responses =
      R"j({"204": {"description": "removed"}, "403": {"description": "not a server admin / group admin"},
      "404": {"description": "no such emoji in the set"}})j";
  r.run = [&ctx](const RestCall& c) {
    auto removed = ctx.chat.emoji.remove(c.actor(), optional_param(c, "chatId"), c.params.get("shortcode"));
    if (!removed) return error(removed.error());
    return no_content();
  };
  return r;
}

RouteSpec list_route(RouteContext& ctx, std::string path, std::string summary) {
  RouteSpec r;
  r.paths = {std::move(path)};
  r.summary = std::move(summary);
  r.responses =
      R"j({"200": {"description": "{emoji: [{id, shortcode, url, chatId, createdBy, createdAt}], canManage}"},
      "403": {"description": "not a member"}, "404": {"description": "no such chat"}})j";
  r.run = [&ctx](const RestCall& c) {
    auto set = ctx.chat.emoji.list(c.actor(), optional_param(c, "chatId"));
    if (!set) return error(set.error());
    return json_ok(200, chat::emoji_set_json(*set));
  };
  return r;
}

}  // namespace

std::vector<RouteSpec> emoji_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  routes.push_back(list_route(ctx, "/api/v1/emoji", "The server's custom emoji"));
  routes.push_back(add_route(ctx, "/api/v1/emoji", "Add a custom emoji to the server's set (server admins)"));
  routes.push_back(
      remove_route(ctx, "/api/v1/emoji/:shortcode", "Remove a custom emoji from the server's set (server admins)"));
  routes.push_back(list_route(ctx, "/api/v1/chats/:chatId/emoji", "A group's custom emoji (members)"));
  routes.push_back(add_route(ctx, "/api/v1/chats/:chatId/emoji", "Add a custom emoji to a group's set (its admins)"));
  routes.push_back(remove_route(ctx, "/api/v1/chats/:chatId/emoji/:shortcode",
                                "Remove a custom emoji from a group's set (its admins)"));
  {
    RouteSpec r;
    r.paths = {"/api/v1/emoji/:emojiId/image"};
    r.access = Access::kAnyone;  // an <img> sends no token; the address is unguessable
    r.summary = "A custom emoji's image (WebP)";
    r.responses =
        R"j({"200": {"description": "the image, cacheable for good"}, "404": {"description": "no such emoji"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto e = ctx.chat.emoji.image(c.params.get("emojiId"));
      if (!e) return error(e.error());
      Response res;
      res.result(200);
      res.set(boost::beast::http::field::content_type, e->mime);
      // An id names one image for good.
      res.set(boost::beast::http::field::cache_control, "public, max-age=31536000, immutable");
      res.body() = std::move(e->image);
      return res;
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
