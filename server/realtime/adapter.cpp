#include "realtime/adapter.hpp"

#include "util/base64.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::realtime {
namespace {

namespace json = boost::json;

json::array strings(const std::vector<std::string>& values) {
  json::array a;
  for (const auto& v : values) a.emplace_back(v);
  return a;
}

bool read_strings(const json::value* v, std::vector<std::string>& out) {
  const auto* a = v ? v->if_array() : nullptr;
  if (!a) return false;
  for (const auto& item : *a) {
    if (!item.is_string()) return false;
    out.emplace_back(item.get_string());
  }
  return true;
}

}  // namespace

std::string encode_for_cluster(const EncodedBroadcast& broadcast, std::string_view origin, std::uint64_t seq) {
  json::array frames;
  for (const auto& f : broadcast.frames) {
    frames.push_back(json::object{{"b", f.binary}, {"d", f.binary ? util::base64_encode(*f.data) : *f.data}});
  }
  return json::serialize(json::object{{"o", origin},
                                      {"s", seq},
                                      {"n", broadcast.nsp},
                                      {"r", strings(broadcast.rooms)},
                                      {"x", strings(broadcast.except)},
                                      {"f", std::move(frames)}});
}

std::string encode_for_cluster(const RoomChange& change, std::string_view origin, std::uint64_t seq) {
  json::object c{{"in", change.in_room}, {"room", change.room}, {"join", change.join}};
  if (change.disconnect) {
    c["dc"] = true;
    c["ev"] = change.event;
    c["data"] = change.event_data;
  }
  return json::serialize(json::object{{"o", origin}, {"s", seq}, {"n", change.nsp}, {"c", std::move(c)}});
}

std::optional<ClusterMessage> decode_from_cluster(std::string_view text) {
  boost::system::error_code ec;
  const auto value = json::parse(text, ec);
  const auto* o = ec ? nullptr : value.if_object();
  if (!o) return std::nullopt;
  const auto* origin = o->if_contains("o");
  const auto* nsp = o->if_contains("n");
  const auto* seq = o->if_contains("s");
  if (!origin || !origin->is_string() || !seq || !seq->is_number() || !nsp || !nsp->is_string()) return std::nullopt;
  ClusterMessage out;
  out.origin = std::string(origin->get_string());
  boost::system::error_code seq_ec;
  out.seq = seq->to_number<std::uint64_t>(seq_ec);
  if (seq_ec) return std::nullopt;
  if (const auto* change = o->if_contains("c")) {
    const auto* c = change->if_object();
    const auto* in = c ? c->if_contains("in") : nullptr;
    const auto* room = c ? c->if_contains("room") : nullptr;
    const auto* join = c ? c->if_contains("join") : nullptr;
    if (!in || !in->is_string() || !room || !room->is_string() || !join || !join->is_bool()) return std::nullopt;
    out.change = RoomChange{.nsp = std::string(nsp->get_string()),
                            .in_room = std::string(in->get_string()),
                            .room = std::string(room->get_string()),
                            .join = join->get_bool()};
    if (const auto* dc = c->if_contains("dc"); dc && dc->is_bool() && dc->get_bool()) {
      const auto* ev = c->if_contains("ev");
      const auto* data = c->if_contains("data");
      if (!ev || !ev->is_string() || !data || !data->is_string()) return std::nullopt;
      out.change->disconnect = true;
      out.change->event = std::string(ev->get_string());
      out.change->event_data = std::string(data->get_string());
    }
    return out;
  }
  const auto* frames = o->if_contains("f");
  if (!frames || !frames->is_array()) return std::nullopt;
  out.broadcast.nsp = std::string(nsp->get_string());
  if (!read_strings(o->if_contains("r"), out.broadcast.rooms) ||
      !read_strings(o->if_contains("x"), out.broadcast.except)) {
    return std::nullopt;
  }
  for (const auto& f : frames->get_array()) {
    const auto* fo = f.if_object();
    const auto* binary = fo ? fo->if_contains("b") : nullptr;
    const auto* data = fo ? fo->if_contains("d") : nullptr;
    if (!binary || !binary->is_bool() || !data || !data->is_string()) return std::nullopt;
    if (!binary->get_bool()) {
      out.broadcast.frames.push_back(eio::Frame::text(std::string(data->get_string())));
      continue;
    }
    auto bytes = util::base64_decode(data->get_string());
    if (!bytes) return std::nullopt;
    out.broadcast.frames.push_back(eio::Frame::bytes(std::move(*bytes)));
  }
  return out;
}

}  // namespace parley::realtime
