#include "chat/schema.hpp"

#include <boost/json/parse.hpp>

namespace parley::chat {

namespace json = boost::json;

namespace {

Field field(std::string name, FieldType type, bool required) {
  Field f;
  f.name = std::move(name);
  f.type = type;
  f.required = required;
  return f;
}

}  // namespace

Field required_string(std::string name) { return field(std::move(name), FieldType::kString, true); }

Field optional_string(std::string name) { return field(std::move(name), FieldType::kString, false); }

Field required_integer(std::string name) { return field(std::move(name), FieldType::kInteger, true); }

Field bounded_integer(std::string name, std::int64_t min, std::int64_t max) {
  Field f = field(std::move(name), FieldType::kInteger, true);
  f.min = min;
  f.max = max;
  return f;
}

Field optional_integer_at_least(std::string name, std::int64_t min) {
  Field f = field(std::move(name), FieldType::kInteger, false);
  f.min = min;
  return f;
}

Field required_string_list(std::string name, std::size_t max_items) {
  Field f = field(std::move(name), FieldType::kStringList, true);
  f.max_items = max_items;
  f.note = "<= " + std::to_string(max_items);
  return f;
}

Field optional_field(std::string name, FieldType type) { return field(std::move(name), type, false); }

Field optional_bounded_integer(std::string name, std::int64_t min, std::int64_t max) {
  Field f = field(std::move(name), FieldType::kInteger, false);
  f.min = min;
  f.max = max;
  return f;
}

Field optional_string_list(std::string name, std::size_t max_items) {
  Field f = field(std::move(name), FieldType::kStringList, false);
  f.max_items = max_items;
  f.note = "<= " + std::to_string(max_items);
  return f;
}

Field optional_object(std::string name, std::string shape) {
  Field f = field(std::move(name), FieldType::kObject, false);
  f.shape = std::move(shape);
  return f;
}

Field lenient_optional(std::string name, FieldType type) {
  Field f = field(std::move(name), type, false);
  f.lenient = true;
  return f;
}

namespace {

bool has_type(const json::value& v, FieldType type) {
  switch (type) {
    case FieldType::kString:
      return v.is_string();
    case FieldType::kInteger:
      return v.is_int64() || (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX));
    case FieldType::kBoolean:
      return v.is_bool();
    case FieldType::kStringList:
      return v.is_array();
    case FieldType::kObject:
      return v.is_object();
  }
  return false;
}

std::string_view type_phrase(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "a string";
    case FieldType::kInteger:
      return "an integer";
    case FieldType::kBoolean:
      return "true or false";
    case FieldType::kStringList:
      return "an array of strings";
    case FieldType::kObject:
      return "an object";
  }
  return "a value";
}

std::string_view json_type(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kStringList:
      return "array";
    case FieldType::kObject:
      return "object";
  }
  return "string";
}

Error invalid(const Field& f, std::string_view what) {
  return Error{Errc::kInvalidInput, f.name + " must be " + std::string(what)};
}

std::int64_t as_int64(const json::value& v) {
  return v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(v.get_uint64());
}

}  // namespace

std::optional<Error> Schema::check(const json::object& args) const {
  for (const auto& f : fields_) {
    const auto* v = args.if_contains(f.name);
    if (!v || v->is_null()) {
      if (f.required) return invalid(f, type_phrase(f.type));
      continue;
    }
    if (!has_type(*v, f.type)) {
      if (!f.required && f.lenient) continue;
      return invalid(f, type_phrase(f.type));
    }
    switch (f.type) {
      case FieldType::kInteger: {
        const auto n = as_int64(*v);
        if (n < f.min) return invalid(f, "at least " + std::to_string(f.min));
        if (n > f.max) return invalid(f, "at most " + std::to_string(f.max));
        break;
      }
      case FieldType::kStringList: {
        const auto& list = v->get_array();
        if (f.max_items > 0 && list.size() > f.max_items) {
          return invalid(f, "a list of at most " + std::to_string(f.max_items) + " strings");
        }
        for (const auto& item : list) {
          if (!item.is_string()) return invalid(f, type_phrase(f.type));
        }
        break;
      }
      case FieldType::kString:
      case FieldType::kBoolean:
      case FieldType::kObject:
        break;
    }
  }
  return std::nullopt;
}

std::string Schema::signature() const {
  if (fields_.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const auto& f = fields_[i];
    if (i > 0) out += ", ";
    out += f.name;
    if (!f.required) out += '?';
    if (!f.note.empty()) out += " (" + f.note + ")";
  }
  return out + "}";
}

json::object Schema::json_schema(const Field& f) {
  json::object p{{"type", json_type(f.type)}};
  if (f.type == FieldType::kObject && !f.shape.empty()) {
    boost::system::error_code ec;
    auto shape = json::parse(f.shape, ec);
    if (!ec && shape.is_object()) p = std::move(shape.get_object());
  }
  if (f.type == FieldType::kStringList) {
    p["items"] = json::object{{"type", "string"}};
    if (f.max_items > 0) p["maxItems"] = f.max_items;
  }
  if (f.type == FieldType::kInteger) {
    if (f.min != std::numeric_limits<std::int64_t>::min()) p["minimum"] = f.min;
    if (f.max != std::numeric_limits<std::int64_t>::max()) p["maximum"] = f.max;
  }
  if (f.lenient) p["x-lenient"] = true;  // a value of another type counts as absent
  if (!f.description.empty()) p["description"] = f.description;
  return p;
}

json::value Schema::json_schema() const {
  json::object properties;
  json::array required;
  for (const auto& f : fields_) {
    properties[f.name] = json_schema(f);
    if (f.required) required.emplace_back(f.name);
  }
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

std::string text(const json::object& args, std::string_view name) { return std::string(args.at(name).get_string()); }

std::optional<std::string> optional_text(const json::object& args, std::string_view name) {
  const auto* v = args.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::int64_t integer(const json::object& args, std::string_view name) { return as_int64(args.at(name)); }

std::optional<std::int64_t> optional_integer(const json::object& args, std::string_view name) {
  const auto* v = args.if_contains(name);
  if (!v || !has_type(*v, FieldType::kInteger)) return std::nullopt;
  return as_int64(*v);
}

std::optional<bool> optional_boolean(const json::object& args, std::string_view name) {
  const auto* v = args.if_contains(name);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

std::vector<std::string> text_list(const json::object& args, std::string_view name) {
  std::vector<std::string> out;
  const auto* v = args.if_contains(name);
  if (!v || !v->is_array()) return out;
  out.reserve(v->get_array().size());
  for (const auto& item : v->get_array()) out.emplace_back(item.get_string());
  return out;
}

}  // namespace parley::chat
