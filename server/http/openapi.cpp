// The OpenAPI document of Parley's REST API, served at /api/openapi.json: the shared parts
// here, the paths generated from the route tables.
#include "http/route_table.hpp"

#include <boost/json/parse.hpp>

#include <cctype>
#include <string>
#include <vector>

namespace parley::http {

namespace {

constexpr const char* kDocument = R"JSON({
  "openapi": "3.1.0",
  "info": {
    "title": "Parley REST API",
    "version": "1",
    "description": "Every path below also exists under the prefix /api/v1 (for example /api/v1/auth/login). Real-time events are listed at /api/events.json. Errors have the body {statusCode, error, message}; the codes of error are listed in the Error schema."
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
    "schemas": {
      "User": {"type": "object", "required": ["id", "email", "name"], "properties": {
        "id": {"type": "string", "format": "uuid"}, "email": {"type": "string", "description": "empty when directory_emails = contacts hides it from the caller"}, "name": {"type": "string"},
        "isOnline": {"type": "boolean"}, "lastSeen": {"type": ["integer", "null"], "description": "epoch milliseconds"}}},
      "Chat": {"type": "object", "required": ["id", "participants", "createdAt", "updatedAt"], "properties": {
        "id": {"type": "string", "format": "uuid"},
        "participants": {"type": "array", "items": {"type": "string", "format": "uuid"}},
        "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
        "lastSeq": {"type": "integer"},
        "changeSeq": {"type": "integer", "description": "rises with every edit, deletion, pin or own hidden message: the change feed's cursor (GET /api/v1/chats/{chatId}/changes?since=)"},
        "kind": {"type": "string", "enum": ["private", "group"]},
        "title": {"type": "string", "description": "groups"}, "description": {"type": "string", "description": "groups"},
        "avatarColor": {"type": "string", "description": "groups: #rrggbb behind the initials"},
        "memberCount": {"type": "integer", "description": "groups"},
        "participantsTruncated": {"type": "boolean", "description": "groups: participants lists the first 100 members only; page the rest with /api/v1/chats/{chatId}/members"},
        "role": {"type": "string", "enum": ["owner", "admin", "member"], "description": "groups: the caller's role"},
        "version": {"type": "integer", "description": "groups: rises with every change to the group"},
        "deliveredSeq": {"type": "integer", "description": "groups: every member has the messages up to this seq"},
        "readSeq": {"type": "integer", "description": "groups: every member read the messages up to this seq"},
        "lastReadSeq": {"type": "integer", "description": "groups, in GET /chats and GET /chats/{chatId}: the caller read the messages up to this seq"},
        "settings": {"$ref": "#/components/schemas/GroupSettings"}}},
      "GroupSettings": {"type": "object", "properties": {
        "sendMessages": {"type": "string", "enum": ["everyone", "admins"]}, "addMembers": {"type": "string", "enum": ["everyone", "admins"]},
        "editInfo": {"type": "string", "enum": ["everyone", "admins"]}, "pinMessages": {"type": "string", "enum": ["everyone", "admins"]},
        "historyVisible": {"type": "boolean", "description": "new members see the messages sent before they joined"},
        "slowModeSeconds": {"type": "integer"}, "memberLimit": {"type": "integer", "description": "0: the server's max_group_members"},
        "editWindowSeconds": {"type": "integer", "description": "how long a message can be edited in this group; 0: the server's edit window (GET /api/v1/limits)"}}},
      "Member": {"type": "object", "properties": {
        "id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}, "name": {"type": "string"},
        "role": {"type": "string", "enum": ["owner", "admin", "member"]}, "joinedAt": {"type": "string", "format": "date-time"},
        "position": {"type": "integer", "description": "join order: the cursor of the next page"}}},
      "Invite": {"type": "object", "properties": {
        "token": {"type": "string"}, "path": {"type": "string", "description": "the web client's page of the link: /join/{token}"},
        "chatId": {"type": "string", "format": "uuid"}, "createdBy": {"type": "string", "format": "uuid"},
        "createdAt": {"type": "string", "format": "date-time"}, "expiresAt": {"type": ["string", "null"], "format": "date-time"},
        "maxUses": {"type": ["integer", "null"]}, "uses": {"type": "integer"}, "revoked": {"type": "boolean"},
        "usable": {"type": "boolean", "description": "not revoked, not expired, not used up"}}},
      "ChatMessage": {"type": "object", "required": ["id", "chatId", "senderId", "content", "status", "createdAt"], "properties": {
        "id": {"type": "string", "format": "uuid"}, "chatId": {"type": "string"}, "senderId": {"type": "string"},
        "content": {"type": "string"}, "status": {"type": "string", "enum": ["SENT", "DELIVERED", "READ"]},
        "createdAt": {"type": "string", "format": "date-time"}, "isPinned": {"type": "boolean"},
        "pinnedAt": {"type": ["string", "null"]}, "pinnedBy": {"type": ["string", "null"]},
        "isForwarded": {"type": "boolean"}, "forwardedFromId": {"type": ["string", "null"]},
        "originalSenderId": {"type": ["string", "null"]}, "seq": {"type": "integer"},
        "clientMessageId": {"type": ["string", "null"]},
        "scheduled": {"type": "boolean", "description": "true when a scheduled message of the sender's sent it (absent otherwise)"},
        "editedAt": {"type": "string", "format": "date-time", "description": "once edited"},
        "editCount": {"type": "integer", "description": "once edited"},
        "deleted": {"type": "boolean", "description": "deleted for everyone: a tombstone whose content is the placeholder \"This message was deleted\""},
        "deletedAt": {"type": "string", "format": "date-time"}, "deletedBy": {"type": ["string", "null"]},
        "hidden": {"type": "boolean", "description": "the viewer deleted it for themself (content: the placeholder)"},
        "changeSeq": {"type": "integer", "description": "the chat's changeSeq at this message's last change (edit, deletion, pin, thread reply); absent when never changed"},
        "replyToId": {"type": "string", "format": "uuid", "description": "the message this one answers"},
        "replyTo": {"type": "object", "description": "what it answers, as that message is now", "properties": {
          "id": {"type": "string", "format": "uuid"}, "senderId": {"type": "string"}, "senderName": {"type": "string"},
          "excerpt": {"type": "string", "description": "the start of its text; empty when deleted"}, "deleted": {"type": "boolean"}}},
        "quote": {"type": "string", "description": "the fragment of the answered message quoted; gone once that message is deleted"},
        "threadRootId": {"type": "string", "format": "uuid", "description": "a thread reply: its thread's root"},
        "alsoToChat": {"type": "boolean", "description": "a thread reply also shown in the chat's timeline"},
        "thread": {"$ref": "#/components/schemas/ThreadSummary"},
        "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/Attachment"}, "description": "the files it carries; content is then the caption or, without one, a line such as \"📎 report.pdf\" for clients that know nothing of files"},
        "caption": {"type": "string", "description": "with attachments: the text sent with them (may be empty)"},
        "mentions": {"type": "array", "items": {"type": "string"}, "description": "the participants it mentions, by id; absent when none (and once deleted)"},
        "mentionsAll": {"type": "boolean", "description": "a group message that mentions everyone (@all); absent otherwise"},
        "kind": {"type": "string", "enum": ["system"], "description": "absent for text messages"},
        "system": {"type": "object", "description": "for kind system: {type, actorId, userIds?, title?, description?, role?, settings?}; content holds the same as a sentence", "properties": {
          "type": {"type": "string", "enum": ["created", "member_added", "member_removed", "member_left", "member_joined", "role_changed", "owner_changed", "title_changed", "description_changed", "settings_changed"]},
          "actorId": {"type": "string"}, "userIds": {"type": "array", "items": {"type": "string"}}, "title": {"type": "string"}, "description": {"type": "string"},
          "role": {"type": "string", "enum": ["owner", "admin", "member"]}, "settings": {"$ref": "#/components/schemas/GroupSettings"}}}}},
      "TextRange": {"type": "object", "required": ["start", "end"], "description": "a range [start, end) of a text in UTF-16 code units (JavaScript string indices)", "properties": {
        "start": {"type": "integer"}, "end": {"type": "integer"}}},
      "Attachment": {"type": "object", "required": ["id", "kind", "name", "size", "mime", "thumbnail"], "description": "a file as messages carry it; its bytes through POST /api/v1/files/links", "properties": {
        "id": {"type": "string", "format": "uuid"}, "kind": {"type": "string", "enum": ["image", "video", "audio", "voice", "file"]},
        "name": {"type": "string"}, "size": {"type": "integer", "description": "bytes"}, "mime": {"type": "string", "description": "told by the content"},
        "width": {"type": "integer"}, "height": {"type": "integer", "description": "images and videos, upright"},
        "duration": {"type": "number", "description": "seconds (video, audio, voice)"},
        "thumbnail": {"type": "boolean", "description": "a 320 px thumbnail exists (images, videos, PDFs)"},
        "display": {"type": "boolean", "description": "a 1280 px version exists (large images)"},
        "poster": {"type": "boolean", "description": "a video's poster frame exists"},
        "placeholder": {"type": "string", "description": "a ThumbHash of the image, base64, to show while it loads"},
        "waveform": {"type": "array", "items": {"type": "integer"}, "description": "voice and audio: 64 peaks, 0 to 100"}}},
      "ThreadSummary": {"type": "object", "description": "on a thread's root", "properties": {
        "replyCount": {"type": "integer"}, "lastReplyAt": {"type": ["string", "null"], "format": "date-time"},
        "participants": {"type": "array", "items": {"type": "string"}, "description": "the latest repliers (at most 5), newest first"}}},
      "Auth": {"type": "object", "properties": {"accessToken": {"type": "string"}, "user": {"$ref": "#/components/schemas/User"}}},
      "Error": {"type": "object", "properties": {"statusCode": {"type": "integer"}, "error": {"type": "string"}, "message": {"type": "string"}}}
    }
  }
})JSON";

