#include "app/server.hpp"

#include "app/event_relay.hpp"
#include "app/push_setup.hpp"
#include "blob/directory_blob_store.hpp"
#include "blob/s3_blob_store.hpp"
#include "bus/local/local_bus.hpp"
#include "bus/offloaded.hpp"
#include "bus/redis/redis_presence.hpp"
#include "bus/redis/redis_pubsub.hpp"
#include "chat/account_check.hpp"
#include "chat/auth.hpp"
#include "chat/schedules/scheduler.hpp"
#include "chat/services.hpp"
#include "http/chat_routes.hpp"
#include "jobs/job_retention.hpp"
#include "jobs/job_runner.hpp"
#include "realtime/chat_gateway.hpp"
#include "realtime/cluster_adapter.hpp"
#include "realtime/typing_fanout.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/ids.hpp"
#include "util/metrics.hpp"
#include "util/workers.hpp"

#include <boost/beast/http/field.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace parley::app {

realtime::EngineOptions engine_options(const Config& c) {
  realtime::EngineOptions o;
  o.ping_interval = std::chrono::milliseconds(c.ping_interval_ms);
  o.ping_timeout = std::chrono::milliseconds(c.ping_timeout_ms);
  o.upgrade_timeout = std::chrono::milliseconds(c.upgrade_timeout_ms);
  o.max_payload = static_cast<std::size_t>(c.max_payload_bytes);
  o.max_queue_bytes = static_cast<std::size_t>(c.max_queue_bytes);
  o.max_polling_per_address = static_cast<std::size_t>(c.max_polling_per_address);
  o.max_unauthenticated_per_address = static_cast<std::size_t>(c.max_unauthenticated_per_address);
  return o;
}

realtime::SocketIoOptions socketio_options(const Config& c) {
  realtime::SocketIoOptions o;
  o.connect_timeout = std::chrono::milliseconds(c.connect_timeout_ms);
  o.ack_timeout = std::chrono::milliseconds(c.ack_timeout_ms);
  o.limits.max_attachments = static_cast<std::size_t>(c.max_attachments);
  o.limits.max_json_depth = static_cast<std::size_t>(c.max_json_depth);
  return o;
}

http::HttpOptions http_options(const Config& c) {
  http::HttpOptions o;
  o.max_header_bytes = static_cast<std::size_t>(c.max_header_bytes);
  o.max_body_bytes = static_cast<std::size_t>(c.max_body_bytes);
  o.idle_timeout = std::chrono::milliseconds(c.idle_timeout_ms);
  o.header_timeout = std::chrono::milliseconds(c.header_timeout_ms);
  o.max_connections_per_address = static_cast<std::size_t>(c.max_connections_per_address);
  o.cors_origins = c.cors_origins;
  o.trusted_proxies = c.trusted_proxies;
  return o;
}

namespace {
// "a@x.test, B@x.test" as lower-case emails.
std::vector<std::string> admin_emails(const std::string& list) {
  std::vector<std::string> out;
  std::string one;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i] == ',') {
      const auto first = one.find_first_not_of(" \t");
      if (first != std::string::npos) out.push_back(one.substr(first, one.find_last_not_of(" \t") - first + 1));
      one.clear();
    } else {
      one += static_cast<char>(std::tolower(static_cast<unsigned char>(list[i])));
    }
  }
  return out;
}

std::size_t thread_count(const Config& c) {
  if (c.threads > 0) return static_cast<std::size_t>(c.threads);
  const auto n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}
}  // namespace

