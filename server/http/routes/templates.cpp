// Message templates (chat/templates): the caller's own and a group's canned responses, created,
// changed and removed; their use counted; the caller's quick replies for a chat.
#include "chat/templates/template_service.hpp"
#include "chat/templates/template_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr const char* kTemplate =
    "Template: {id, chatId (null: the caller's own; a group's id: its canned response), title, category (empty: none), "
    "shortcut (without its /; null: none), content, createdBy, createdAt, updatedAt, version, uses, lastUsedAt (the "
    "caller's use of it, in all chats)}; times in epoch ms";

constexpr const char* kFields =
    "title: one line, 1 to 100 characters; category: one line, at most 40 (\"\": none); shortcut: 1 to 32 letters, "
    "digits, _ and - (a leading / is dropped; stored case-folded; unique in the set; null or \"\": none); content: "
    "the text, as a message's, with variables clients fill in where it is used: {name}, {first_name}, {my_name}, "
    "{date}.";

chat::TemplateInput input_of(const RestCall& c) {
  chat::TemplateInput in;
  in.title = chat::optional_text(c.body, "title");
  in.category = chat::optional_text(c.body, "category");
  if (const auto* shortcut = c.body.if_contains("shortcut")) {
    in.shortcut =
        shortcut->is_string() ? std::optional<std::string>(std::string(shortcut->get_string())) : std::nullopt;
  }
  in.content = chat::optional_text(c.body, "content");
  in.version = chat::optional_integer(c.body, "version");
  return in;
}

chat::Schema fields(bool created) {
  auto title = created ? chat::required_string("title") : chat::optional_string("title");
  auto content = created ? chat::required_string("content") : chat::optional_string("content");
  chat::Schema s({std::move(title).describe("one line, 1 to 100 characters"),
                  chat::optional_string("category").describe("one line, at most 40 characters"),
                  chat::optional_string("shortcut").describe("typed as /shortcut; null: none"),
                  std::move(content).describe("the text, with {name}, {first_name}, {my_name}, {date}")});
  if (created) return s;
  auto more = s.fields();
  more.push_back(
      chat::optional_field("version", chat::FieldType::kInteger).describe("the version the change was made on"));
  return chat::Schema(std::move(more));
}

std::string answer(const char* status, std::string_view what) {
  return std::string(R"j({")j") + status + R"j(": {"description": ")j" + std::string(what) + R"j("},)j";
}

RouteSpec add_route(RouteContext& ctx, std::string path, std::string summary, const std::string& who) {
  RouteSpec r;
  r.method = Verb::post;
  r.paths = {std::move(path)};
  r.summary = std::move(summary);
  r.description = std::string(kFields) + " " + who;
  r.body = fields(true);
  r.responses = answer("201", std::string("{template: ") + kTemplate + "}") +
                R"j("400": {"description": "a field is wrong (the message names it), or the chat is not a group"},
      "401": {"description": "unauthorized"}, "403": {"description": "not one of the group's admins"},
      "404": {"description": "no such chat"},
      "409": {"description": "the shortcut is taken (conflict), or the set is full (template_limit)"}})j";
  r.run = [&ctx](const RestCall& c) {
    auto t = ctx.chat.templates.create(c.actor(), optional_param(c, "chatId"), input_of(c));
    if (!t) return error(t.error());
    return json_ok(201, json::object{{"template", chat::template_json(*t)}});
  };
  return r;
}

RouteSpec change_route(RouteContext& ctx, std::string path, std::string summary) {
  RouteSpec r;
  r.method = Verb::patch;
  r.paths = {std::move(path)};
  r.summary = std::move(summary);
  r.description = std::string(kFields) +
                  " Fields left out stay as they are. version: the version read (optional; 409 when another change "
                  "came between).";
  r.body = fields(false);
  r.responses = answer("200", std::string("{template: ") + kTemplate + "}") +
                R"j("400": {"description": "a field is wrong"}, "401": {"description": "unauthorized"},
      "403": {"description": "not one of the group's admins"}, "404": {"description": "no such template in the set"},
      "409": {"description": "changed meanwhile, or the shortcut is taken"}})j";
  r.run = [&ctx](const RestCall& c) {
    auto t = ctx.chat.templates.change(c.actor(), optional_param(c, "chatId"), c.params.get("templateId"), input_of(c));
    if (!t) return error(t.error());
    return json_ok(200, json::object{{"template", chat::template_json(*t)}});
  };
  return r;
}

