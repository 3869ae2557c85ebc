// Exports (chat/exports): the caller asks for an export of their chats, follows it, fetches a
// fresh download link once it is done, and removes it. The file itself streams from the blob
// store (add_file_transfer_routes, routes/files.cpp).
#include "chat/exports/export_service.hpp"
#include "chat/exports/export_wire.hpp"
#include "chat/wire.hpp"
#include "http/route_table.hpp"

namespace parley::http {

namespace json = boost::json;

namespace {

constexpr const char* kExport =
    "Export: {id, format, state (queued, running, done, failed), done and total (messages gone through, to go "
    "through), size (bytes, once done), chatIds (empty: all), from, to, error (when failed), createdAt, finishedAt, "
    "expiresAt (the file is removed then), url (a signed download link, valid for file_link_seconds, while done; "
    "else null)}; times in epoch ms";

json::object with_link(RouteContext& ctx, const store::DataExport& e) {
  return chat::export_json(e, ctx.chat.exports.link(e));
}

}  // namespace

std::vector<RouteSpec> export_routes(RouteContext& ctx) {
  std::vector<RouteSpec> routes;
  {
    RouteSpec r;
    r.method = Verb::post;
    r.paths = {"/api/v1/exports"};
    r.summary = "Export the caller's chats to a file, in the background";
    r.description =
        "format json is lossless and re-importable (docs/export.schema.json); csv is one row per message (RFC 4180, "
        "UTF-8). What is exported is what the caller can read: their chats; in a group the history they may see "
        "(its owner and admins: all of it); not what they deleted for themselves. The caller's devices hear "
        "export:progress {Export} as it runs; once done, GET /api/v1/exports/{id} gives the download link. At most "
        "two exports of one person are made at once.";
    r.body = {chat::optional_string_list("chatIds", 1000).describe("the chats to export; absent or empty: all"),
              chat::optional_string("format").describe("json (default) or csv"),
              chat::optional_field("from", chat::FieldType::kInteger).describe("messages sent at or after (epoch ms)"),
              chat::optional_field("to", chat::FieldType::kInteger).describe("messages sent before (epoch ms)"),
              chat::optional_field("byteOrderMark", chat::FieldType::kBoolean)
                  .describe("csv: start with a UTF-8 byte-order mark, for spreadsheets")};
    r.responses = std::string(R"j({"202": {"description": "{export: Export}; )j") + kExport + R"j("},
      "400": {"description": "a field is wrong (the message names it)"}, "401": {"description": "unauthorized"},
      "403": {"description": "a chat the caller is not in"}, "404": {"description": "no such chat"},
      "429": {"description": "two exports of the caller's are being made already"},
      "503": {"description": "files are off on this server"}})j";
    r.run = [&ctx](const RestCall& c) {
      chat::ExportRequest request;
      if (c.body.contains("chatIds")) request.chat_ids = chat::text_list(c.body, "chatIds");
      if (auto format = chat::optional_text(c.body, "format")) request.format = *format;
      request.from = chat::optional_integer(c.body, "from");
      request.to = chat::optional_integer(c.body, "to");
      request.byte_order_mark = chat::optional_boolean(c.body, "byteOrderMark").value_or(false);
      auto e = ctx.chat.exports.create(c.actor(), request);
      if (!e) return error(e.error());
      return json_ok(202, json::object{{"export", with_link(ctx, *e)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/exports"};
    r.summary = "The caller's exports, newest first";
    r.responses = std::string(R"j({"200": {"description": "{exports: [Export]}; )j") + kExport + R"j("},
      "401": {"description": "unauthorized"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto list = ctx.chat.exports.list(c.actor());
      if (!list) return error(list.error());
      json::array out;
      for (const auto& e : *list) out.push_back(with_link(ctx, e));
      return json_ok(200, json::object{{"exports", std::move(out)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.paths = {"/api/v1/exports/:exportId"};
    r.summary = "One of the caller's exports, with a fresh download link once done";
    r.responses = std::string(R"j({"200": {"description": "{export: Export}; )j") + kExport + R"j("},
      "401": {"description": "unauthorized"}, "404": {"description": "no such export of the caller's"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto e = ctx.chat.exports.get(c.actor(), c.params.get("exportId"));
      if (!e) return error(e.error());
      return json_ok(200, json::object{{"export", with_link(ctx, *e)}});
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;
    r.method = Verb::delete_;
    r.paths = {"/api/v1/exports/:exportId"};
    r.summary = "Remove an export and its file; one being made stops";
    r.responses = R"j({"204": {"description": "removed"}, "401": {"description": "unauthorized"},
      "404": {"description": "no such export of the caller's"}})j";
    r.run = [&ctx](const RestCall& c) {
      auto done = ctx.chat.exports.remove(c.actor(), c.params.get("exportId"));
      if (!done) return error(done.error());
      return no_content();
    };
    routes.push_back(std::move(r));
  }
  {
    RouteSpec r;  // served by add_file_transfer_routes, its body read from the blob store
    r.paths = {"/api/v1/exports/:exportId/download"};
    r.access = Access::kAnyone;
    r.summary = "An export's file by its signed link (the url of GET /api/v1/exports/{id})";
    r.description =
        "The query (expires, user, sig) as the link gives it. Content-Disposition: attachment, with the file's name "
        "(parley-export-<day>.json or .csv).";
    r.responses = R"j({"200": {"description": "the file"},
      "403": {"description": "the link is not valid or has expired"},
      "404": {"description": "no such export, or it has no file (yet)"}})j";
    routes.push_back(std::move(r));
  }
  return routes;
}

}  // namespace parley::http