namespace {

// The recent-message caches of the cluster's instances, kept coherent over the adapter's
// notices: the chats this instance changes go to the others, which forget them before they
// deliver the broadcast of that change. The same for the privacy settings known: a user's
// change goes to the others, which read them again and announce that user's presence anew. And
// who has a push subscription: a user's first one goes to the others' notifiers.
class AdapterCachePeers final : public chat::CachePeers {
 public:
  AdapterCachePeers(realtime::Adapter& adapter, chat::Services& service, realtime::ChatGateway& gateway)
      : adapter_(adapter) {
    service.recent().hearing_peers(false);  // until the notices are heard
    adapter.on_notice(
        kTopic, {.notice = [&service](std::string_view chat_id) { service.recent().forget(std::string(chat_id)); },
                 .hearing = [&service](bool hearing) { service.recent().hearing_peers(hearing); }});
    service.recent().set_peers(this);
    // Notices run on the adapter's thread: reading the store again is queued.
    adapter.on_notice(kPrivacyTopic, {.notice =
                                          [&service, &gateway](std::string_view user_id) {
                                            service.privacy_policy().forget(std::string(user_id));
                                            gateway.privacy_heard(std::string(user_id));
                                          },
                                      .hearing = [&service](bool) { service.privacy_policy().forget_all(); }});
    gateway.privacy_peers = [&adapter](const std::string& user_id) { adapter.notify(kPrivacyTopic, user_id); };
    // A block stored by another instance binds here at once, before its notice arrives.
    service.privacy_policy().read_through(true);
    // Who has a push subscription: a user's new one is heard by the others' notifiers.
    adapter.on_notice(
        kPushTopic, {.notice = [&service](std::string_view user_id) { service.notifier().heard(std::string(user_id)); },
                     .hearing = [&service](bool) { service.notifier().forget(); }});
    service.notifier().set_peers([&adapter](const std::string& user_id) { adapter.notify(kPushTopic, user_id); });
    // Auto-moderation rules and mutes: a change here makes the others forget that scope or person.
    auto& automod = service.auto_moderation();
    automod.hearing_peers(false);  // read through until the notices are heard
    adapter.on_notice(kAutoModTopic, {.notice = [&automod](std::string_view what) { automod.heard(what); },
                                      .hearing = [&automod](bool hearing) { automod.hearing_peers(hearing); }});
    automod.set_peers([&adapter](const std::string& what) { adapter.notify(kAutoModTopic, what); });
  }
  void changed(const std::string& chat_id) override { adapter_.notify(kTopic, chat_id); }

 private:
  static constexpr const char* kTopic = "chat-cache";
  static constexpr const char* kPrivacyTopic = "privacy";
  static constexpr const char* kPushTopic = "push-subscribers";
  static constexpr const char* kAutoModTopic = "automod";
  realtime::Adapter& adapter_;
};

}  // namespace

struct Server::Chat {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<blob::BlobStore> blobs;             // the files' bytes
  std::unique_ptr<push::PushSender> push;             // Web Push (none: off)
  std::unique_ptr<mail::SmtpSender> mail;             // email digests (none: off)
  std::unique_ptr<events::OutboxRelay> relay;         // with kafka: stopped before the store closes
  std::unique_ptr<RelayWakingEvents> relay_waking;    // with kafka: the service's Events
  std::unique_ptr<bus::RedisClient> redis;            // with redis: outlives what uses it
  std::unique_ptr<realtime::ClusterAdapter> adapter;  // with redis: fan-out to other instances
  std::unique_ptr<bus::Presence> presence;
  std::unique_ptr<bus::RateLimiter> limiter;
  // With redis: the requests' calls to it run on the pool `outside` (bus/offloaded.hpp), in
  // front of the two above; outside is emptied after the pools whose work calls it.
  std::unique_ptr<util::WorkerPool> outside;
  std::unique_ptr<bus::Presence> offloaded_presence;
  std::unique_ptr<bus::RateLimiter> offloaded_limiter;
  std::unique_ptr<util::WorkerPool> workers;
  std::unique_ptr<util::WorkerPool> hashing;           // password hashing, apart from the rest
  std::unique_ptr<util::WorkerPool> job_workers;       // the background jobs' handlers, apart from the rest
  std::unique_ptr<jobs::JobRunner> jobs;               // uses job_workers and the store
  std::unique_ptr<util::WorkerPool> schedule_workers;  // scheduled messages' sends
  std::unique_ptr<chat::AuthService> auth;
  std::unique_ptr<realtime::ChatGateway> gateway;
  std::unique_ptr<chat::Services> service;
  std::unique_ptr<AdapterCachePeers> cache_peers;  // with redis
  std::unique_ptr<realtime::TypingFanout> typing;  // uses the service and the adapter
  std::unique_ptr<chat::Scheduler> scheduler;      // uses the service and schedule_workers
  std::vector<util::Metrics::SourceId> metrics;    // /metrics sources reading the above

  ~Chat() {
    for (auto id : metrics) util::Metrics::global().remove_source(id);
    // Other instances' presence changes arrive on the presence's own thread until it is
    // destroyed, below; from now on they are not handed to the pools emptied next.
    if (presence) presence->watch(nullptr);
    typing.reset();  // its clock stops while the service exists
    jobs.reset();    // its running handlers finish while everything they use still exists
    job_workers.reset();
    hashing.reset();  // finish queued work while everything it uses still exists
    workers.reset();
    // Stopped already (Server::stop: its sends ended); destroyed once no request, which may
    // wake it, is left.
    scheduler.reset();
    schedule_workers.reset();
    outside.reset();
    adapter.reset();  // no more broadcasts or notices from other instances
  }
};

