#include "chat/messages/lifecycle_wire.hpp"

#include "chat/wire.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

json::object versions_json(const std::vector<store::TextVersion>& versions) {
  json::array out;
  out.reserve(versions.size());
  for (const auto& v : versions) out.push_back(json::object{{"content", v.content}, {"at", util::iso8601(v.at)}});
  return json::object{{"versions", std::move(out)}};
}

json::object changes_json(const store::ChangePage& page) {
  json::array hidden;
  for (const auto& id : page.hidden) hidden.emplace_back(id);
  return json::object{{"messages", messages_json(page.messages)},
                      {"hidden", std::move(hidden)},
                      {"until", page.until},
                      {"more", page.more}};
}

std::optional<DeleteScope> delete_scope(std::optional<std::string_view> text) {
  if (!text || *text == "everyone") return DeleteScope::kEveryone;
  if (*text == "me") return DeleteScope::kMe;
  return std::nullopt;
}

}  // namespace parley::chat
