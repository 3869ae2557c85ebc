// Notifications: the VAPID key, the caller's devices' push subscriptions, their notification
// settings and each chat's. The rules are NotificationService's.
#include "chat/notifications/notification_settings.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

json::object subscription_json(const store::PushSubscription& s) {
  return {{"id", s.id}, {"endpoint", s.endpoint}, {"label", s.label}, {"createdAt", s.created_at}};
}

// The keys of a PushSubscription.toJSON(): {keys: {p256dh, auth}}.
std::string key_of(const json::object& body, std::string_view name) {
  const auto* keys = body.if_contains("keys");
  if (keys == nullptr || !keys->is_object()) return {};
  const auto* v = keys->get_object().if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::vector<RouteSpec> notification_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/v1/push/key"};
    r.summary = "Whether the server sends Web Push notifications, and the key to subscribe with";
    r.description = "publicKey is the applicationServerKey of PushManager.subscribe() (base64url, RFC 8292).";
    r.responses = R"j({"200": {"description": "{enabled: true, publicKey} or {enabled: false}"}})j";
    r.run = [&ctx](const RestCall&) {
      const auto key = ctx.chat.notifications.public_key();
      if (key.empty()) return json_ok(200, json::object{{"enabled", false}});
      return json_ok(200, json::object{{"enabled", true}, {"publicKey", key}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/push/subscriptions"};
    r.summary = "The caller's devices subscribed to push notifications";
    r.responses =
        R"j({"200": {"description": "{subscriptions: [{id, endpoint, label, createdAt}]}, oldest first"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.notifications.subscriptions(c.actor());
      if (!list) return error(list.error());
      json::array out;
      for (const auto& s : *list) out.push_back(subscription_json(s));
      return json_ok(200, json::object{{"subscriptions", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/push/subscriptions"};
    r.summary = "Subscribe this device to push notifications";
    r.description =
        "The body is the browser's PushSubscription.toJSON() ({endpoint, expirationTime, keys: {p256dh, auth}}) and "
        "a label naming the device. The same endpoint again replaces the stored keys; beyond "
        "max_push_subscriptions the caller's oldest subscription goes. A push service answering 404 or 410 for it "
        "removes it.";
    r.body = {chat::required_string("endpoint").describe("an https URL of the push service"),
              chat::optional_string("label").describe("the device's name, at most 100 characters")};
    r.responses =
        R"j({"201": {"description": "{id, endpoint, label, createdAt}"}, "400": {"description": "push is off, or the endpoint or keys are not acceptable"},
      "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::SubscriptionRequest request{.endpoint = chat::text(c.body, "endpoint"),
                                        .p256dh = key_of(c.body, "p256dh"),
                                        .auth = key_of(c.body, "auth"),
                                        .label = chat::optional_text(c.body, "label").value_or("")};
      auto stored = ctx.chat.notifications.subscribe(c.actor(), request);
      if (!stored) return error(stored.error());
      return json_ok(201, subscription_json(*stored));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/push/subscriptions/:subscriptionId"};
    r.summary = "Unsubscribe one of the caller's devices";
    r.responses =
        R"j({"204": {"description": "removed"}, "401": {"description": "unauthorized"}, "404": {"description": "no such subscription of the caller"}})j";
    r.run = [&ctx](const RestCall& c) {
      if (auto done = ctx.chat.notifications.unsubscribe(c.actor(), c.params.get("subscriptionId")); !done) {
        return error(done.error());
      }
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/push/subscriptions"};
    r.summary = "Unsubscribe the caller's device with this endpoint";
    r.description = "Answers 204 also when there was none (the device may have been removed already).";
    r.body = {chat::required_string("endpoint")};
    r.responses =
        R"j({"204": {"description": "none left with that endpoint"}, "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      if (auto done = ctx.chat.notifications.unsubscribe_endpoint(c.actor(), chat::text(c.body, "endpoint")); !done) {
        return error(done.error());
      }
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  const char* settings =
      R"j({"200": {"description": "{push, previews, sound, keywords, timeZone, dnd: {until, schedule: {enabled, start, end, days}, allow}, dndActiveUntil, chats: [{chatId, level: all | mentions | nothing, mutedUntil}]}"}, "400": {"description": "a value out of its bounds"}, "401": {"description": "unauthorized"}})j";
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/notifications"};
    r.summary = "The caller's notification settings, with the chats not at the default";
    r.responses = settings;
    r.run = [&ctx](const RestCall& c) {
      auto view = ctx.chat.notifications.settings(c.actor());
      if (!view) return error(view.error());
      return json_ok(200, chat::notifications_json(*view));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::patch;
    r.paths = {"/api/v1/me/notifications"};
    r.summary = "Change the caller's notification settings (the fields given)";
    r.description =
        "push: push notifications to the caller's subscribed devices; previews: pushes show the message's text; "
        "sound: the web client's chime; keywords: words that notify like a mention (whole words, any case); "
        "timeZone: the IANA zone of the quiet hours; dnd: Do not disturb, switched on until a time and daily quiet "
        "hours, with the people whose mentions still notify. dndActiveUntil (answered): when the Do not disturb in "
        "force ends, or null. The caller's devices hear notifications:updated.";
    r.body = {
        chat::optional_field("push", chat::FieldType::kBoolean),
        chat::optional_field("previews", chat::FieldType::kBoolean),
        chat::optional_field("sound", chat::FieldType::kBoolean),
        chat::optional_string_list("keywords", chat::kMaxKeywords)
            .describe("each 2 to 40 characters; replaces the list"),
        chat::optional_string("timeZone").describe("an IANA time zone, such as Europe/Paris"),
        chat::optional_object("dnd", std::string(chat::dnd_shape())),
        chat::optional_field("email", chat::FieldType::kBoolean)
            .describe("email digests of what stays unread (once the address is verified)"),
        chat::optional_bounded_integer("emailDelayMinutes", chat::kMinEmailDelayMinutes, chat::kMaxEmailDelayMinutes)
            .describe("how long a message stays unread before a digest tells of it")};
    r.responses = settings;
    r.run = [&ctx](const RestCall& c) {
      chat::NotificationChange change{.push = chat::optional_boolean(c.body, "push"),
                                      .previews = chat::optional_boolean(c.body, "previews"),
                                      .sound = chat::optional_boolean(c.body, "sound"),
                                      .keywords = std::nullopt,
                                      .time_zone = chat::optional_text(c.body, "timeZone"),
                                      .dnd = std::nullopt,
                                      .email = chat::optional_boolean(c.body, "email"),
                                      .email_delay_minutes = chat::optional_integer(c.body, "emailDelayMinutes")};
      if (const auto* k = c.body.if_contains("keywords"); k != nullptr && k->is_array()) {
        change.keywords = chat::text_list(c.body, "keywords");
      }
      if (const auto* dnd = c.body.if_contains("dnd"); dnd != nullptr && dnd->is_object()) {
        change.dnd = dnd->get_object();
      }
      auto view = ctx.chat.notifications.change(c.actor(), change);
      if (!view) return error(view.error());
      return json_ok(200, chat::notifications_json(*view));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::put;
    r.paths = {"/api/v1/chats/:chatId/notifications"};
    r.summary = "How a chat notifies the caller";
    r.description =
        "level: all, mentions (only messages that answer the caller) or nothing. mutedUntil: epoch ms to come "
        "(9007199254740991: until unmuted), or null to unmute; while muted only what answers the caller notifies. "
        "The caller's devices hear notifications:updated.";
    r.body = {
        chat::optional_string("level").describe("all, mentions or nothing"),
        chat::optional_field("mutedUntil", chat::FieldType::kInteger).describe("epoch milliseconds; null: not muted")};
    r.responses =
        R"j({"200": {"description": "{chatId, level, mutedUntil}"}, "400": {"description": "unknown level, or a time past"},
      "401": {"description": "unauthorized"}, "403": {"description": "not a member of the chat"}, "404": {"description": "no such chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::ChatNotifyChange change;
      change.level = chat::optional_text(c.body, "level");
      if (c.body.contains("mutedUntil")) change.muted_until.emplace(chat::optional_integer(c.body, "mutedUntil"));
      auto stored = ctx.chat.notifications.set_chat(c.actor(), c.params.get("chatId"), change);
      if (!stored) return error(stored.error());
      return json_ok(200, chat::chat_notify_json(*stored));
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/me/email/verification"};
    r.summary = "Email the caller a link that verifies their address (needed before any email digest goes out)";
    r.responses =
        R"j({"202": {"description": "{sent: true}: queued"}, "400": {"description": "this server sends no email"},
      "401": {"description": "unauthorized"}, "429": {"description": "asked too often"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto sent = ctx.chat.notifications.request_verification(c.actor());
      if (!sent) return error(sent.error());
      return json_ok(202, boost::json::object{{"sent", true}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/email/verify"};
    r.access = Access::kAnyoneRateLimited;
    r.summary = "Verify an address with the token of the link emailed to it";
    r.body = {chat::required_string("token")};
    r.responses =
        R"j({"200": {"description": "{email, verified: true}"}, "400": {"description": "not a valid token, expired, or the account's address changed"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto view = ctx.chat.notifications.verify_email(chat::text(c.body, "token"));
      if (!view) return error(view.error());
      return json_ok(200, boost::json::object{{"email", view->email_address}, {"verified", true}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/email/unsubscribe"};
    r.access = Access::kAnyoneRateLimited;
    r.query = {chat::required_string("token")};
    r.summary = "Stop email digests: the one-click unsubscribe of their List-Unsubscribe header (RFC 8058)";
    r.description = "The body (List-Unsubscribe=One-Click) is not read: the token says who.";
    r.responses = R"j({"200": {"description": "{email: false}"}, "400": {"description": "not a valid token"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto view = ctx.chat.notifications.unsubscribe(chat::text(c.query, "token"));
      if (!view) return error(view.error());
      return json_ok(200, boost::json::object{{"email", false}});
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
