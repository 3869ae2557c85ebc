// Parley's configuration: typed, validated at start, with defaults that work. Every setting has
// a TOML key (`port = 3000`), an environment variable (`PARLEY_PORT`) and a flag (`--port 3000`
// or `--port=3000`); later sources win: defaults < file (`--config FILE` or PARLEY_CONFIG) <
// environment < flags. Errors throw ConfigError with a message naming the setting.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::app {

struct Config {
  // Network
  std::string host = "0.0.0.0";
  std::int64_t port = 3000;
  std::int64_t threads = 0;  // 0: one per core
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;

  // Files
  std::string data_dir = "./data";
  std::string web_root = "web/dist";
  std::string log_level = "info";

  // HTTP limits
  std::int64_t max_header_bytes = 16 * 1024;
  std::int64_t max_body_bytes = 1024 * 1024;
  std::int64_t idle_timeout_ms = 60000;
  std::int64_t header_timeout_ms = 10000;

  // Connection limits (0: none)
  std::int64_t max_connections_per_address = 256;
  std::int64_t max_polling_per_address = 64;
  std::int64_t max_unauthenticated_per_address = 32;
  std::int64_t max_sockets_per_user = 32;

  // Engine.IO
  std::int64_t ping_interval_ms = 25000;
  std::int64_t ping_timeout_ms = 20000;
  std::int64_t upgrade_timeout_ms = 10000;
  std::int64_t max_payload_bytes = 1000000;
  std::int64_t max_queue_bytes = 8 * 1024 * 1024;

  // Socket.IO
  std::int64_t connect_timeout_ms = 45000;
  std::int64_t ack_timeout_ms = 30000;
  std::int64_t max_attachments = 16;
  std::int64_t max_json_depth = 32;

  std::int64_t shutdown_timeout_ms = 10000;

  // Storage and accounts
  std::string database;    // "sqlite:///path/parley.db", a path, or "postgres://..."; empty: <data_dir>/parley.db
  std::string jwt_secret;  // empty: generated into <data_dir>/jwt_secret
  std::int64_t token_ttl_ms = 7LL * 24 * 3600 * 1000;
  std::int64_t password_hash_memory_kib = 65536;
  std::int64_t password_hash_ops = 2;
  std::int64_t workers = 16;             // threads for database work
  std::int64_t max_queued_work = 10000;  // requests waiting for a worker; more get `unavailable`
  std::int64_t hash_workers = 0;         // threads for password hashing; 0: cores - 1 (at least 1)
  std::int64_t max_queued_hashes = 64;   // logins and registrations waiting to be hashed; more get 503
  std::int64_t outside_workers = 4;      // with redis: threads for the calls to Redis that requests make
  std::int64_t max_queued_outside = 64;  // calls waiting for one; more are answered as if Redis were down

  // Background jobs (jobs/job_runner.hpp)
  std::int64_t job_workers = 2;       // jobs running at once in this process
  std::int64_t commit_window_us = 0;  // embedded store: a write waits this long for others to share its commit
  // Embedded store: new messages wait this long to enter the search index together (0: never
  // indexed, searched one by one).
  std::int64_t search_index_delay_ms = 50;
  std::int64_t job_poll_ms = 1000;                         // how often the queue is polled for due jobs
  std::int64_t job_retention_ms = 7LL * 24 * 3600 * 1000;  // done and failed jobs are kept this long

  // Scheduled messages (chat/schedules)
  std::int64_t max_scheduled_per_user = 1000;       // pending scheduled messages per person
  std::int64_t schedule_grace_ms = 15 * 60 * 1000;  // an occurrence found later than this is missed
  std::int64_t schedule_poll_ms = 1000;             // the longest the scheduler sleeps
  std::int64_t max_templates = 200;                 // templates per person, canned responses per group
  std::int64_t schedule_workers = 4;                // occurrences sent at once in this process

