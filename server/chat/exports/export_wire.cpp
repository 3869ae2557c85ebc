#include "chat/exports/export_wire.hpp"

#include <boost/json.hpp>

namespace parley::chat {

namespace json = boost::json;

namespace {

template <class T>
json::value or_null(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

json::object export_json(const store::DataExport& e, const std::optional<std::string>& url) {
  json::object o{{"id", e.id},
                 {"format", e.format},
                 {"state", e.state},
                 {"done", e.done},
                 {"total", e.total},
                 {"size", e.size},
                 {"chatIds", json::array()},
                 {"from", nullptr},
                 {"to", nullptr},
                 {"error", or_null(e.error)},
                 {"createdAt", e.created_at},
                 {"finishedAt", or_null(e.finished_at)},
                 {"expiresAt", or_null(e.expires_at)},
                 {"url", or_null(url)}};
  // The request as stored (export_service.cpp writes it).
  std::error_code ec;
  const auto options = json::parse(e.options, ec);
  if (const auto* request = ec ? nullptr : options.if_object()) {
    for (const char* key : {"chatIds", "from", "to"}) {
      if (const auto* v = request->if_contains(key)) o[key] = *v;
    }
  }
  return o;
}

}  // namespace parley::chat
