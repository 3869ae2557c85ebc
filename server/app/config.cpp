#include "app/config.hpp"

#include "http/client_address.hpp"

#include <toml.hpp>

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <limits>
#include <optional>
#include <span>

namespace parley::app {
namespace {

struct Setting {
  const char* key;
  const char* help;
  std::function<void(Config&, const std::string&)> set;  // from text; throws ConfigError
  std::function<std::string(const Config&)> show;
};

std::int64_t parse_int(const std::string& key, const std::string& text, std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || text.empty()) {
    throw ConfigError(fmt::format("{}: '{}' is not an integer", key, text));
  }
  if (v < min || v > max) throw ConfigError(fmt::format("{}: {} is outside {}..{}", key, v, min, max));
  return v;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Setting int_setting(const char* key, const char* help, std::int64_t Config::*field, std::int64_t min,
                    std::int64_t max) {
  return Setting{key, help,
                 [key, field, min, max](Config& c, const std::string& v) { c.*field = parse_int(key, v, min, max); },
                 [field](const Config& c) { return std::to_string(c.*field); }};
}

Setting string_setting(const char* key, const char* help, std::string Config::*field,
                       const std::function<void(const std::string&)>& check = {}) {
  return Setting{key, help,
                 [field, check](Config& c, const std::string& v) {
                   if (check) check(v);
                   c.*field = v;
                 },
                 [field](const Config& c) { return "\"" + c.*field + "\""; }};
}

// A check that the value of `key` is "on" or "off".
std::function<void(const std::string&)> on_or_off(const char* key) {
  return [key](const std::string& v) {
    if (v != "on" && v != "off") throw ConfigError(fmt::format("{}: '{}' is neither on nor off", key, v));
  };
}

constexpr std::int64_t kMaxMs = 24LL * 3600 * 1000;
constexpr std::int64_t kMaxWindowMs = 366LL * 24 * 3600 * 1000;  // the edit and delete windows

const std::vector<Setting>& settings() {
  static const std::vector<Setting> kAll = {
      string_setting("host", "address to listen on", &Config::host),
      int_setting("port", "TCP port for HTTP, REST and Socket.IO", &Config::port, 0, 65535),
      int_setting("threads", "I/O threads (0: one per core)", &Config::threads, 0, 64),
      Setting{"cors_origins", "comma-separated origins allowed by CORS (\"*\" for any)",
              [](Config& c, const std::string& v) { c.cors_origins = split_list(v); },
              [](const Config& c) {
                std::string s;
                for (const auto& o : c.cors_origins) s += (s.empty() ? "" : ",") + o;
                return "\"" + s + "\"";
              }},
      Setting{"trusted_proxies",
              "comma-separated addresses or networks (10.0.0.0/8) of reverse proxies whose X-Forwarded-For "
              "names the client, for per-address rate limits (empty: the TCP peer is the client)",
              [](Config& c, const std::string& v) {
                c.trusted_proxies = split_list(v);
                try {
                  http::TrustedProxies check(c.trusted_proxies);
                } catch (const std::invalid_argument& e) {
                  throw ConfigError(std::string("trusted_proxies: ") + e.what());
                }
              },
              [](const Config& c) {
                std::string s;
                for (const auto& o : c.trusted_proxies) s += (s.empty() ? "" : ",") + o;
                return "\"" + s + "\"";
              }},
      string_setting("data_dir", "directory for the database and generated secrets", &Config::data_dir,
                     [](const std::string& v) {
                       if (v.empty()) throw ConfigError("data_dir: must not be empty");
                     }),
      string_setting("web_root", "directory of the built web client", &Config::web_root),
      string_setting("log_level", "trace, debug, info, warn, error or off", &Config::log_level,
                     [](const std::string& v) {
                       for (const char* l : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
                         if (v == l) return;
                       }
                       throw ConfigError(fmt::format("log_level: unknown level '{}'", v));
                     }),
      int_setting("max_header_bytes", "largest HTTP request header", &Config::max_header_bytes, 1024, 1 << 20),
      int_setting("max_body_bytes", "largest HTTP request body (REST)", &Config::max_body_bytes, 1024, 1LL << 30),
      int_setting("idle_timeout_ms", "close keep-alive connections idle this long", &Config::idle_timeout_ms, 100,
                  kMaxMs),
      int_setting("header_timeout_ms", "a request header must arrive in full within this", &Config::header_timeout_ms,
                  100, kMaxMs),
      int_setting("max_connections_per_address",
                  "open TCP connections (WebSockets included) from one address, trusted proxies exempt (0: no limit)",
                  &Config::max_connections_per_address, 0, 1 << 24),
      int_setting("max_polling_per_address", "long-polling sessions from one client address (0: no limit)",
                  &Config::max_polling_per_address, 0, 1 << 24),
      int_setting("max_unauthenticated_per_address",
                  "Socket.IO connections from one client address that have not yet authenticated (0: no limit)",
                  &Config::max_unauthenticated_per_address, 0, 1 << 24),
      int_setting("max_sockets_per_user", "Socket.IO connections of one user on one instance (0: no limit)",
                  &Config::max_sockets_per_user, 0, 1 << 24),
      int_setting("ping_interval_ms", "Engine.IO heartbeat interval", &Config::ping_interval_ms, 50, kMaxMs),
      int_setting("ping_timeout_ms", "Engine.IO heartbeat timeout", &Config::ping_timeout_ms, 50, kMaxMs),
      int_setting("upgrade_timeout_ms", "time allowed for a transport upgrade", &Config::upgrade_timeout_ms, 50,
                  kMaxMs),
      int_setting("max_payload_bytes", "largest Engine.IO message or polling body", &Config::max_payload_bytes, 1024,
                  1LL << 30),
      int_setting("max_queue_bytes", "outgoing bytes queued per connection before it is dropped",
                  &Config::max_queue_bytes, 4096, 1LL << 32),
      int_setting("connect_timeout_ms", "close connections that join no namespace within this time",
                  &Config::connect_timeout_ms, 50, kMaxMs),
      int_setting("ack_timeout_ms", "wait for client acknowledgements this long", &Config::ack_timeout_ms, 50, kMaxMs),
      int_setting("max_attachments", "binary attachments per Socket.IO packet", &Config::max_attachments, 0, 1000),
      int_setting("max_json_depth", "nesting depth of JSON payloads", &Config::max_json_depth, 2, 1000),
      int_setting("shutdown_timeout_ms", "time in-flight work gets on SIGTERM", &Config::shutdown_timeout_ms, 0,
                  kMaxMs),
      string_setting("database", "\"sqlite:///path\", a file path, or \"postgres://...\" (empty: <data_dir>/parley.db)",
                     &Config::database),
      string_setting("jwt_secret", "token signing secret, 32+ characters (empty: generated in data_dir)",
                     &Config::jwt_secret,
                     [](const std::string& v) {
                       if (!v.empty() && v.size() < 32) throw ConfigError("jwt_secret: must be at least 32 characters");
                     }),
      int_setting("token_ttl_ms", "lifetime of access tokens", &Config::token_ttl_ms, 1000, 365LL * 24 * 3600 * 1000),
      int_setting("password_hash_memory_kib", "Argon2id memory per hash", &Config::password_hash_memory_kib, 8,
                  4 << 20),
      int_setting("password_hash_ops", "Argon2id passes", &Config::password_hash_ops, 1, 16),
      int_setting("workers", "threads for database work", &Config::workers, 1, 256),
      int_setting("max_queued_work", "requests waiting for a worker before new ones get 'unavailable'",
                  &Config::max_queued_work, 1, 10'000'000),
      int_setting("hash_workers", "threads for password hashing (0: one less than the cores, at least one)",
                  &Config::hash_workers, 0, 256),
      int_setting("max_queued_hashes", "logins and registrations waiting for a hashing thread before new ones get 503",
                  &Config::max_queued_hashes, 1, 100'000),
      int_setting("outside_workers",
                  "with redis: threads for the calls to Redis that requests make, apart from the database workers",
                  &Config::outside_workers, 1, 256),
      int_setting("max_queued_outside",
                  "with redis: calls waiting for an outside_workers thread before new ones are answered as if Redis "
                  "were down",
                  &Config::max_queued_outside, 1, 100'000),
      int_setting("job_workers", "background jobs running at once in this process", &Config::job_workers, 1, 256),
      int_setting("commit_window_us",
                  "embedded store: how long (microseconds) a write waits for others to share its commit and fsync; "
                  "0 commits at once",
                  &Config::commit_window_us, 0, 100000),
      int_setting("search_index_delay_ms",
                  "embedded store: how long new messages wait to enter the search index together (one write "
                  "for many); 0 never indexes them (each search then reads them one by one)",
                  &Config::search_index_delay_ms, 0, 60000),
      int_setting("job_poll_ms", "how often the job queue is polled for due jobs", &Config::job_poll_ms, 10, kMaxMs),
      int_setting("job_retention_ms", "done and failed background jobs are kept this long", &Config::job_retention_ms,
                  1000, 3650LL * 24 * 3600 * 1000),
      int_setting("max_scheduled_per_user", "scheduled messages one person may have waiting",
                  &Config::max_scheduled_per_user, 1, 1'000'000),
      int_setting("max_templates", "message templates one person may keep, and canned responses one group may",
                  &Config::max_templates, 1, 100'000),
      int_setting("schedule_grace_ms",
                  "a scheduled message found this late (the server was down at its time) is still sent; later, it "
                  "is missed and its author told",
                  &Config::schedule_grace_ms, 0, kMaxMs),
      int_setting("schedule_poll_ms",
                  "the longest the scheduler sleeps: how soon schedules other instances made are seen if theirs "
                  "stopped",
                  &Config::schedule_poll_ms, 10, kMaxMs),
      int_setting("schedule_workers", "scheduled messages sent at once in this process", &Config::schedule_workers,
                  1, 256),
      string_setting("redis",
                     "Redis URL \"redis://host:port[/db]\" for presence, rate limits and fan-out across instances "
                     "(empty: this process only)",
                     &Config::redis,
                     [](const std::string& v) {
                       if (!v.empty() && !v.starts_with("redis://"))
                         throw ConfigError("redis: must start with redis://");
                     }),
      string_setting("redis_prefix",
                     "with redis: the start of every key and channel name (several deployments on one Redis)",
                     &Config::redis_prefix,
                     [](const std::string& v) {
                       if (v.empty()) throw ConfigError("redis_prefix: must not be empty");
                     }),
      int_setting("presence_timeout_ms",
                  "with redis: users of an instance that stopped answering go offline after this",
                  &Config::presence_timeout_ms, 1000, kMaxMs),
      string_setting("kafka", "Kafka brokers \"host:port,...\" to publish events to (empty: none)", &Config::kafka),
      string_setting("kafka_topic", "Kafka topic of the events", &Config::kafka_topic,
                     [](const std::string& v) {
                       if (v.empty()) throw ConfigError("kafka_topic: must not be empty");
                     }),
      int_setting("away_after_ms", "online users with no activity this long are away", &Config::away_after_ms, 1000,
                  kMaxMs),
      int_setting("max_message_chars", "longest message text", &Config::max_message_chars, 1, 1000000),
      int_setting("max_pins", "pinned messages per chat", &Config::max_pins, 1, 10000),
      int_setting("max_group_members", "members of one group, its creator included", &Config::max_group_members, 2,
                  1000000),
      int_setting("edit_window_ms", "how long after sending its sender may edit a message (0: always)",
                  &Config::edit_window_ms, 0, kMaxWindowMs),
      int_setting("delete_window_ms", "how long after sending its sender may delete a message for everyone (0: always)",
                  &Config::delete_window_ms, 0, kMaxWindowMs),
      int_setting("typing_timeout_ms", "a typist who sends nothing this long stops typing for everyone",
                  &Config::typing_timeout_ms, 1000, 60000),
      string_setting("directory_emails",
                     "whose emails the user lists show: \"all\", or \"contacts\" (only of users sharing a chat)",
                     &Config::directory_emails,
                     [](const std::string& v) {
                       if (v != "all" && v != "contacts") {
                         throw ConfigError(fmt::format("directory_emails: '{}' is neither all nor contacts", v));
                       }
                     }),
      int_setting("rate_messages_per_second", "messages per second per user (sustained)",
                  &Config::rate_messages_per_second, 1, 1000000),
      int_setting("rate_messages_burst", "messages per user in a burst", &Config::rate_messages_burst, 1, 1000000),
      int_setting("max_reactions_per_user", "reactions of one person on one message", &Config::max_reactions_per_user,
                  1, 20),
      int_setting("max_distinct_reactions", "different reactions on one message", &Config::max_distinct_reactions, 1,
                  100),
      int_setting("rate_reactions_per_second", "reactions per second per user (sustained)",
                  &Config::rate_reactions_per_second, 1, 1000000),
      int_setting("rate_reactions_burst", "reactions per user in a burst", &Config::rate_reactions_burst, 1, 1000000),
      int_setting("rate_searches_per_second", "message searches per second per user (sustained; the chat switcher too)",
                  &Config::rate_searches_per_second, 1, 1000000),
      int_setting("rate_searches_burst", "message searches per user in a burst", &Config::rate_searches_burst, 1,
                  1000000),
      string_setting("server_admins",
                     "emails of the server's administrators, comma-separated (they moderate, name moderators, and "
                     "manage the server-wide custom emoji)",
                     &Config::server_admins),
      string_setting("admins", "the same as server_admins (in a config file: admins = [\"email\", ...])",
                     &Config::server_admins),
      int_setting("max_custom_emoji", "custom emoji of the server, and of one group", &Config::max_custom_emoji, 1,
                  10000),
      string_setting("files_dir", "directory of the uploaded files' bytes (empty: <data_dir>/files)",
                     &Config::files_dir),
      string_setting("s3_endpoint",
                     "an S3-compatible object store for the files' bytes, https://host[:port] (empty: files_dir)",
                     &Config::s3_endpoint),
      string_setting("s3_bucket", "the bucket of s3_endpoint (it must exist)", &Config::s3_bucket),
      string_setting("s3_region", "the region requests to s3_endpoint are signed for", &Config::s3_region),
      string_setting("s3_access_key", "the access key id for s3_endpoint", &Config::s3_access_key),
      string_setting("s3_secret_key", "the secret access key for s3_endpoint", &Config::s3_secret_key),
      string_setting("s3_prefix", "the prefix of the objects' keys in s3_bucket", &Config::s3_prefix),
      int_setting("max_upload_bytes", "the largest file one may upload, in bytes", &Config::max_upload_bytes, 1,
                  1LL << 40),
      int_setting("upload_quota_bytes", "bytes of files one user may keep (uploads in progress included)",
                  &Config::upload_quota_bytes, 1, 1LL << 50),
      int_setting("max_uploads_in_flight", "uploads in progress at once per user", &Config::max_uploads_in_flight, 1,
                  10000),
      int_setting("rate_uploads_per_minute", "new uploads per minute per user", &Config::rate_uploads_per_minute, 1,
                  1000000),
      int_setting("upload_expiry_seconds", "how long an unfinished upload, and a file never sent, is kept",
                  &Config::upload_expiry_seconds, 60, 366LL * 24 * 3600),
      int_setting("max_files_per_message", "files one message carries", &Config::max_files_per_message, 1, 100),
      int_setting("file_link_seconds", "how long a signed download link works", &Config::file_link_seconds, 10,
                  7LL * 24 * 3600),
      int_setting("export_keep_hours", "how long the file of a finished export is kept for its download",
                  &Config::export_keep_hours, 1, 366LL * 24),
      int_setting("max_export_bytes", "the largest export file, in bytes", &Config::max_export_bytes, 1024, 1LL << 44),
      string_setting("push", "Web Push notifications to people's devices: on or off", &Config::push, on_or_off("push")),
      string_setting("push_vapid_private_key",
                     "the VAPID private key of Web Push (base64url of the P-256 scalar; empty: one is generated on "
                     "the first start and kept in the database, shared by every instance)",
                     &Config::push_vapid_private_key),
      string_setting("push_subject", "the contact push services are given (a mailto: or https: URL)",
                     &Config::push_subject,
                     [](const std::string& v) {
                       if (!v.starts_with("mailto:") && !v.starts_with("https://")) {
                         throw ConfigError(fmt::format("push_subject: '{}' is neither a mailto: nor an https: URL", v));
                       }
                     }),
      string_setting("push_insecure_endpoints",
                     "on: accept push subscriptions to http:// and private addresses (for tests; off in production)",
                     &Config::push_insecure_endpoints, on_or_off("push_insecure_endpoints")),
      string_setting("smtp_url",
                     "the SMTP server emails go through: smtp://host:587 (STARTTLS when offered) or "
                     "smtps://host:465; empty: no email",
                     &Config::smtp_url,
                     [](const std::string& v) {
                       if (!v.empty() && !v.starts_with("smtp://") && !v.starts_with("smtps://")) {
                         throw ConfigError(fmt::format("smtp_url: '{}' is neither smtp:// nor smtps://", v));
                       }
                     }),
      string_setting("smtp_from", "the From of emails, \"Name <address>\"", &Config::smtp_from,
                     [](const std::string& v) {
                       if (v.find('@') == std::string::npos || v.find_first_of("\r\n") != std::string::npos) {
                         throw ConfigError(fmt::format("smtp_from: '{}' has no address", v));
                       }
                     }),
      string_setting("smtp_user", "the SMTP user (or in smtp_url)", &Config::smtp_user),
      string_setting("smtp_password", "the SMTP password", &Config::smtp_password),
      string_setting("smtp_starttls", "smtp://: STARTTLS \"try\" (when the server offers it) or \"required\"",
                     &Config::smtp_starttls,
                     [](const std::string& v) {
                       if (v != "try" && v != "required") throw ConfigError("smtp_starttls: try or required");
                     }),
      string_setting("public_url",
                     "the address people reach this server at, for links in emails (default http://localhost:<port>)",
                     &Config::public_url,
                     [](const std::string& v) {
                       if (!v.empty() && !v.starts_with("http://") && !v.starts_with("https://")) {
                         throw ConfigError(fmt::format("public_url: '{}' is not an http(s) URL", v));
                       }
                     }),
      int_setting("email_minute_ms", "how long a minute of the email digests' delay lasts (for tests)",
                  &Config::email_minute_ms, 1, 60'000),
      int_setting("rate_auth_per_second", "register/login attempts per second per address",
                  &Config::rate_auth_per_second, 1, 1000000),
      int_setting("rate_auth_burst", "register/login attempts per address in a burst", &Config::rate_auth_burst, 1,
                  1000000),
  };
  return kAll;
}

const Setting* find_setting(std::string key) {
  for (auto& ch : key) {
    if (ch == '-') ch = '_';
  }
  for (const auto& s : settings()) {
    if (key == s.key) return &s;
  }
  return nullptr;
}

std::string env_name(const char* key) {
  std::string name = "PARLEY_";
  for (const char* p = key; *p; ++p) name += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
  return name;
}

std::string toml_to_text(const std::string& key, const toml::value& v) {
  if (v.is_integer()) return std::to_string(v.as_integer());
  if (v.is_string()) return v.as_string().str;
  if (v.is_boolean()) return v.as_boolean() ? "true" : "false";
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v.as_array()) {
      if (!item.is_string()) throw ConfigError(fmt::format("{}: expected a list of strings", key));
      out += (out.empty() ? "" : ",") + item.as_string().str;
    }
    return out;
  }
  throw ConfigError(fmt::format("{}: unsupported value type", key));
}

void apply_file(Config& config, const std::string& path) {
  toml::value root;
  try {
    root = toml::parse(path);
  } catch (const std::exception& e) {
    throw ConfigError(fmt::format("config file {}: {}", path, e.what()));
  }
  if (!root.is_table()) throw ConfigError(fmt::format("config file {}: not a table", path));
  for (const auto& [key, value] : root.as_table()) {
    const Setting* s = find_setting(key);
    if (!s) throw ConfigError(fmt::format("config file {}: unknown setting '{}'", path, key));
    s->set(config, toml_to_text(key, value));
  }
}

}  // namespace

LoadedConfig load_config(const std::vector<std::string>& args, const GetEnv& getenv) {
  LoadedConfig out;
  // Split flags first, so the file is applied before the environment and the flags.
  std::optional<std::string> file;
  if (const char* f = getenv("PARLEY_CONFIG"); f && *f) file = f;
  std::vector<std::pair<const Setting*, std::string>> flags;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      continue;
    }
    if (!arg.starts_with("--")) throw ConfigError(fmt::format("unexpected argument '{}'", arg));
    std::string key = arg.substr(2);
    std::optional<std::string> value;
    if (const auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    if (!value) throw ConfigError(fmt::format("--{} needs a value", key));
    if (key == "config") {
      file = *value;
      continue;
    }
    const Setting* s = find_setting(key);
    if (!s) throw ConfigError(fmt::format("unknown flag --{} (see --help)", key));
    flags.emplace_back(s, *value);
  }
  if (out.help) return out;

  Config& c = out.config;
  if (file) apply_file(c, *file);
  for (const auto& s : settings()) {
    if (const char* v = getenv(env_name(s.key).c_str()); v) s.set(c, v);
  }
  for (const auto& [s, v] : flags) s->set(c, v);

  return out;
}

std::string config_help(const std::string& program) {
  std::string out = fmt::format(
      "Usage: {} [--config FILE] [--KEY VALUE ...]\n\n"
      "Each setting can be given as a TOML key in the file, as the environment variable PARLEY_<KEY>,\n"
      "or as the flag --KEY (later sources win: file < environment < flags).\n\n",
      program);
  Config defaults;
  for (const auto& s : settings()) {
    out += fmt::format("  --{:<22} {} (default {}; {})\n", s.key, s.help, s.show(defaults), env_name(s.key));
  }
  return out;
}

bool uses_postgres(const Config& c) {
  const std::string_view d = c.database;
  return d.starts_with("postgres://") || d.starts_with("postgresql://");
}

std::string sqlite_path(const Config& c) {
  if (c.database.empty()) return (std::filesystem::path(c.data_dir) / "parley.db").string();
  std::string_view d = c.database;
  if (d.starts_with("sqlite://")) d.remove_prefix(9);
  if (d.empty()) throw ConfigError("database: no path in " + c.database);
  return std::string(d);
}

std::string files_path(const Config& c) {
  return c.files_dir.empty() ? (std::filesystem::path(c.data_dir) / "files").string() : c.files_dir;
}

}  // namespace parley::app
