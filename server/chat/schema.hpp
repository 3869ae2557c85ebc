// Request payload schemas: the fields an operation takes, their types and bounds, checked
// generically before the operation runs, with one error format ("<field> must be ..."). The
// same schema is shown in /api/events.json (signature) and in the OpenAPI document
// (json_schema), so what is documented is what is checked. Pure; safe from any thread.
#pragma once

#include "chat/errors.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::chat {

enum class FieldType { kString, kInteger, kBoolean, kStringList, kObject };

struct Field {
  std::string name;
  FieldType type = FieldType::kString;
  bool required = true;
  // Optional fields only: a value of another type counts as absent, as the prototype's server
  // did (chat:history's cursors). Otherwise a wrong type is refused.
  bool lenient = false;
  std::size_t max_items = 0;                                    // lists: 0 is no limit
  std::int64_t min = std::numeric_limits<std::int64_t>::min();  // integers
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::string note;         // what the signature adds in parentheses, e.g. "<= 100"
  std::string description;  // for the documents (OpenAPI)
  std::string shape;        // objects: their JSON Schema text, for the documents (the operation checks them)

  Field&& describe(std::string text) && {
    description = std::move(text);
    return std::move(*this);
  }
};

// The fields of table entries.
Field required_string(std::string name);
Field optional_string(std::string name);
Field required_integer(std::string name);
Field bounded_integer(std::string name, std::int64_t min, std::int64_t max);
Field optional_integer_at_least(std::string name, std::int64_t min);
Field required_string_list(std::string name, std::size_t max_items);
// An optional field of `type` (a wrong type is refused).
Field optional_field(std::string name, FieldType type);
Field optional_bounded_integer(std::string name, std::int64_t min, std::int64_t max);
Field optional_string_list(std::string name, std::size_t max_items);
// An optional JSON object, whose fields the operation checks; `shape`: its JSON Schema text.
Field optional_object(std::string name, std::string shape);
// An optional field of which a value of another type counts as absent.
Field lenient_optional(std::string name, FieldType type);

class Schema {
 public:
  Schema() = default;
  Schema(std::initializer_list<Field> fields) : fields_(fields) {}
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }

  // The first rule `args` breaks, as invalid_input naming the field; nothing when it holds.
  // Fields the schema does not name are ignored (clients may send more than an event uses).
  std::optional<Error> check(const boost::json::object& args) const;
  // "{chatId, before?, limit?}": the fields, optional ones with "?", notes in parentheses;
  // "" for an event without a payload.
  std::string signature() const;
  // The JSON Schema of the payload object.
  boost::json::value json_schema() const;
  // The JSON Schema of one field.
  static boost::json::object json_schema(const Field& field);

 private:
  std::vector<Field> fields_;
};

// Reads of fields a schema has checked: a required field is there with its type; an optional
// one may be absent (or null, or of another type when lenient).
std::string text(const boost::json::object& args, std::string_view name);
std::optional<std::string> optional_text(const boost::json::object& args, std::string_view name);
std::int64_t integer(const boost::json::object& args, std::string_view name);
std::optional<std::int64_t> optional_integer(const boost::json::object& args, std::string_view name);
std::optional<bool> optional_boolean(const boost::json::object& args, std::string_view name);
std::vector<std::string> text_list(const boost::json::object& args, std::string_view name);

}  // namespace parley::chat