RouteSpec remove_route(RouteContext& ctx, std::string path, std::string summary) {
  RouteSpec r;
  r.method = Verb::delete_;
  r.paths = {std::move(path)};
  r.summary = std::move(summary);
  r.responses = R"j({"204": {"description": "removed"}, "401": {"description": "unauthorized"},
      "403": {"description": "not one of the group's admins"}, "404": {"description": "no such template in the set"}})j";
  r.run = [&ctx](const RestCall& c) {
    auto done = ctx.chat.templates.remove(c.actor(), optional_param(c, "chatId"), c.params.get("templateId"));
    if (!done) return error(done.error());
    return no_content();
  };
  return r;
}

}  // namespace

std::vector<RouteSpec> template_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.paths = {"/api/v1/me/templates"};
    r.summary = "The caller's templates, the most used first";
    r.description =
        "With chatId: also that group's canned responses, and ranked for that chat (the caller's use there first, "
        "then anywhere; by how often and how lately, a use two weeks old counting half). Templates never used follow "
        "by title. Who may use a set hears templates:updated {chatId} when it changes (null: the caller's own).";
    r.query = {chat::optional_string("chatId").describe("the chat the caller writes in")};
    r.responses = answer("200", std::string("{templates: [Template]}; ") + kTemplate) +
                  R"j("401": {"description": "unauthorized"}, "403": {"description": "not a participant"},
      "404": {"description": "no such chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      const auto chat = chat::optional_text(c.query, "chatId");
      auto list = ctx.chat.templates.mine(c.actor(), chat ? std::optional<std::string_view>(*chat) : std::nullopt);
      if (!list) return error(list.error());
      return json_ok(200, json::object{{"templates", chat::templates_json(*list)}});
    };
    routes.push_back(std::move(r));
  }
  routes.push_back(add_route(ctx, "/api/v1/me/templates", "Save a template", "Only the caller sees and uses it."));
  routes.push_back(change_route(ctx, "/api/v1/me/templates/:templateId", "Change one of the caller's templates"));
  routes.push_back(remove_route(ctx, "/api/v1/me/templates/:templateId", "Remove one of the caller's templates"));
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/templates"};
    r.summary = "A group's canned responses (members), by category and title";
    r.responses = answer("200", std::string("{templates: [Template], canManage}; ") + kTemplate) +
                  R"j("400": {"description": "not a group"}, "401": {"description": "unauthorized"},
      "403": {"description": "not a member"}, "404": {"description": "no such chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto set = ctx.chat.templates.of_group(c.actor(), c.params.get("chatId"));
      if (!set) return error(set.error());
      return json_ok(200,
                     json::object{{"templates", chat::templates_json(set->templates)}, {"canManage", set->can_manage}});
    };
    routes.push_back(std::move(r));
  }
  routes.push_back(add_route(ctx, "/api/v1/chats/:chatId/templates", "Add a canned response to a group (its admins)",
                             "Every member may use it; members hear templates:updated {chatId}."));
  routes.push_back(change_route(ctx, "/api/v1/chats/:chatId/templates/:templateId",
                                "Change a group's canned response (its admins)"));
  routes.push_back(remove_route(ctx, "/api/v1/chats/:chatId/templates/:templateId",
                                "Remove a group's canned response (its admins)"));
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/templates/:templateId/uses"};
    r.summary = "Count one use of a template in a chat";
    r.description =
        "Clients call it when the person inserts or sends a template; the counts rank the caller's templates and "
        "choose their quick replies. The template must be the caller's own, or the canned response of that group.";
    r.body = {chat::required_string("chatId").describe("the chat it was used in")};
    r.responses = R"j({"204": {"description": "counted"}, "401": {"description": "unauthorized"},
      "403": {"description": "not a participant of the chat"},
      "404": {"description": "no such chat, or no such template usable there"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done = ctx.chat.templates.count_use(c.actor(), c.params.get("templateId"), chat::text(c.body, "chatId"));
      if (!done) return error(done.error());
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/chats/:chatId/quick-replies"};
    r.summary = "The caller's quick replies for a chat: their most used templates, at most three";
    r.description = "Those used in this chat first, then those used anywhere; templates never used are not offered.";
    r.responses = answer("200", std::string("{templates: [Template]}; ") + kTemplate) +
                  R"j("401": {"description": "unauthorized"}, "403": {"description": "not a participant"},
      "404": {"description": "no such chat"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.templates.quick_replies(c.actor(), c.params.get("chatId"));
      if (!list) return error(list.error());
      return json_ok(200, json::object{{"templates", chat::templates_json(*list)}});
    };
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
