#include "store/postgres/connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace parley::store::postgres {
namespace {

// Quotes one element of an array literal: "..." with " and \ escaped.
void append_array_element(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

bool is_connection_failure(std::string_view sqlstate) {
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

// A deadlock or serialization failure: the whole transaction may succeed when run again.
bool is_retryable(std::string_view sqlstate) { return sqlstate == "40P01" || sqlstate == "40001"; }

}  // namespace

Errc errc_of_sqlstate(std::string_view sqlstate) {
  if (sqlstate == "23505") return Errc::kConflict;  // unique_violation
  if (sqlstate == "23503") return Errc::kNotFound;  // foreign_key_violation
  if (sqlstate.starts_with("23") || sqlstate.starts_with("22")) return Errc::kInvalid;
  return Errc::kUnavailable;
}

// ---- Params ----

void Params::push(std::optional<std::string> value) {
  values_.push_back(std::move(value));
  pointers_.clear();
  for (const auto& v : values_) pointers_.push_back(v ? v->c_str() : nullptr);
}

Params& Params::add(std::string_view value) {
  push(std::string(value));
  return *this;
}

Params& Params::add(std::int64_t value) {
  push(std::to_string(value));
  return *this;
}

Params& Params::add(double value) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  push(ec == std::errc() ? std::string(buf.data(), end) : std::string("0"));
  return *this;
}

Params& Params::add(const std::optional<std::string>& value) {
  push(value);
  return *this;
}

Params& Params::add(const std::optional<std::int64_t>& value) {
  push(value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt);
  return *this;
}

Params& Params::add(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    append_array_element(literal, values[i]);
  }
  literal += '}';
  push(std::move(literal));
  return *this;
}

Params& Params::add(const std::vector<std::optional<std::string>>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    if (values[i]) {
      append_array_element(literal, *values[i]);
    } else {
      literal += "NULL";
    }
  }
  literal += '}';
  push(std::move(literal));
  return *this;
}

Params& Params::add(const std::vector<std::int64_t>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += std::to_string(values[i]);
  }
  literal += '}';
  push(std::move(literal));
  return *this;
}

// ---- Rows ----

Rows::Rows(pg_result* result) : result_(result) {}

Rows::~Rows() {
  if (result_ != nullptr) PQclear(result_);
}

Rows::Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}