namespace {

// The token signing secret: the configured one; otherwise, on PostgreSQL (a database other
// instances may share), the one kept in the database, so that every instance of a cluster
// signs and checks tokens alike with the settings the README gives; otherwise the one
// generated into data_dir. The first instance seeds the shared one with its data_dir's secret,
// so the tokens it issued before stay valid.
std::string signing_secret(const Config& c, store::Store& store) {
  if (!c.jwt_secret.empty() || !uses_postgres(c)) return chat::load_or_create_secret(c.jwt_secret, c.data_dir);
  const auto seed = chat::load_or_create_secret("", c.data_dir);
  auto shared = store.shared_setting("jwt_secret", seed);
  if (!shared) throw std::runtime_error("database: cannot read or store the shared token signing secret");
  if (shared->size() < 32) throw std::runtime_error("database: the shared token signing secret is too short");
  spdlog::info("token signing secret: shared through the database");
  return std::move(*shared);
}

// The background jobs' figures on /metrics; the runner's kinds are registered already.
util::Metrics::SourceId export_job_stats(const jobs::JobRunner& runner) {
  return util::Metrics::global().add_source([&runner](std::string& out) {
    const auto s = runner.stats();
    out += fmt::format(
        "# HELP parley_jobs_claimed_total Job attempts this process claimed and ran.\n"
        "# TYPE parley_jobs_claimed_total counter\nparley_jobs_claimed_total {}\n"
        "# HELP parley_jobs_done_total Job attempts that succeeded.\n"
        "# TYPE parley_jobs_done_total counter\nparley_jobs_done_total {}\n"
        "# HELP parley_jobs_retried_total Job attempts that failed, the job queued again after a backoff.\n"
        "# TYPE parley_jobs_retried_total counter\nparley_jobs_retried_total {}\n"
        "# HELP parley_jobs_failed_total Job attempts that failed and ended their job (given up or no attempt left).\n"
        "# TYPE parley_jobs_failed_total counter\nparley_jobs_failed_total {}\n"
        "# HELP parley_jobs_released_total Jobs brought back to the queue after their runner's lease ended.\n"
        "# TYPE parley_jobs_released_total counter\nparley_jobs_released_total {}\n"
        "# HELP parley_jobs_lease_extensions_total Leases of running jobs extended by this process.\n"
        "# TYPE parley_jobs_lease_extensions_total counter\nparley_jobs_lease_extensions_total {}\n"
        "# HELP parley_jobs_leases_lost_total Running jobs of this process found leased to another.\n"
        "# TYPE parley_jobs_leases_lost_total counter\nparley_jobs_leases_lost_total {}\n"
        "# HELP parley_jobs_store_errors_total Job queue calls that failed.\n"
        "# TYPE parley_jobs_store_errors_total counter\nparley_jobs_store_errors_total {}\n"
        "# HELP parley_jobs_running Job handlers running in this process.\n"
        "# TYPE parley_jobs_running gauge\nparley_jobs_running {}\n",
        s.claimed, s.done, s.retried, s.failed, s.released, s.leases_extended, s.leases_lost, s.store_errors,
        s.running);
    if (s.queue) {
      out += fmt::format(
          "# HELP parley_jobs_queued Jobs in the queue (every process) at the last poll: due (waiting for a runner), "
          "scheduled (later), running.\n"
          "# TYPE parley_jobs_queued gauge\n"
          "parley_jobs_queued{{state=\"due\"}} {}\nparley_jobs_queued{{state=\"scheduled\"}} {}\n"
          "parley_jobs_queued{{state=\"running\"}} {}\n",
          s.queue->due, s.queue->scheduled, s.queue->running);
    }
    out +=
        "# HELP parley_job_run_seconds Run time of job handlers, by kind.\n# TYPE parley_job_run_seconds histogram\n";
    for (const auto& [kind, histogram] : runner.run_times()) {
      histogram->render(out, "parley_job_run_seconds", fmt::format("kind=\"{}\"", kind).c_str());
    }
  });
}

// The store writer's counters on /metrics.
util::Metrics::SourceId export_writer_stats(std::shared_ptr<const store::WriterStats> stats) {
  return util::Metrics::global().add_source([stats = std::move(stats)](std::string& out) {
    out += fmt::format(
        "# HELP parley_store_commits_total Write transactions committed.\n"
        "# TYPE parley_store_commits_total counter\nparley_store_commits_total {}\n"
        "# HELP parley_store_writes_total Write operations committed (many per transaction).\n"
        "# TYPE parley_store_writes_total counter\nparley_store_writes_total {}\n"
        "# HELP parley_store_failed_batches_total Write transactions that could not commit.\n"
        "# TYPE parley_store_failed_batches_total counter\nparley_store_failed_batches_total {}\n",
        stats->commits.load(), stats->operations.load(), stats->failed_batches.load());
  });
}

std::unique_ptr<store::Store> open_postgres(const Config& c, std::vector<util::Metrics::SourceId>& metrics) {
  store::PostgresOptions options;
  options.outbox = !c.kafka.empty();  // the relay hands the outbox to Kafka
  options.stats = std::make_shared<store::PostgresStats>();
  metrics.push_back(export_writer_stats(options.stats));
  return store::open_postgres_store(c.database, options);
}

std::unique_ptr<store::Store> open_sqlite(const Config& c, std::vector<util::Metrics::SourceId>& metrics) {
  store::SqliteOptions options;
  options.outbox = !c.kafka.empty();
  options.commit_window = std::chrono::microseconds(c.commit_window_us);
  options.search_index_delay = std::chrono::milliseconds(c.search_index_delay_ms);
  options.stats = std::make_shared<store::SqliteStats>();
  metrics.push_back(export_writer_stats(options.stats));
  return store::open_sqlite_store(sqlite_path(c), options);
}

}  // namespace

