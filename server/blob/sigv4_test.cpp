// The SigV4 signer against the examples the S3 API reference publishes for header-based
// authentication ("Signature Calculations for the Authorization Header: Transferring Payload in
// a Single Chunk"), with its example key pair, and the signing-key example of the IAM guide.
#include "blob/sigv4.hpp"

#include "blob/sha256.hpp"

#include <gtest/gtest.h>

namespace parley::blob::sigv4 {
namespace {

constexpr const char* kHost = "examplebucket.s3.amazonaws.com";
constexpr const char* kDate = "20130524T000000Z";

Credentials example_credentials() {
  return Credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3"};
}

Request get_request(std::string path, NameValues query, NameValues extra_headers = {}) {
  Request request{"GET", std::move(path), std::move(query), {}, std::string(kEmptyPayloadSha256)};
  request.headers = {
      {"Host", kHost}, {"x-amz-content-sha256", std::string(kEmptyPayloadSha256)}, {"x-amz-date", kDate}};
  for (auto& header : extra_headers) request.headers.push_back(std::move(header));
  return request;
}

TEST(SigV4, GetObject) {
  const auto signed_request =
      sign(example_credentials(), get_request("/test.txt", {}, {{"Range", "bytes=0-9"}}), kDate);
  EXPECT_EQ(signed_request.canonical_request,
            "GET\n/test.txt\n\n"
            "host:examplebucket.s3.amazonaws.com\n"
            "range:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\n"
            "host;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(signed_request.string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(signed_request.signature, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(signed_request.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, PutObjectWithAKeyToEncode) {
  const std::string payload = "Welcome to Amazon S3.";
  const auto payload_sha256 = sha256_hex(payload);
  ASSERT_EQ(payload_sha256, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  Request request{"PUT", uri_encode_path("/test$file.text"), {}, {}, payload_sha256};
  request.headers = {{"Host", kHost},
                     {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                     {"x-amz-date", kDate},
                     {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                     {"x-amz-content-sha256", payload_sha256}};
  const auto signed_request = sign(example_credentials(), request, kDate);
  EXPECT_EQ(request.path, "/test%24file.text");
  EXPECT_EQ(signed_request.signature, "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  EXPECT_NE(
      signed_request.authorization.find("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"),
      std::string::npos)
      << signed_request.authorization;
}

TEST(SigV4, GetBucketLifecycleAQueryNameWithoutValue) {
  const auto signed_request = sign(example_credentials(), get_request("/", {{"lifecycle", ""}}), kDate);
  EXPECT_EQ(signed_request.canonical_request.substr(0, 17), "GET\n/\nlifecycle=\n");
  EXPECT_EQ(sha256_hex(signed_request.canonical_request),
            "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca");
  EXPECT_EQ(signed_request.signature, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4, ListObjectsSortsTheQuery) {
  const auto signed_request =
      sign(example_credentials(), get_request("/", {{"prefix", "J"}, {"max-keys", "2"}}), kDate);
  EXPECT_EQ(signed_request.canonical_request.substr(0, 26), "GET\n/\nmax-keys=2&prefix=J\n");
  EXPECT_EQ(sha256_hex(signed_request.canonical_request),
            "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7");
  EXPECT_EQ(signed_request.signature, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, SigningKeyOfTheIamExample) {
  EXPECT_EQ(hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4, UriEncodingKeepsOnlyUnreservedBytes) {
  EXPECT_EQ(uri_encode("AZaz09-._~", false), "AZaz09-._~");
  EXPECT_EQ(uri_encode("a b+c*d=e&f", false), "a%20b%2Bc%2Ad%3De%26f");
  EXPECT_EQ(uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(uri_encode_path("/bucket/a b/ü"), "/bucket/a%20b/%C3%BC");
}

TEST(SigV4, CanonicalQueryEncodesThenSortsByNameAndValue) {
  EXPECT_EQ(canonical_query({{"uploadId", "x/y+z"}, {"partNumber", "2"}}), "partNumber=2&uploadId=x%2Fy%2Bz");
  EXPECT_EQ(canonical_query({{"b", "2"}, {"a", ""}, {"b", "1"}}), "a=&b=1&b=2");
  EXPECT_EQ(canonical_query({{"prefix", "blobs/ä b"}, {"list-type", "2"}}), "list-type=2&prefix=blobs%2F%C3%A4%20b");
  EXPECT_EQ(canonical_query({}), "");
}

TEST(SigV4, HeaderValuesAreTrimmedAndRepeatedNamesJoined) {
  auto request = get_request("/", {}, {{"X-Amz-Meta-A", "  one   two  "}, {"x-amz-meta-a", "three"}});
  const auto signed_request = sign(example_credentials(), request, kDate);
  EXPECT_NE(signed_request.canonical_request.find("\nx-amz-meta-a:one two,three\n"), std::string::npos)
      << signed_request.canonical_request;
  EXPECT_NE(signed_request.authorization.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-a,"),
            std::string::npos);
}

}  // namespace
}  // namespace parley::blob::sigv4
