#include "realtime/socketio_packet.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace parley::realtime::sio {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool payload_valid(PacketType type, const Packet& p) {
  switch (type) {
    case PacketType::kConnect:
      return !p.has_data || p.data.is_object();
    case PacketType::kDisconnect:
      return !p.has_data;
    case PacketType::kConnectError:
      return p.has_data && (p.data.is_object() || p.data.is_string());
    case PacketType::kEvent:
    case PacketType::kBinaryEvent:
      return p.has_data && p.data.is_array() && !p.data.get_array().empty() && p.data.get_array()[0].is_string();
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      return p.has_data && p.data.is_array();
  }
  return false;
}

void count_placeholders(const boost::json::value& v, std::vector<bool>& seen, bool& ok) {
  if (!ok) return;
  if (v.is_array()) {
    for (const auto& e : v.get_array()) count_placeholders(e, seen, ok);
  } else if (v.is_object()) {
    if (const auto idx = placeholder_index(v)) {
      if (*idx >= seen.size()) {
        ok = false;
      } else {
        seen[*idx] = true;
      }
      return;
    }
    for (const auto& kv : v.get_object()) count_placeholders(kv.value(), seen, ok);
  }
}

// JSON numbers beyond the range of a double parse as infinity; they could not be encoded back
// as JSON, so packets holding them are refused.
bool numbers_finite(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(v.get_double());
    case boost::json::kind::array:
      for (const auto& e : v.get_array()) {
        if (!numbers_finite(e)) return false;
      }
      return true;
    case boost::json::kind::object:
      for (const auto& kv : v.get_object()) {
        if (!numbers_finite(kv.value())) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace

DecodeResult decode(std::string_view text, const DecodeLimits& limits) {
  if (text.empty()) return {std::nullopt, "empty packet"};
  if (text[0] < '0' || text[0] > '6') return {std::nullopt, "unknown packet type"};
  Packet p;
  p.type = static_cast<PacketType>(text[0] - '0');
  std::size_t i = 1;
  const bool binary = p.type == PacketType::kBinaryEvent || p.type == PacketType::kBinaryAck;

  if (binary) {
    const std::size_t dash = text.find('-', i);
    if (dash == text.npos || dash == i || dash - i > 6) return {std::nullopt, "invalid attachment count"};
    std::size_t n = 0;
    for (std::size_t k = i; k < dash; ++k) {
      if (!is_digit(text[k])) return {std::nullopt, "invalid attachment count"};
      n = n * 10 + static_cast<std::size_t>(text[k] - '0');
    }
    if (n > limits.max_attachments) return {std::nullopt, "too many attachments"};
    p.attachments = n;
    i = dash + 1;
  }

  if (i < text.size() && text[i] == '/') {
    const std::size_t comma = text.find(',', i);
    const std::size_t end = comma == text.npos ? text.size() : comma;
    p.nsp.assign(text.substr(i, end - i));
    i = comma == text.npos ? text.size() : comma + 1;
  }

  if (i < text.size() && is_digit(text[i])) {
    std::size_t end = i;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end - i > 16) return {std::nullopt, "invalid ack id"};
    std::uint64_t id = 0;
    std::from_chars(text.data() + i, text.data() + end, id);
    if (id > kMaxAckId) return {std::nullopt, "invalid ack id"};
    p.id = id;
    i = end;
  }

  if (i < text.size()) {
    boost::json::parse_options opts;
    opts.max_depth = limits.max_json_depth;
    boost::system::error_code ec;
    boost::json::parser parser({}, opts);
    parser.write(text.data() + i, text.size() - i, ec);
    if (ec) return {std::nullopt, "invalid payload"};
    p.data = parser.release();
    p.has_data = true;
    if (!numbers_finite(p.data)) return {std::nullopt, "number out of range"};
  }

  if (!payload_valid(p.type, p)) return {std::nullopt, "invalid payload"};
  if ((p.type == PacketType::kAck || p.type == PacketType::kBinaryAck) && !p.id) {
    return {std::nullopt, "ack without id"};
  }
  if (binary && !placeholders_valid(p.data, p.attachments)) {
    return {std::nullopt, "invalid placeholder"};
  }
  return {std::move(p), {}};
}

std::string encode(const Packet& p) {
  std::string out;
  out += static_cast<char>('0' + static_cast<int>(p.type));
  if (p.type == PacketType::kBinaryEvent || p.type == PacketType::kBinaryAck) {
    out += std::to_string(p.attachments);
    out += '-';
  }
  if (p.nsp != "/") {
    out += p.nsp;
    out += ',';
  }
  if (p.id) out += std::to_string(*p.id);
  if (p.has_data) out += boost::json::serialize(p.data);
  return out;
}

std::optional<std::size_t> placeholder_index(const boost::json::value& v) {
  const auto* obj = v.if_object();
  if (!obj || obj->size() != 2) return std::nullopt;
  const auto* flag = obj->if_contains("_placeholder");
  const auto* num = obj->if_contains("num");
  if (!flag || !num || !flag->is_bool() || !flag->get_bool()) return std::nullopt;
  if (num->is_int64() && num->get_int64() >= 0) return static_cast<std::size_t>(num->get_int64());
  if (num->is_uint64()) return static_cast<std::size_t>(num->get_uint64());
  return std::nullopt;
}

boost::json::value make_placeholder(std::size_t index) {
  return boost::json::object{{"_placeholder", true}, {"num", index}};
}

bool placeholders_valid(const boost::json::value& v, std::size_t count) {
  std::vector<bool> seen(count, false);
  bool ok = true;
  count_placeholders(v, seen, ok);
  if (!ok) return false;
  for (bool s : seen) {
    if (!s) return false;
  }
  return true;
}

}  // namespace parley::realtime::sio
