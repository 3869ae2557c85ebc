#include "http/conditional.hpp"

#include <boost/beast/http/field.hpp>

#include <gtest/gtest.h>

namespace parley::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::string_view kTag = "\"v1\"";
constexpr std::int64_t kModified = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

Request get(std::initializer_list<std::pair<bhttp::field, std::string_view>> fields, Verb method = Verb::get) {
  Request req{method, "/x", 11};
  for (const auto& [name, value] : fields) req.set(name, value);
  return req;
}

Selection select(const Request& req, std::uint64_t size = 100) {
  return select_representation(req, kTag, kModified, size);
}

TEST(HttpDate, FormatsAndReadsTheThreeForms) {
  EXPECT_EQ(http_date(kModified), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), kModified);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), kModified);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), kModified);
  EXPECT_EQ(parse_http_date(http_date(1'700'000'000)), 1'700'000'000);
  for (auto bad :
       {"", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 99999999999999999999 08:49:37 GMT"}) {
    EXPECT_FALSE(parse_http_date(bad)) << bad;
  }
}

TEST(Range, ReadsOneByteRange) {
  auto r = parse_range("bytes=10-19", 100);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 10u);
  EXPECT_EQ(r->length, 10u);
  r = parse_range("bytes=90-", 100);
  EXPECT_EQ(r->offset, 90u);
  EXPECT_EQ(r->length, 10u);
  r = parse_range("bytes=-30", 100);
  EXPECT_EQ(r->offset, 70u);
  EXPECT_EQ(r->length, 30u);
  r = parse_range("bytes=-300", 100);  // more than there is: all of it
  EXPECT_EQ(r->offset, 0u);
  EXPECT_EQ(r->length, 100u);
  r = parse_range("bytes=50-5000", 100);  // a last byte past the end stops at the end
  EXPECT_EQ(r->offset, 50u);
  EXPECT_EQ(r->length, 50u);
}

TEST(Range, RefusesWhatCannotBeSatisfiedAndIgnoresWhatItDoesNotRead) {
  EXPECT_FALSE(parse_range("bytes=100-", 100)->satisfiable);
  EXPECT_FALSE(parse_range("bytes=-0", 100)->satisfiable);
  EXPECT_FALSE(parse_range("bytes=0-", 0)->satisfiable);
  for (auto ignored : {"", "items=0-1", "bytes=", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-6", "bytes=1-2x",
                       "bytes=99999999999999999999-"}) {
    EXPECT_FALSE(parse_range(ignored, 100)) << ignored;
  }
}

TEST(EntityTags, WeakAndStrongComparison) {
  EXPECT_TRUE(etag_list_matches("\"v1\"", "\"v1\"", false));
  EXPECT_TRUE(etag_list_matches("\"a\", W/\"v1\"", "\"v1\"", true));
  EXPECT_FALSE(etag_list_matches("W/\"v1\"", "\"v1\"", false));
  EXPECT_TRUE(etag_list_matches("*", "\"v1\"", false));
  EXPECT_FALSE(etag_list_matches("*", "", false));  // nothing there to match
  EXPECT_FALSE(etag_list_matches("\"v2\"", "\"v1\"", true));
}

TEST(Select, WholeRepresentationWithoutConditions) {
  auto s = select(get({}));
  EXPECT_EQ(s.status, 200u);
  EXPECT_EQ(s.length, 100u);
}

TEST(Select, NotModifiedByTagOrDate) {
  EXPECT_EQ(select(get({{bhttp::field::if_none_match, "W/\"v1\""}})).status, 304u);
  EXPECT_EQ(select(get({{bhttp::field::if_none_match, "\"v2\""}})).status, 200u);
  EXPECT_EQ(select(get({{bhttp::field::if_modified_since, "Sun, 06 Nov 1994 08:49:37 GMT"}})).status, 304u);
  EXPECT_EQ(select(get({{bhttp::field::if_modified_since, "Sun, 06 Nov 1994 08:49:36 GMT"}})).status, 200u);
  // If-None-Match wins over If-Modified-Since.
  EXPECT_EQ(select(get({{bhttp::field::if_none_match, "\"v2\""},
                        {bhttp::field::if_modified_since, "Sun, 06 Nov 1994 08:49:37 GMT"}}))
                .status,
            200u);
  // Other methods get 412 where GET gets 304.
  EXPECT_EQ(select(get({{bhttp::field::if_none_match, "*"}}, Verb::put)).status, 412u);
}

TEST(Select, PreconditionsFail) {
  EXPECT_EQ(select(get({{bhttp::field::if_match, "\"v2\""}})).status, 412u);
  EXPECT_EQ(select(get({{bhttp::field::if_match, "W/\"v1\""}})).status, 412u);  // strong comparison
  EXPECT_EQ(select(get({{bhttp::field::if_match, "\"v1\""}})).status, 200u);
  EXPECT_EQ(select(get({{bhttp::field::if_unmodified_since, "Sun, 06 Nov 1994 08:49:36 GMT"}})).status, 412u);
  EXPECT_EQ(select(get({{bhttp::field::if_unmodified_since, "Sun, 06 Nov 1994 08:49:37 GMT"}})).status, 200u);
}

TEST(Select, RangesAndIfRange) {
  auto s = select(get({{bhttp::field::range, "bytes=10-19"}}));
  EXPECT_EQ(s.status, 206u);
  EXPECT_EQ(s.offset, 10u);
  EXPECT_EQ(s.length, 10u);
  EXPECT_EQ(select(get({{bhttp::field::range, "bytes=200-"}})).status, 416u);
  EXPECT_EQ(select(get({{bhttp::field::range, "bytes=0-1,4-5"}})).status, 200u);
  // If-Range: the range only while the representation is the one the client has.
  EXPECT_EQ(select(get({{bhttp::field::range, "bytes=10-19"}, {bhttp::field::if_range, "\"v1\""}})).status, 206u);
  EXPECT_EQ(select(get({{bhttp::field::range, "bytes=10-19"}, {bhttp::field::if_range, "\"v0\""}})).status, 200u);
  EXPECT_EQ(select(get({{bhttp::field::range, "bytes=10-19"}, {bhttp::field::if_range, "W/\"v1\""}})).status, 200u);
  EXPECT_EQ(
      select(get({{bhttp::field::range, "bytes=10-19"}, {bhttp::field::if_range, "Sun, 06 Nov 1994 08:49:37 GMT"}}))
          .status,
      206u);
  EXPECT_EQ(
      select(get({{bhttp::field::range, "bytes=10-19"}, {bhttp::field::if_range, "Sun, 06 Nov 1994 08:49:38 GMT"}}))
          .status,
      200u);
  // Range is for GET only.
  EXPECT_EQ(select(get({{bhttp::field::range, "bytes=10-19"}}, Verb::head)).status, 200u);
}

}  // namespace
}  // namespace parley::http
