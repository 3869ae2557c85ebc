#include "chat/schema.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::chat {
namespace {

namespace json = boost::json;

json::object args(std::string_view text) { return json::parse(text).as_object(); }

// The message of the error `text` gets, or "" when it passes.
std::string error_of(const Schema& schema, std::string_view text) {
  auto e = schema.check(args(text));
  if (!e) return "";
  EXPECT_EQ(e->code, Errc::kInvalidInput);
  return e->message;
}

TEST(Schema, RequiredFieldsMustBeThereWithTheirType) {
  const Schema s{required_string("chatId"), required_integer("seq")};
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "seq": 3})"), "");
  EXPECT_EQ(error_of(s, R"({"seq": 3})"), "chatId must be a string");
  EXPECT_EQ(error_of(s, R"({"chatId": null, "seq": 3})"), "chatId must be a string");
  EXPECT_EQ(error_of(s, R"({"chatId": 7, "seq": 3})"), "chatId must be a string");
  EXPECT_EQ(error_of(s, R"({"chatId": ["c"], "seq": 3})"), "chatId must be a string");
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "seq": "3"})"), "seq must be an integer");
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "seq": 1.5})"), "seq must be an integer");
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "seq": 18446744073709551615})"), "seq must be an integer");
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "seq": 3, "extra": {}})"), "");  // unknown fields are ignored
}

TEST(Schema, OptionalFieldsMayBeAbsentOrNullButNotOfAnotherType) {
  const Schema s{required_string("chatId"), optional_string("clientMessageId")};
  EXPECT_EQ(error_of(s, R"({"chatId": "c"})"), "");
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "clientMessageId": null})"), "");
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "clientMessageId": 5})"), "clientMessageId must be a string");
  const auto a = args(R"({"chatId": "c", "clientMessageId": "x"})");
  EXPECT_EQ(text(a, "chatId"), "c");
  EXPECT_EQ(optional_text(a, "clientMessageId"), "x");
  EXPECT_EQ(optional_text(args(R"({"chatId": "c"})"), "clientMessageId"), std::nullopt);
}

TEST(Schema, LenientOptionalFieldsOfAnotherTypeCountAsAbsent) {
  const Schema s{required_string("chatId"), lenient_optional("limit", FieldType::kInteger)};
  EXPECT_EQ(error_of(s, R"({"chatId": "c", "limit": "ten"})"), "");
  EXPECT_EQ(optional_integer(args(R"({"limit": "ten"})"), "limit"), std::nullopt);
  EXPECT_EQ(optional_integer(args(R"({"limit": 10})"), "limit"), 10);
}

TEST(Schema, IntegerBounds) {
  const Schema s{bounded_integer("n", 1, 10)};
  EXPECT_EQ(error_of(s, R"({"n": 1})"), "");
  EXPECT_EQ(error_of(s, R"({"n": 10})"), "");
  EXPECT_EQ(error_of(s, R"({"n": 0})"), "n must be at least 1");
  EXPECT_EQ(error_of(s, R"({"n": 11})"), "n must be at most 10");
}

TEST(Schema, StringListsHoldOnlyStringsUpToTheirBound) {
  const Schema s{required_string_list("ids", 3)};
  EXPECT_EQ(error_of(s, R"({"ids": []})"), "");
  EXPECT_EQ(error_of(s, R"({"ids": ["a", "b", "c"]})"), "");
  EXPECT_EQ(error_of(s, R"({"ids": ["a", "b", "c", "d"]})"), "ids must be a list of at most 3 strings");
  EXPECT_EQ(error_of(s, R"({"ids": ["a", 2]})"), "ids must be an array of strings");
  EXPECT_EQ(error_of(s, R"({"ids": "a"})"), "ids must be an array of strings");
  EXPECT_EQ(text_list(args(R"({"ids": ["a", "b"]})"), "ids"), (std::vector<std::string>{"a", "b"}));
}

TEST(Schema, SignatureAndJsonSchemaDescribeWhatIsChecked) {
  const Schema s{required_string_list("messageIds", 100), required_string("toChatId"),
                 optional_string("additionalContent")};
  EXPECT_EQ(s.signature(), "{messageIds (<= 100), toChatId, additionalContent?}");
  EXPECT_EQ(Schema{}.signature(), "");
  EXPECT_EQ(
      json::serialize(s.json_schema()),
      R"({"type":"object","properties":{"messageIds":{"type":"array","items":{"type":"string"},"maxItems":100},)"
      R"("toChatId":{"type":"string"},"additionalContent":{"type":"string"}},"required":["messageIds","toChatId"]})");
}

}  // namespace
}  // namespace parley::chat