Rows& Rows::operator=(Rows&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

int Rows::size() const { return result_ != nullptr ? PQntuples(result_) : 0; }

std::int64_t Rows::affected() const {
  if (result_ == nullptr) return 0;
  std::string_view count = PQcmdTuples(result_);
  std::int64_t n = 0;
  std::from_chars(count.data(), count.data() + count.size(), n);
  return n;
}

bool Rows::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string Rows::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Rows::int64(int row, int column) const {
  const char* value = PQgetvalue(result_, row, column);
  std::int64_t n = 0;
  std::from_chars(value, value + PQgetlength(result_, row, column), n);
  return n;
}

double Rows::real(int row, int column) const {
  const char* value = PQgetvalue(result_, row, column);
  double d = 0;
  std::from_chars(value, value + PQgetlength(result_, row, column), d);
  return d;
}

bool Rows::boolean(int row, int column) const { return PQgetvalue(result_, row, column)[0] == 't'; }

std::optional<std::string> Rows::optional_text(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return text(row, column);
}

std::optional<std::int64_t> Rows::optional_int64(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return int64(row, column);
}

// The text form of a one-dimensional text[]: {a,"b c",NULL}; NULL elements are skipped.
std::vector<std::string> Rows::text_array(int row, int column) const {
  std::vector<std::string> items;
  if (is_null(row, column)) return items;
  const std::string literal = text(row, column);
  std::size_t i = 1;  // after '{'
  while (i < literal.size() && literal[i] != '}') {
    std::string item;
    bool quoted = false;
    if (literal[i] == '"') {
      quoted = true;
      for (++i; i < literal.size() && literal[i] != '"'; ++i) {
        if (literal[i] == '\\') ++i;
        if (i < literal.size()) item += literal[i];
      }
      ++i;  // the closing quote
    } else {
      while (i < literal.size() && literal[i] != ',' && literal[i] != '}') item += literal[i++];
    }
    if (quoted || item != "NULL") items.push_back(std::move(item));
    if (i < literal.size() && literal[i] == ',') ++i;
  }
  return items;
}

// ---- Connection ----

std::unique_ptr<Connection> Connection::open(const std::string& url, const Options& options) {
  // Ours first: what the URL says wins (libpq lets later parameters override earlier ones).
  const auto connect_seconds = std::to_string(std::max<long long>(2, (options.connect_timeout.count() + 999) / 1000));
  const char* keywords[] = {"connect_timeout", "application_name", "keepalives_idle", "dbname", nullptr};
  const char* values[] = {connect_seconds.c_str(), "parley", "30", url.c_str(), nullptr};
  pg_conn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) throw std::runtime_error("PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw std::runtime_error("PostgreSQL: cannot connect: " + why);
  }
  // Notices ("relation already exists, skipping", ...) are no errors: keep them off stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<Connection> db(new Connection(conn, options));
  auto session = db->query("SELECT set_config('statement_timeout', $1, false)",
                           Params(std::to_string(options.statement_timeout.count())));
  if (!session) throw std::runtime_error("PostgreSQL: cannot set statement_timeout: " + session.error().message);
  if (options.pipeline && PQenterPipelineMode(conn) != 1) {
    throw std::runtime_error(std::string("PostgreSQL: cannot enter pipeline mode: ") + PQerrorMessage(conn));
  }
  return db;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::in_pipeline() const { return PQpipelineStatus(conn_) != PQ_PIPELINE_OFF; }

void Connection::exec_or_throw(const char* sql, std::string_view what) {
  pg_result* result = PQexec(conn_, sql);
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  std::string why = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  if (PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
  if (!ok) throw std::runtime_error("PostgreSQL: " + std::string(what) + " failed: " + why);
}

std::optional<PgError> Connection::send(std::string_view sql, const Params& params, bool deferred, Plan plan) {
  if (broken_) return PgError{Errc::kUnavailable, "", "", "connection lost"};
  const std::string sql_text(sql);
  // Transaction control and the like: nothing worth preparing. kEachTime: the unnamed
  // statement, planned for these values.
  if (params.size() == 0 || plan == Plan::kEachTime) {
    if (PQsendQueryParams(conn_, sql_text.c_str(), params.size(), nullptr, params.values(), nullptr, nullptr, 0) != 1) {
      return break_connection("cannot send a statement");
    }
    pending_.push_back({std::nullopt, deferred});
    return std::nullopt;
  }
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "parley_" + std::to_string(++names_);
    if (PQsendPrepare(conn_, name.c_str(), sql_text.c_str(), params.size(), nullptr) != 1) {
      return break_connection("cannot prepare a statement");
    }
    pending_.push_back({sql, deferred});
    it = prepared_.emplace(sql, name).first;
    if (!in_pipeline()) {  // one statement at a time: read the prepare's result now
      if (auto failed = drain_pending()) return failed;
    }
  }
  if (PQsendQueryPrepared(conn_, it->second.c_str(), params.size(), params.values(), nullptr, nullptr, 0) != 1) {
    return break_connection("cannot send a statement");
  }
  pending_.push_back({std::nullopt, deferred});
  return std::nullopt;
}

bool Connection::wait_readable() {
  const auto deadline = std::chrono::steady_clock::now() + options_.io_timeout;
  while (PQisBusy(conn_) == 1) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return false;
    if (ready > 0 && PQconsumeInput(conn_) != 1) return false;
  }
  return true;
}

pg_result* Connection::next_result() {
  if (broken_) return nullptr;
  if (!wait_readable()) {
    break_connection("no answer in time");
    return nullptr;
  }
  return PQgetResult(conn_);
}

PgError Connection::break_connection(std::string_view why) {
  broken_ = true;
  pending_.clear();
  return PgError{Errc::kUnavailable, "", "", std::string(why) + ": " + PQerrorMessage(conn_)};
}

