#include "chat/files/file_wire.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {
namespace json = boost::json;

json::value attachment_value(const store::StoredFile& file) {
  boost::system::error_code ec;
  auto v = json::parse(file.attachment, ec);
  if (ec || !v.is_object()) return json::object{{"id", file.id}, {"kind", "file"}, {"name", file.name}};
  return v;
}

json::object links_json(const std::vector<FileLinks>& links, const std::vector<std::string>& denied) {
  json::array out;
  for (const auto& l : links) {
    json::object o{{"id", l.id}, {"url", l.url}, {"downloadUrl", l.download}, {"expiresAt", l.expires_at}};
    if (l.thumbnail) o["thumbnailUrl"] = *l.thumbnail;
    if (l.display) o["displayUrl"] = *l.display;
    if (l.poster) o["posterUrl"] = *l.poster;
    out.push_back(std::move(o));
  }
  json::array refused;
  for (const auto& id : denied) refused.push_back(json::value(id));
  return json::object{{"links", std::move(out)}, {"denied", std::move(refused)}};
}

}  // namespace parley::chat