  // Events (docs/events.md)
  std::string redis;                         // "redis://host:port[/db]"; empty: presence and fan-out in-process
  std::string redis_prefix = "parley:";      // keys and channels in Redis start with this
  std::int64_t presence_timeout_ms = 10000;  // with redis: a silent instance's users go offline after this
  std::string kafka;                         // brokers "host:port,..."; empty: no events are published
  std::string kafka_topic = "parley.events";

  // Chat
  std::int64_t away_after_ms = 5 * 60 * 1000;
  std::int64_t max_message_chars = 10000;
  std::int64_t max_pins = 50;
  std::int64_t max_group_members = 10000;
  std::int64_t edit_window_ms = 48LL * 3600 * 1000;
  std::int64_t delete_window_ms = 48LL * 3600 * 1000;
  std::int64_t typing_timeout_ms = 6000;  // a typist who says nothing this long stops typing
  std::string directory_emails = "all";   // "all", or "contacts": others' emails only to who shares a chat
  std::int64_t rate_messages_per_second = 20;
  std::int64_t rate_messages_burst = 60;
  std::int64_t max_reactions_per_user = 3;  // on one message
  std::string server_admins;                // emails, comma-separated
  std::int64_t max_custom_emoji = 200;      // of the server, and of one group
  std::string files_dir;                    // the files' blobs; empty: <data_dir>/files
  std::string s3_endpoint;                  // set: the files' blobs in this S3-compatible store
  std::string s3_bucket;
  std::string s3_region = "us-east-1";
  std::string s3_access_key;
  std::string s3_secret_key;
  std::string s3_prefix = "blobs/";
  std::int64_t max_upload_bytes = 100LL << 20;
  std::int64_t upload_quota_bytes = 10LL << 30;  // per user: files kept and uploads in progress
  std::int64_t max_uploads_in_flight = 20;       // per user
  std::int64_t rate_uploads_per_minute = 60;     // new uploads per user
  std::int64_t upload_expiry_seconds = 86400;    // an unfinished upload, and a file never sent
  std::int64_t max_files_per_message = 10;
  std::int64_t file_link_seconds = 3600;       // a signed download link
  std::int64_t export_keep_hours = 48;         // how long a finished export's file is kept
  std::int64_t max_export_bytes = 20LL << 30;  // the largest export file
  std::int64_t max_distinct_reactions = 20;    // different emoji on one message
  std::int64_t rate_reactions_per_second = 10;
  std::int64_t rate_reactions_burst = 50;
  std::int64_t rate_searches_per_second = 5;
  std::int64_t rate_searches_burst = 20;
  std::string push = "on";             // Web Push notifications: "on" or "off"
  std::string push_vapid_private_key;  // base64url P-256 scalar; empty: generated once, kept in the database
  std::string push_subject = "mailto:admin@localhost";  // the VAPID contact push services see
  std::string push_insecure_endpoints = "off";          // "on": http:// and private-address endpoints (tests)
  std::string smtp_url;                                 // empty: no email; smtp://host:port or smtps://host:port
  std::string smtp_from = "Parley <parley@localhost>";  // the From of emails
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_starttls = "try";      // smtp://: "try" (when offered) or "required"
  std::string public_url;                 // the address links in emails lead to; empty: http://localhost:<port>
  std::int64_t email_minute_ms = 60'000;  // a minute of the email digests' delay (tests shorten it)
  std::int64_t rate_auth_per_second = 1;
  std::int64_t rate_auth_burst = 20;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedConfig {
  Config config;
  bool help = false;  // --help was given
};

using GetEnv = std::function<const char*(const char*)>;

// Reads the file, environment and flags (`args` without the program name).
LoadedConfig load_config(const std::vector<std::string>& args, const GetEnv& getenv);

// The text of `parley --help`.
std::string config_help(const std::string& program);

// Where the configuration puts things: whether the database is PostgreSQL's; the SQLite file
// (ConfigError when `database` names none); the directory of the files' blobs.
bool uses_postgres(const Config& c);
std::string sqlite_path(const Config& c);
std::string files_path(const Config& c);

}  // namespace parley::app
