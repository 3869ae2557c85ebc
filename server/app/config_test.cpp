#include "app/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace parley::app {
namespace {

struct Env {
  std::map<std::string, std::string> vars;
  GetEnv fn() const {
    return [this](const char* name) -> const char* {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  }
};

TEST(Config, DefaultsWork) {
  Env env;
  auto c = load_config({}, env.fn()).config;
  EXPECT_EQ(c.port, 3000);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.ping_interval_ms, 25000);
  EXPECT_EQ(c.directory_emails, "all");
}

TEST(Config, JobSettings) {
  Env env;
  auto c = load_config({}, env.fn()).config;
  EXPECT_EQ(c.job_workers, 2);
  EXPECT_EQ(c.job_poll_ms, 1000);
  EXPECT_EQ(c.job_retention_ms, 7LL * 24 * 3600 * 1000);
  env.vars["PARLEY_JOB_RETENTION_MS"] = "86400000";
  c = load_config({"--job-workers", "4", "--job_poll_ms=250"}, env.fn()).config;
  EXPECT_EQ(c.job_workers, 4);
  EXPECT_EQ(c.job_poll_ms, 250);
  EXPECT_EQ(c.job_retention_ms, 86400000);
  EXPECT_THROW(load_config({"--job_workers", "0"}, env.fn()), ConfigError);
  EXPECT_THROW(load_config({"--job_retention_ms", "10"}, env.fn()), ConfigError);
  EXPECT_NE(config_help("parley").find("--job_retention_ms"), std::string::npos);
}

TEST(Config, OutsidePoolSettings) {
  Env env;
  auto c = load_config({}, env.fn()).config;
  EXPECT_EQ(c.outside_workers, 4);
  EXPECT_EQ(c.max_queued_outside, 64);
  c = load_config({"--outside_workers", "2", "--max-queued-outside", "8"}, env.fn()).config;
  EXPECT_EQ(c.outside_workers, 2);
  EXPECT_EQ(c.max_queued_outside, 8);
  EXPECT_THROW(load_config({"--outside_workers", "0"}, env.fn()), ConfigError);
}

TEST(Config, TypingTimeout) {
  Env env;
  EXPECT_EQ(load_config({}, env.fn()).config.typing_timeout_ms, 6000);
  env.vars["PARLEY_TYPING_TIMEOUT_MS"] = "3000";
  EXPECT_EQ(load_config({}, env.fn()).config.typing_timeout_ms, 3000);
  EXPECT_EQ(load_config({"--typing-timeout-ms", "10000"}, env.fn()).config.typing_timeout_ms, 10000);
  EXPECT_THROW(load_config({"--typing_timeout_ms", "10"}, env.fn()), ConfigError);
}

TEST(Config, DirectoryEmailsFromTheEnvironmentOrAFlag) {
  Env env;
  env.vars["PARLEY_DIRECTORY_EMAILS"] = "contacts";
  EXPECT_EQ(load_config({}, env.fn()).config.directory_emails, "contacts");
  EXPECT_EQ(load_config({"--directory-emails", "all"}, env.fn()).config.directory_emails, "all");
}

TEST(Config, FileThenEnvironmentThenFlags) {
  const auto path = std::filesystem::temp_directory_path() / ("parley-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "port = 4000\ndata_dir = \"/tmp/x\"\ncors_origins = [\"http://a\", \"http://b\"]\n"
                         "ping_interval_ms = 1000\n";
  Env env;
  env.vars["PARLEY_PORT"] = "5000";
  env.vars["PARLEY_CONFIG"] = path.string();
  auto c = load_config({"--ping-interval-ms", "700"}, env.fn()).config;
  EXPECT_EQ(c.port, 5000);
  EXPECT_EQ(c.data_dir, "/tmp/x");
  EXPECT_EQ(c.ping_interval_ms, 700);
  ASSERT_EQ(c.cors_origins.size(), 2u);
  EXPECT_EQ(c.cors_origins[1], "http://b");
  c = load_config({"--port=6000", "--config", path.string()}, env.fn()).config;
  EXPECT_EQ(c.port, 6000);
  std::filesystem::remove(path);
}

TEST(Config, AdminsAsAListInTheFileOrAsServerAdmins) {
  const auto path =
      std::filesystem::temp_directory_path() / ("parley-config-admins-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "admins = [\"a@x.org\", \"b@x.org\"]\n";
  Env env;
  env.vars["PARLEY_CONFIG"] = path.string();
  EXPECT_EQ(load_config({}, env.fn()).config.server_admins, "a@x.org,b@x.org");
  EXPECT_EQ(load_config({"--server_admins", "c@x.org"}, env.fn()).config.server_admins, "c@x.org");
  std::filesystem::remove(path);
}

TEST(Config, RejectsBadValuesWithTheSettingName) {
  Env env;
  auto expect_error = [&](const std::vector<std::string>& args, const std::string& fragment) {
    try {
      load_config(args, env.fn());
      ADD_FAILURE() << "accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_error({"--port", "70000"}, "port");
  expect_error({"--port", "abc"}, "port");
  expect_error({"--nope", "1"}, "--nope");
  expect_error({"--log_level", "loud"}, "log_level");
  expect_error({"--directory_emails", "none"}, "directory_emails");
  expect_error({"--port"}, "needs a value");
  expect_error({"stray"}, "stray");
  env.vars["PARLEY_PING_TIMEOUT_MS"] = "-5";
  expect_error({}, "ping_timeout_ms");
}

TEST(Config, HelpListsEverySettingWithItsVariable) {
  Env env;
  EXPECT_TRUE(load_config({"--help"}, env.fn()).help);
  const auto text = config_help("parley");
  EXPECT_NE(text.find("--port"), std::string::npos);
  EXPECT_NE(text.find("PARLEY_DATA_DIR"), std::string::npos);
  EXPECT_NE(text.find("--max_payload_bytes"), std::string::npos);
}

}  // namespace
}  // namespace parley::app