Server::Server(Config config, ServerMode mode)
    : config_(std::move(config)),
      shards_(thread_count(config_)),
      files_(std::make_unique<http::StaticFiles>(config_.web_root)),
      io_(std::make_unique<realtime::SocketIoServer>(shards_, socketio_options(config_))),
      engine_(std::make_unique<realtime::EngineServer>(shards_, engine_options(config_), io_->listener_factory())),
      http_(std::make_unique<http::HttpServer>(shards_, http_options(config_), router_, files_.get())) {
  io_->of("/");
  http_->mount("/socket.io/", *engine_);
  add_builtin_routes();
  if (mode == ServerMode::kChat) install_chat();
}

namespace {

// Where files' bytes go: an S3-compatible store when configured, else a directory.
std::unique_ptr<blob::BlobStore> open_blobs(const Config& c) {
  if (c.s3_endpoint.empty()) {
    return blob::open_directory_blob_store(files_path(c));
  }
  blob::S3Options s3;
  s3.endpoint = c.s3_endpoint;
  s3.bucket = c.s3_bucket;
  s3.region = c.s3_region;
  s3.access_key = c.s3_access_key;
  s3.secret_key = c.s3_secret_key;
  s3.prefix = c.s3_prefix;
  try {
    auto store = blob::open_s3_blob_store(s3);
    spdlog::info("files in the S3 bucket {} at {}", c.s3_bucket, c.s3_endpoint);
    return store;
  } catch (const std::runtime_error& e) {
    throw ConfigError(std::string("s3: ") + e.what());
  }
}

}  // namespace

