// The OpenAPI document of Parley's REST API, served at /api/openapi.json.
#include "http/chat_routes.hpp"

#include <boost/json/parse.hpp>

namespace parley::http {

namespace {

constexpr const char* kDocument = R"JSON({
  "openapi": "3.1.0",
  "info": {
    "title": "Parley REST API",
    "version": "1",
    "description": "Every path below also exists under the prefix /api/v1 (for example /api/v1/auth/login). Real-time events are listed at /api/events.json. Errors have the body {statusCode, error, message}; error is one of invalid_input, unauthorized, forbidden, not_found, conflict, rate_limited, payload_too_large, pin_limit, unavailable."
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
        "lastSeq": {"type": "integer"}}},
      "ChatMessage": {"type": "object", "required": ["id", "chatId", "senderId", "content", "status", "createdAt"], "properties": {
        "id": {"type": "string", "format": "uuid"}, "chatId": {"type": "string"}, "senderId": {"type": "string"},
        "content": {"type": "string"}, "status": {"type": "string", "enum": ["SENT", "DELIVERED", "READ"]},
        "createdAt": {"type": "string", "format": "date-time"}, "isPinned": {"type": "boolean"},
        "pinnedAt": {"type": ["string", "null"]}, "pinnedBy": {"type": ["string", "null"]},
        "isForwarded": {"type": "boolean"}, "forwardedFromId": {"type": ["string", "null"]},
        "originalSenderId": {"type": ["string", "null"]}, "seq": {"type": "integer"},
        "clientMessageId": {"type": ["string", "null"]}}},
      "Auth": {"type": "object", "properties": {"accessToken": {"type": "string"}, "user": {"$ref": "#/components/schemas/User"}}},
      "Error": {"type": "object", "properties": {"statusCode": {"type": "integer"}, "error": {"type": "string"}, "message": {"type": "string"}}}
    }
  },
  "paths": {
    "/auth/register": {"post": {"summary": "Create an account",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["email", "name", "password"], "properties": {
        "email": {"type": "string", "description": "stored in canonical form: NFKC, case-folded, without the domain's trailing dot; no control, invisible or text-direction characters, no look-alike scripts"},
        "name": {"type": "string", "minLength": 1, "maxLength": 64, "description": "no control, invisible or text-direction characters"},
        "password": {"type": "string", "minLength": 8, "maxLength": 256, "description": "not only white space, not a common password"}}}}}},
      "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Auth"}}}},
        "400": {"description": "invalid input (the message says which rule)"}, "409": {"description": "email taken, in any spelling of its canonical form"}, "429": {"description": "rate limited"}}}},
    "/auth/login": {"post": {"summary": "Log in",
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["email", "password"], "properties": {"email": {"type": "string"}, "password": {"type": "string"}}}}}},
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Auth"}}}},
        "401": {"description": "wrong email or password"}, "429": {"description": "rate limited"}}}},
    "/auth/logout": {"post": {"summary": "Revoke the token's session", "security": [{"bearer": []}],
      "responses": {"204": {"description": "revoked"}, "401": {"description": "unauthorized"}}}},
    "/me": {"get": {"summary": "The caller", "security": [{"bearer": []}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}},
    "/api/users": {"get": {"summary": "All users with presence (unpaged: see /api/v1/directory)", "security": [{"bearer": []}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}, "401": {"description": "unauthorized"}}}},
    "/api/v1/directory": {"get": {"summary": "The user directory a page at a time, by name (case-insensitive), then id; searchable",
      "description": "Only under /api/v1. /api/users (and /api/v1/users) keep the unpaged array of the compatibility contract. With the setting directory_emails = contacts, the email of a user who shares no chat with the caller is the empty string here and in every user list, and q does not match it.",
      "security": [{"bearer": []}],
      "parameters": [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}, "description": "users whose name or email contains this text, ignoring case and Unicode form; leading and trailing spaces are ignored"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 50, "maximum": 200}, "description": "users per page; larger values give 200"},
        {"name": "cursor", "in": "query", "schema": {"type": "string"}, "description": "nextCursor of the previous page (opaque)"}],
      "responses": {"200": {"description": "one page", "content": {"application/json": {"schema": {"type": "object", "required": ["users", "nextCursor"], "properties": {
          "users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
          "nextCursor": {"type": ["string", "null"], "description": "pass as cursor for the next page; null on the last page"}}}}}},
        "400": {"description": "invalid q, limit or cursor"}, "401": {"description": "unauthorized"}}}},
    "/chats": {
      "post": {"summary": "Open the private chat with a user (the existing one if any)", "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["userId"], "properties": {"userId": {"type": "string"}}}}}},
        "responses": {"201": {"description": "the chat", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}},
          "400": {"description": "invalid input"}, "404": {"description": "unknown user"}}},
      "get": {"summary": "The caller's chats, newest activity first", "security": [{"bearer": []}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Chat"}}}}}}}},
    "/chats/{chatId}": {"get": {"summary": "One chat", "security": [{"bearer": []}],
      "parameters": [{"name": "chatId", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chat"}}}},
        "403": {"description": "not a participant"}, "404": {"description": "unknown chat"}}}},
    "/chats/{chatId}/messages": {"get": {"summary": "History, oldest first", "security": [{"bearer": []}],
      "parameters": [{"name": "chatId", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "before", "in": "query", "schema": {"type": "string"}, "description": "messages older than this message id"},
        {"name": "after_seq", "in": "query", "schema": {"type": "integer"}, "description": "messages with a greater seq (catch-up)"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 50, "maximum": 200}}],
      "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ChatMessage"}}}}},
        "403": {"description": "not a participant"}, "404": {"description": "unknown chat"}}}},
    "/health": {"get": {"summary": "Health of the process and its database",
      "responses": {"200": {"description": "ok"}, "503": {"description": "a backend is down"}}}}
  }
})JSON";

}  // namespace

boost::json::value openapi_document() { return boost::json::parse(kDocument); }

}  // namespace parley::http
