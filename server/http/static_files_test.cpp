#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace parley::http {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("parley-static-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "assets");
    write("index.html", "<html>app</html>");
    write("assets/app-1234.js", "console.log(1)");
    write("favicon.svg", "<svg/>");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& content) { std::ofstream(root_ / rel) << content; }

  static Request get(std::string_view target) {
    Request r;
    r.method(Verb::get);
    r.target(target);
    return r;
  }

  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCacheHeaders) {
  StaticFiles files(root_);
  auto js = files.serve(get("/assets/app-1234.js"), "/assets/app-1234.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body(), "console.log(1)");
  EXPECT_EQ((*js)[boost::beast::http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ((*js)[boost::beast::http::field::cache_control], "public, max-age=31536000, immutable");

  auto index = files.serve(get("/"), "/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body(), "<html>app</html>");
  EXPECT_EQ((*index)[boost::beast::http::field::cache_control], "no-cache");
  EXPECT_EQ((*files.serve(get("/favicon.svg"), "/favicon.svg"))[boost::beast::http::field::content_type],
            "image/svg+xml");
}

TEST_F(StaticFilesTest, ServiceWorkerAndManifestAreRevalidatedEveryTime) {
  write("sw.js", "self.addEventListener('fetch', () => {})");
  write("manifest.webmanifest", "{}");
  StaticFiles files(root_);
  auto sw = files.serve(get("/sw.js"), "/sw.js");
  ASSERT_TRUE(sw);
  EXPECT_EQ((*sw)[boost::beast::http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ((*sw)[boost::beast::http::field::cache_control], "no-cache");
  auto manifest = files.serve(get("/manifest.webmanifest"), "/manifest.webmanifest");
  ASSERT_TRUE(manifest);
  EXPECT_EQ((*manifest)[boost::beast::http::field::content_type], "application/manifest+json");
  EXPECT_EQ((*manifest)[boost::beast::http::field::cache_control], "no-cache");
  EXPECT_EQ((*files.serve(get("/favicon.svg"), "/favicon.svg"))[boost::beast::http::field::cache_control],
            "public, max-age=3600");
}

TEST_F(StaticFilesTest, FallsBackToIndexForClientRoutesOnly) {
  StaticFiles files(root_);
  auto route = files.serve(get("/chats/123"), "/chats/123");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body(), "<html>app</html>");
  EXPECT_FALSE(files.serve(get("/missing.js"), "/missing.js"));
  EXPECT_FALSE(files.serve(get("/../etc/passwd.txt"), "/../etc/passwd.txt"));
}

TEST_F(StaticFilesTest, AnswersNotModifiedForMatchingEtag) {
  StaticFiles files(root_);
  auto first = files.serve(get("/favicon.svg"), "/favicon.svg");
  ASSERT_TRUE(first);
  auto req = get("/favicon.svg");
  req.set(boost::beast::http::field::if_none_match, (*first)[boost::beast::http::field::etag]);
  auto second = files.serve(req, "/favicon.svg");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->result_int(), 304u);
  EXPECT_TRUE(second->body().empty());
  // A list of tags, or the tag as a weak one (as proxies that compress send it back), matches too.
  const std::string etag((*first)[boost::beast::http::field::etag]);
  for (const auto& field : {"\"other\", " + etag, "W/" + etag}) {
    req.set(boost::beast::http::field::if_none_match, field);
    EXPECT_EQ(files.serve(req, "/favicon.svg")->result_int(), 304u) << field;
  }
}

TEST_F(StaticFilesTest, NeverServesDotfilesOrDotDirectories) {
  write(".env", "SECRET=1");
  fs::create_directories(root_ / ".git");
  write(".git/config", "[core]");
  write(".git/HEAD", "ref: refs/heads/main");
  write("assets/.hidden", "hidden");
  write("assets/.secret.js", "hidden");
  StaticFiles files(root_);
  EXPECT_EQ(files.file_count(), 3u);  // index.html, the bundle and favicon.svg only
  for (const char* path :
       {"/.env", "/.git/config", "/.git/HEAD", "/.git", "/.git/", "/assets/.hidden", "/assets/.secret.js", "/%2eenv",
        "/%2Eenv", "/%2egit/config", "/assets/%2ehidden", "/./index.html", "/assets/../.env", "/.well-known/x"}) {
    EXPECT_FALSE(files.serve(get(path), path)) << path;
  }
  // Dots inside a name are fine.
  EXPECT_TRUE(files.serve(get("/assets/app-1234.js"), "/assets/app-1234.js"));
}

TEST_F(StaticFilesTest, MissingRootServesPlaceholder) {
  StaticFiles files(root_ / "nope");
  auto index = files.serve(get("/"), "/");
  ASSERT_TRUE(index);
  EXPECT_NE(index->body().find("Parley is running"), std::string::npos);
}

}  // namespace
}  // namespace parley::http