void Server::install_chat() {
  const Config& c = config_;
  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  if (ec) throw ConfigError("data_dir " + c.data_dir + ": " + ec.message());

  chat_ = std::make_unique<Chat>();
  install_bus();
  chat_->store = uses_postgres(c) ? open_postgres(c, chat_->metrics) : open_sqlite(c, chat_->metrics);
  // Before anyone can register or sign in: accounts stored under older rules are normalized,
  // and look-alikes reported (chat/account_check.hpp).
  if (auto checked = chat::run_account_checks(*chat_->store, util::now_ms()); !checked) {
    throw std::runtime_error("account check: " + checked.error().message);
  }
  if (!c.kafka.empty()) {
    chat_->relay = start_event_relay(c, *chat_->store);
    chat_->metrics.push_back(util::Metrics::global().add_source([relay = chat_->relay.get()](std::string& out) {
      const auto& s = relay->stats();
      out += fmt::format(
          "# HELP parley_events_relayed_total Outbox events the event log acknowledged.\n"
          "# TYPE parley_events_relayed_total counter\nparley_events_relayed_total {}\n"
          "# HELP parley_events_failed_total Outbox events the event log did not acknowledge (sent again).\n"
          "# TYPE parley_events_failed_total counter\nparley_events_failed_total {}\n"
          "# HELP parley_events_lag_seconds Age of the oldest event waiting in the outbox.\n"
          "# TYPE parley_events_lag_seconds gauge\nparley_events_lag_seconds {:.3f}\n",
          s.relayed.load(), s.failed.load(), static_cast<double>(s.lag_ms.load()) / 1000.0);
    }));
  }
  chat_->workers = std::make_unique<util::WorkerPool>("chat", static_cast<std::size_t>(c.workers),
                                                      static_cast<std::size_t>(c.max_queued_work));
  const auto cores = std::max(1u, std::thread::hardware_concurrency());
  const auto hash_workers = c.hash_workers > 0 ? static_cast<std::size_t>(c.hash_workers) : std::max(1u, cores - 1);
  chat_->hashing =
      std::make_unique<util::WorkerPool>("hashing", hash_workers, static_cast<std::size_t>(c.max_queued_hashes));
  chat::AuthOptions auth;
  auth.jwt_secret = signing_secret(c, *chat_->store);
  auth.token_ttl_ms = c.token_ttl_ms;
  auth.hash_ops = static_cast<unsigned long long>(c.password_hash_ops);
  auth.hash_memory_bytes = static_cast<std::size_t>(c.password_hash_memory_kib) * 1024;
  chat_->auth = std::make_unique<chat::AuthService>(*chat_->store, auth);
  chat_->auth->check_suspensions(&chat_->store->moderation());
  chat_->gateway = std::make_unique<realtime::ChatGateway>(
      *io_, *chat_->auth, *chat_->workers,
      realtime::GatewayOptions{.max_sockets_per_user = static_cast<std::size_t>(c.max_sockets_per_user)});
  chat_->auth->on_session_revoked(
      [gateway = chat_->gateway.get()](std::string_view session_id) { gateway->session_revoked(session_id); });

  chat::ChatOptions options;
  options.max_message_chars = static_cast<std::size_t>(c.max_message_chars);
  options.max_pins = static_cast<std::size_t>(c.max_pins);
  options.max_group_members = static_cast<std::size_t>(c.max_group_members);
  options.edit_window_ms = c.edit_window_ms;
  options.delete_window_ms = c.delete_window_ms;
  options.typing_timeout_ms = c.typing_timeout_ms;
  options.directory_emails =
      c.directory_emails == "contacts" ? chat::EmailVisibility::kContacts : chat::EmailVisibility::kAll;
  options.messages_per_second = static_cast<double>(c.rate_messages_per_second);
  options.messages_burst = static_cast<double>(c.rate_messages_burst);
  options.max_reactions_per_user = static_cast<std::size_t>(c.max_reactions_per_user);
  options.max_custom_emoji = static_cast<std::size_t>(c.max_custom_emoji);
  options.max_scheduled_per_user = static_cast<std::size_t>(c.max_scheduled_per_user);
  options.max_templates = static_cast<std::size_t>(c.max_templates);
  options.schedule_grace_ms = c.schedule_grace_ms;
  options.server_admins = admin_emails(c.server_admins);
  options.max_distinct_reactions = static_cast<std::size_t>(c.max_distinct_reactions);
  options.reactions_per_second = static_cast<double>(c.rate_reactions_per_second);
  options.reactions_burst = static_cast<double>(c.rate_reactions_burst);
  options.searches_per_second = static_cast<double>(c.rate_searches_per_second);
  options.searches_burst = static_cast<double>(c.rate_searches_burst);
  options.max_upload_bytes = static_cast<std::uint64_t>(c.max_upload_bytes);
  options.upload_quota_bytes = static_cast<std::uint64_t>(c.upload_quota_bytes);
  options.max_uploads_in_flight = static_cast<std::size_t>(c.max_uploads_in_flight);
  options.uploads_per_minute = static_cast<double>(c.rate_uploads_per_minute);
  options.upload_expiry_ms = c.upload_expiry_seconds * 1000;
  options.max_attachments = static_cast<std::size_t>(c.max_files_per_message);
  options.file_link_ms = c.file_link_seconds * 1000;
  options.export_keep_ms = c.export_keep_hours * 3600 * 1000;
  options.max_export_bytes = static_cast<std::uint64_t>(c.max_export_bytes);
  options.push_insecure_endpoints = c.push_insecure_endpoints == "on";
  chat_->blobs = open_blobs(c);
  chat_->push = open_push(c, *chat_->store);
  chat_->mail = open_mail(c);
  options.scratch_dir = (std::filesystem::path(c.data_dir) / "tmp").string();
  std::filesystem::create_directories(options.scratch_dir, ec);
  if (ec) throw ConfigError("data_dir " + options.scratch_dir + ": " + ec.message());
  // What a process that stopped mid-processing left there.
  for (const auto& entry : std::filesystem::directory_iterator(options.scratch_dir, ec)) {
    if (entry.path().filename().string().starts_with("parley-upload-")) std::filesystem::remove(entry.path(), ec);
  }
  chat::Events* events = chat_->gateway.get();
  if (chat_->relay) events = (chat_->relay_waking = std::make_unique<RelayWakingEvents>(*events, *chat_->relay)).get();
  install_jobs();
  // The requests' presence and rate limits: through the outside pool with redis.
  bus::Presence& presence = chat_->offloaded_presence ? *chat_->offloaded_presence : *chat_->presence;
  bus::RateLimiter& limiter = chat_->offloaded_limiter ? *chat_->offloaded_limiter : *chat_->limiter;
  chat_->service = std::make_unique<chat::Services>(
      *chat_->store, presence, limiter, *events, options, util::system_clock(), chat_->jobs.get(), chat_->blobs.get(),
      chat_->push.get(), chat::MailSetup{chat_->mail.get(), public_url_of(c), c.email_minute_ms});
  chat_->gateway->install(*chat_->service);
  chat_->service->auto_moderation().on_notice(
      [gateway = chat_->gateway.get()](const store::ModerationNotice& n) { gateway->moderation_notice(n); });
  chat_->service->moderation.on_suspended(
      [gateway = chat_->gateway.get()](const std::string& user_id) { gateway->user_suspended(user_id); });
  if (chat_->adapter)
    chat_->cache_peers = std::make_unique<AdapterCachePeers>(*chat_->adapter, *chat_->service, *chat_->gateway);
  chat_->typing = std::make_unique<realtime::TypingFanout>(io_->of("/"), chat_->service->typing, chat_->adapter.get());
  const auto schedule_threads = static_cast<std::size_t>(c.schedule_workers);
  chat_->schedule_workers = std::make_unique<util::WorkerPool>("schedules", schedule_threads);
  chat_->scheduler = std::make_unique<chat::Scheduler>(
      chat_->service->schedules, *chat_->schedule_workers, util::system_clock(),
      chat::SchedulerOptions{.batch = 64, .max_wait = std::chrono::milliseconds(c.schedule_poll_ms)});

  http::RestLimits limits;
  limits.auth_per_second = static_cast<double>(c.rate_auth_per_second);
  limits.auth_burst = static_cast<double>(c.rate_auth_burst);
  limits.max_json_depth = static_cast<std::size_t>(c.max_json_depth);
  http::add_chat_routes(router_, *chat_->auth, *chat_->service, *chat_->store, limiter, *chat_->workers,
                        *chat_->hashing, limits, chat_->gateway->event_list());
  // Every kind is registered (the services registered theirs as they were built).
  chat_->metrics.push_back(export_job_stats(*chat_->jobs));
}