PgError Connection::error_of(pg_result* result) {
  PgError error;
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
  error.sqlstate = state != nullptr ? state : "";
  error.constraint = constraint != nullptr ? constraint : "";
  error.message =
      PQresultStatus(result) == PGRES_PIPELINE_ABORTED ? "an earlier statement failed" : PQresultErrorMessage(result);
  error.errc = errc_of_sqlstate(error.sqlstate);
  if (PQstatus(conn_) == CONNECTION_BAD || is_connection_failure(error.sqlstate)) {
    broken_ = true;
    error.errc = Errc::kUnavailable;
  }
  return error;
}

Reply Connection::take_reply() {
  pg_result* result = next_result();
  if (result == nullptr) {
    if (broken_) return util::fail(PgError{Errc::kUnavailable, "", "", "connection lost"});
    return util::fail(break_connection("a result was missing"));
  }
  const auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    PgError error = error_of(result);
    PQclear(result);
    while (pg_result* extra = next_result()) PQclear(extra);
    return util::fail(std::move(error));
  }
  Reply reply{Rows(result)};
  // Each statement's results end with a nullptr; with one statement there is one result.
  while (pg_result* extra = next_result()) PQclear(extra);
  return reply;
}

std::optional<PgError> Connection::drain_pending() {
  std::optional<PgError> first;
  auto pending = std::move(pending_);
  pending_.clear();
  for (const auto& p : pending) {
    auto reply = take_reply();
    if (reply) continue;
    if (p.prepare_of) prepared_.erase(*p.prepare_of);  // prepared again, under a new name
    if (p.deferred) lost_ = true;
    if (!first) first = reply.error();
    if (broken_) break;
  }
  return first;
}

bool Connection::read_until_sync() {
  // Between the statements' results come nullptrs; a run of them means the sync is missing.
  for (int nulls = 0; nulls < 10000;) {
    pg_result* result = next_result();
    if (broken_) return false;
    if (result == nullptr) {
      ++nulls;
      continue;
    }
    const bool synced = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
    PQclear(result);
    if (synced) return true;
    nulls = 0;
  }
  break_connection("the pipeline did not sync");
  return false;
}

void Connection::recover_pipeline() {
  if (!in_pipeline() || broken_) return;
  if (PQpipelineSync(conn_) != 1) {
    break_connection("cannot sync the pipeline");
    return;
  }
  read_until_sync();
}

Reply Connection::finish(Reply reply) {
  if (PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
  if (!reply && is_retryable(reply.error().sqlstate)) retryable_ = true;
  last_constraint_ = reply ? "" : reply.error().constraint;
  return reply;
}

Reply Connection::query(std::string_view sql, const Params& params, Plan plan) {
  if (auto failed = send(sql, params, false, plan)) {
    recover_pipeline();
    return finish(util::fail(std::move(*failed)));
  }
  if (in_pipeline() && (PQsendFlushRequest(conn_) != 1 || PQflush(conn_) != 0)) {
    return finish(util::fail(break_connection("cannot flush")));
  }
  // The last pending result is this statement's; the others are earlier ones and prepares.
  pending_.pop_back();
  std::optional<PgError> earlier = drain_pending();
  Reply reply = take_reply();
  if (earlier || !reply) recover_pipeline();
  if (earlier && reply) return finish(util::fail(std::move(*earlier)));
  return finish(std::move(reply));
}

void Connection::defer(std::string_view sql, const Params& params, Plan plan) { (void)send(sql, params, true, plan); }

Result<void> Connection::sync() {
  if (broken_) return util::fail(Errc::kUnavailable);
  if (PQpipelineSync(conn_) != 1) {
    break_connection("cannot sync the pipeline");
    return util::fail(Errc::kUnavailable);
  }
  std::optional<PgError> failed = drain_pending();
  read_until_sync();
  if (PQstatus(conn_) == CONNECTION_BAD) broken_ = true;
  if (failed && is_retryable(failed->sqlstate)) retryable_ = true;
  if (failed) return util::fail(failed->errc);
  if (broken_) return util::fail(Errc::kUnavailable);
  return {};
}

}  // namespace parley::store::postgres
