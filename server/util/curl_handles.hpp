// A pool of libcurl easy handles, so that one client's requests reuse their connections (HTTP
// keep-alive, TLS sessions): acquire() takes an idle handle or makes one, release() keeps up to
// `keep` of them for later. Thread-safe; the handles are cleaned up with the pool. Header-only,
// for the code that links libcurl (the S3 client, the Web Push sender).
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <mutex>
#include <vector>

namespace parley::util {

class CurlHandles {
 public:
  explicit CurlHandles(std::size_t keep) : keep_(keep) {}
  ~CurlHandles() {
    for (CURL* handle : idle_) curl_easy_cleanup(handle);
  }
  CurlHandles(const CurlHandles&) = delete;
  CurlHandles& operator=(const CurlHandles&) = delete;

  // An idle handle as its last request left it, or a new one; nullptr when curl cannot make one.
  CURL* acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        CURL* handle = idle_.back();
        idle_.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void release(CURL* handle) {
    {
      std::lock_guard lock(mutex_);
      if (idle_.size() < keep_) {
        idle_.push_back(handle);
        return;
      }
    }
    curl_easy_cleanup(handle);
  }

 private:
  const std::size_t keep_;
  std::mutex mutex_;
  std::vector<CURL*> idle_;  // guarded by mutex_
};

}  // namespace parley::util