// The background jobs: a runner on a pool of its own, so that jobs never take the request
// workers; it polls the store's job queue (both backends keep one) from Server::start().
void Server::install_jobs() {
  const Config& c = config_;
  auto* queue = store::jobs_of(*chat_->store);
  if (queue == nullptr) throw std::runtime_error("database: this store keeps no job queue");
  const auto threads = static_cast<std::size_t>(c.job_workers);
  chat_->job_workers = std::make_unique<util::WorkerPool>("jobs", threads, threads);
  jobs::JobRunnerOptions options;
  options.concurrency = threads;
  options.poll_interval = std::chrono::milliseconds(c.job_poll_ms);
  chat_->jobs = std::make_unique<jobs::JobRunner>(*queue, *chat_->job_workers, util::system_clock(), options);
  jobs::install_job_retention(*chat_->jobs, *queue, jobs::JobRetention{.retention_ms = c.job_retention_ms});
}

// Presence, rate limits and fan-out: in this process, or shared by every instance over Redis.
void Server::install_bus() {
  const Config& c = config_;
  if (c.redis.empty()) {
    chat_->presence = std::make_unique<bus::LocalPresence>(c.away_after_ms);
    chat_->limiter = std::make_unique<bus::LocalRateLimiter>();
    return;
  }
  bus::RedisOptions redis;
  redis.url = c.redis;
  try {
    chat_->redis = std::make_unique<bus::RedisClient>(redis);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("redis: ") + e.what());
  }
  bus::RedisPresence::Options presence;
  presence.instance_timeout = std::chrono::milliseconds(c.presence_timeout_ms);
  presence.heartbeat_interval = std::max(std::chrono::milliseconds(100), presence.instance_timeout / 3);
  presence.prefix = c.redis_prefix;
  chat_->presence = std::make_unique<bus::RedisPresence>(*chat_->redis, c.away_after_ms, presence);
  chat_->limiter = std::make_unique<bus::RedisRateLimiter>(*chat_->redis, c.redis_prefix);
  // A slow or stalled Redis holds at most this pool's threads and queue, not the database
  // workers that wait for its answers: beyond, calls are answered as while Redis is down.
  chat_->outside = std::make_unique<util::WorkerPool>("outside", static_cast<std::size_t>(c.outside_workers),
                                                      static_cast<std::size_t>(c.max_queued_outside));
  chat_->offloaded_presence = std::make_unique<bus::OffloadedPresence>(*chat_->presence, *chat_->outside);
  chat_->offloaded_limiter = std::make_unique<bus::OffloadedRateLimiter>(*chat_->limiter, *chat_->outside);
  chat_->adapter =
      std::make_unique<realtime::ClusterAdapter>(bus::redis_pubsub_factory(*chat_->redis), *io_, c.redis_prefix);
  chat_->adapter->attach(io_->of("/"));
  chat_->metrics.push_back(util::Metrics::global().add_source([adapter = chat_->adapter.get()](std::string& out) {
    out += fmt::format(
        "# HELP parley_cluster_dropped_total Broadcast messages not published to the other instances "
        "(Redis unreachable or the queue full).\n"
        "# TYPE parley_cluster_dropped_total counter\nparley_cluster_dropped_total {}\n",
        adapter->dropped());
  }));
  spdlog::info("presence, rate limits and fan-out shared over Redis at {}", c.redis);
}

