#include "chat/exports/export_json.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace parley::chat {

namespace json = boost::json;

namespace {

json::object person_json(const ExportPerson& p) { return {{"id", p.id}, {"name", p.name}, {"email", p.email}}; }

template <class T>
void put(json::object& o, std::string_view key, const std::optional<T>& v) {
  if (v) o[key] = *v;
}

// A JSON text stored by the store (system details, attachments) as a value; its text when it
// cannot be read.
json::value stored_json(const std::string& text) {
  std::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(text) : v;
}

json::object message_json(const ExportMessage& e) {
  const auto& m = *e.message;
  json::object o{{"id", m.id},     {"seq", m.seq},        {"senderId", m.sender_id}, {"createdAt", m.created_at},
                 {"kind", m.kind}, {"content", m.content}};
  if (m.system) o["system"] = stored_json(*m.system);
  put(o, "clientMessageId", m.client_message_id);
  if (m.edited_at) {
    json::array versions;
    for (const auto& v : e.versions) versions.push_back(json::object{{"content", v.content}, {"at", v.at}});
    o["edited"] = json::object{{"at", *m.edited_at}, {"count", m.edit_count}, {"versions", std::move(versions)}};
  }
  if (m.deleted_at) {
    json::object deleted{{"at", *m.deleted_at}};
    put(deleted, "by", m.deleted_by);
    o["deleted"] = std::move(deleted);
  }
  put(o, "replyToId", m.reply_to_id);
  put(o, "quote", m.quote);
  if (m.thread_root_id) {
    o["threadRootId"] = *m.thread_root_id;
    o["alsoToChat"] = m.also_to_chat;
  }
  if (m.pinned_at) {
    json::object pinned{{"at", *m.pinned_at}};
    put(pinned, "by", m.pinned_by);
    o["pinned"] = std::move(pinned);
  }
  if (m.forwarded_from_id || m.original_sender_id) {
    json::object forwarded;
    put(forwarded, "fromMessageId", m.forwarded_from_id);
    put(forwarded, "originalSenderId", m.original_sender_id);
    o["forwarded"] = std::move(forwarded);
  }
  json::array reactions;
  if (!e.reactions.empty()) {
    for (const auto& r : e.reactions) {
      json::array users(r.users.begin(), r.users.end());
      reactions.push_back(json::object{
          {"emoji", r.emoji}, {"count", static_cast<std::int64_t>(r.users.size())}, {"users", std::move(users)}});
    }
  } else {
    for (const auto& r : m.reactions) reactions.push_back(json::object{{"emoji", r.emoji}, {"count", r.count}});
  }
  if (!reactions.empty()) o["reactions"] = std::move(reactions);
  if (!m.mentions.empty()) {
    o["mentions"] =
        json::object{{"users", json::array(m.mentions.users.begin(), m.mentions.users.end())}, {"all", m.mentions.all}};
  }
  if (m.attachments) o["attachments"] = stored_json(*m.attachments);
  return o;
}

}  // namespace

ExportJsonWriter::ExportJsonWriter(Sink sink, const ExportPerson& by, store::TimeMs at) : sink_(std::move(sink)) {
  // The opening, without its closing brackets: the chats follow.
  const json::object head{{"format", "parley-export"},
                          {"version", kExportFormatVersion},
                          {"exportedAt", at},
                          {"exportedBy", person_json(by)}};
  std::string text = json::serialize(head);
  text.pop_back();  // the closing brace
  text += R"(,"chats":[)";
  sink_(text);
}

void ExportJsonWriter::begin_chat(const ExportChat& c) {
  if (in_chat_ || finished_) throw std::logic_error("ExportJsonWriter: begin_chat inside a chat");
  const auto& chat = *c.chat;
  json::object o{{"id", chat.id}, {"kind", chat.kind}, {"createdAt", chat.created_at}};
  if (chat.group) {
    o["title"] = chat.group->title;
    o["description"] = chat.group->description;
  }
  json::array people;
  for (const auto& p : c.participants) people.push_back(person_json(p));
  o["participants"] = std::move(people);
  std::string text = first_chat_ ? "" : ",";
  text += json::serialize(o);
  text.pop_back();  // the closing brace: the messages follow
  text += R"(,"messages":[)";
  sink_(text);
  first_chat_ = false;
  first_message_ = true;
  in_chat_ = true;
}

void ExportJsonWriter::message(const ExportMessage& m) {
  if (!in_chat_) throw std::logic_error("ExportJsonWriter: a message outside a chat");
  std::string text = first_message_ ? "" : ",";
  text += json::serialize(message_json(m));
  sink_(text);
  first_message_ = false;
}

void ExportJsonWriter::end_chat() {
  if (!in_chat_) throw std::logic_error("ExportJsonWriter: end_chat outside a chat");
  sink_("]}");
  in_chat_ = false;
}

void ExportJsonWriter::finish() {
  if (in_chat_ || finished_) throw std::logic_error("ExportJsonWriter: finish inside a chat or twice");
  sink_("]}");
  finished_ = true;
}

}  // namespace parley::chat