namespace json = boost::json;

// "/chats/:chatId" -> "/chats/{chatId}", and the names of its path parameters.
std::string openapi_path(std::string_view pattern, std::vector<std::string>& names) {
  std::string out;
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ':' && i > 0 && pattern[i - 1] == '/') {
      auto end = pattern.find('/', i);
      if (end == std::string_view::npos) end = pattern.size();
      names.emplace_back(pattern.substr(i + 1, end - i - 1));
      out += "{" + names.back() + "}";
      i = end;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

json::object operation(const RouteSpec& route, const std::vector<std::string>& path_names) {
  json::object op{{"summary", route.summary}};
  if (!route.description.empty()) op["description"] = route.description;
  if (route.access == Access::kUser) op["security"] = json::array{json::object{{"bearer", json::array{}}}};
  json::array parameters;
  for (const auto& name : path_names) {
    parameters.push_back(
        json::object{{"name", name}, {"in", "path"}, {"required", true}, {"schema", json::object{{"type", "string"}}}});
  }
  for (const auto& f : route.query.fields()) {
    auto schema = chat::Schema::json_schema(f);
    schema.erase("description");  // said once, on the parameter
    json::object p{{"name", f.name}, {"in", "query"}, {"schema", std::move(schema)}};
    if (f.required) p["required"] = true;
    if (!f.description.empty()) p["description"] = f.description;
    parameters.push_back(std::move(p));
  }
  if (!parameters.empty()) op["parameters"] = std::move(parameters);
  if (!route.body.fields().empty()) {
    op["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{"application/json", json::object{{"schema", route.body.json_schema()}}}}}};
  }
  op["responses"] = json::parse(route.responses);
  return op;
}

}  // namespace

json::value openapi_document(const std::vector<RouteSpec>& routes) {
  json::value doc = json::parse(kDocument);
  json::object paths;
  for (const auto& route : routes) {
    std::vector<std::string> names;
    const auto path = openapi_path(route.paths.front(), names);
    auto& item = paths[path];
    if (!item.is_object()) item = json::object{};
    std::string method(boost::beast::http::to_string(route.method));
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    item.get_object()[method] = operation(route, names);
  }
  doc.get_object()["paths"] = std::move(paths);
  // The error codes, from the catalogue (chat/errors.hpp).
  json::array codes;
  std::string meanings;
  for (const auto& kind : chat::kErrorCatalogue) {
    codes.emplace_back(kind.code);
    meanings +=
        std::string(kind.code) + " (" + std::to_string(kind.http_status) + "): " + std::string(kind.meaning) + ". ";
  }
  auto& error = doc.at("components").at("schemas").at("Error").as_object();
  auto& code = error["properties"].as_object()["error"].as_object();
  code["enum"] = std::move(codes);
  code["description"] = meanings;
  return doc;
}

}  // namespace parley::http