// Coroutines still suspended on the shards (a connection cut off by the shutdown timeout)
// refer to the HTTP and realtime servers: their frames go before those servers do.
Server::~Server() { shards_.discard(); }

void Server::add_builtin_routes() {
  router_.add_sync(http::Verb::get, "/healthz", [](const http::Request&, const http::Params&) {
    return http::json_response(200, R"({"status":"ok"})");
  });
  router_.add_sync(http::Verb::get, "/metrics", [](const http::Request&, const http::Params&) {
    http::Response res;
    res.result(200);
    res.set(boost::beast::http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(boost::beast::http::field::cache_control, "no-store");
    res.body() = util::Metrics::global().render();
    return res;
  });
}

unsigned short Server::start() {
  const auto port = http_->listen(config_.host, static_cast<unsigned short>(config_.port));
  shards_.start();
  if (chat_) {
    chat_->jobs->start();
    chat_->scheduler->start();
  }
  spdlog::info("parley listening on http://{}:{} with {} I/O thread(s)", config_.host, port, shards_.size());
  return port;
}

void Server::stop() {
  spdlog::info("shutting down");
  http_->shutdown();
  engine_->shutdown();
  // No job is claimed any more; the running ones finish (with their leases kept) while the
  // shards drain. A job that outlives the process comes back when its lease ends.
  if (chat_) {
    chat_->jobs->stop();
    chat_->scheduler->stop();
  }
  shards_.release();
  // Let the threads drain; past the deadline, stop them where they are.
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock lock(m);
    if (!cv.wait_for(lock, std::chrono::milliseconds(config_.shutdown_timeout_ms), [&] { return done; })) {
      const auto& metrics = util::Metrics::global();
      spdlog::warn(
          "shutdown timeout reached with {} TCP connection(s), {} polling and {} WebSocket session(s) open; "
          "stopping",
          metrics.open_connections.get(), metrics.sockets_polling.get(), metrics.sockets_websocket.get());
      shards_.stop();
    }
  });
  shards_.join();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_one();
  watchdog.join();
}

}  // namespace parley::app
