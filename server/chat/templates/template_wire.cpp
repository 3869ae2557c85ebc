#include "chat/templates/template_wire.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

template <class T>
json::value or_null(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

json::object template_json(const store::MessageTemplate& t) {
  return json::object{{"id", t.id},
                      {"chatId", or_null(t.chat_id)},
                      {"title", t.title},
                      {"category", t.category},
                      {"shortcut", or_null(t.shortcut)},
                      {"content", t.content},
                      {"createdBy", t.created_by},
                      {"createdAt", t.created_at},
                      {"updatedAt", t.updated_at},
                      {"version", t.version},
                      {"uses", t.use.uses},
                      {"lastUsedAt", or_null(t.use.last_used_at)}};
}

json::array templates_json(const std::vector<store::MessageTemplate>& list) {
  json::array out;
  out.reserve(list.size());
  for (const auto& t : list) out.push_back(template_json(t));
  return out;
}

}  // namespace parley::chat
