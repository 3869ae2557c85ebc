// A minimal S3 client over libcurl, for the S3 blob backend and its tests: sends one request
// signed with SigV4 (blob/sigv4.hpp) to a bucket or one of its objects and returns the status,
// headers and body, or streams a successful body to a callback. Thread-safe: requests run on
// curl easy handles taken from a pool (util/curl_handles.hpp), so their connections are reused.
#pragma once

#include "blob/s3_blob_store.hpp"
#include "blob/sigv4.hpp"
#include "util/curl_handles.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::blob {

struct S3Response {
  long status = 0;              // the HTTP status; 0 when no response came
  std::string transport_error;  // why the exchange failed (curl's message); empty when it did not
  std::string body;             // unless streamed to a BodySink
  sigv4::NameValues headers;    // names in lower case
  bool stopped = false;         // the BodySink stopped the transfer
  std::uint64_t streamed = 0;   // bytes given to the BodySink

  // A whole response came, with a 2xx status.
  bool ok() const { return status / 100 == 2 && transport_error.empty(); }
  std::optional<std::string> header(std::string_view name) const;
  // The S3 error code (<Code> in the body, or x-amz-error-code), or "".
  std::string error_code() const;
  // For messages: "HTTP 403 InvalidAccessKeyId", or the transport error.
  std::string describe() const;
};

// Takes a 2xx response's body as it arrives, with the response so far (status and headers):
// first an empty chunk once the headers are in, then each piece of the body. False stops the
// transfer.
using BodySink = std::function<bool(const S3Response& head, std::string_view chunk)>;

struct S3Request {
  std::string method;         // GET, HEAD, PUT, POST, DELETE
  std::string key;            // the object's key (not encoded); empty: the bucket
  sigv4::NameValues query;    // not encoded
  sigv4::NameValues headers;  // besides Host, x-amz-date, x-amz-content-sha256, Authorization
  std::string_view body;      // for PUT and POST
  const BodySink* sink = nullptr;
};

class S3Client {
 public:
  // Throws std::runtime_error when the endpoint is not scheme://host[:port][/path].
  explicit S3Client(const S3Options& options);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Sends the request, again (up to 3 times in all) while no response comes or it is a 5xx,
  // unless part of the body was streamed already.
  S3Response send(const S3Request& request);
  // "endpoint bucket 'name'", for messages.
  std::string where() const;

 private:
  S3Response send_once(void* handle, const S3Request& request);

  const S3Options options_;
  const sigv4::Credentials credentials_;
  std::string scheme_;             // http or https
  std::string authority_;          // host[:port]
  std::string base_path_;          // before the bucket (path style) or the key; usually empty
  util::CurlHandles handles_{16};  // between requests
};

// The text of every <tag> element of `xml`, entities decoded (S3's responses are simple enough
// that this is all the XML reading needed).
std::vector<std::string> xml_values(std::string_view xml, std::string_view tag);

}  // namespace parley::blob
