#include "store/sqlite/connection.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace parley::store::sqlite {

Errc errc_of(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Errc::kConflict;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Errc::kNotFound;
    default:
      return (rc & 0xff) == SQLITE_CONSTRAINT ? Errc::kInvalid : Errc::kUnavailable;
  }
}

namespace {

// Once per process, before SQLite initializes: no memory statistics, which take a global mutex
// on every allocation SQLite makes (the statistics are never read). SQLITE_MISUSE means SQLite
// was initialized already (by another user in this process); it then keeps its defaults.
void configure_sqlite() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

std::unique_ptr<Connection> Connection::open(const std::string& path, Mode mode,
                                             std::chrono::milliseconds busy_timeout) {
  configure_sqlite();
  const int flags = SQLITE_OPEN_NOMUTEX |
                    (mode == Mode::kReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw std::runtime_error("cannot open SQLite database '" + path + "': " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return std::unique_ptr<Connection>(new Connection(db));  // private constructor
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  cache_.clear();
  sqlite3_close_v2(db_);
}

void Connection::exec_or_throw(const char* sql, std::string_view what) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    throw std::runtime_error("SQLite: " + std::string(what) + ": " + message);
  }
}

sqlite3_stmt* Connection::statement(std::string_view sql, int* rc) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second.stmt;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  *rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (*rc != SQLITE_OK) {
    spdlog::error("sqlite: cannot prepare `{}`: {}", sql, sqlite3_errmsg(db_));
    sqlite3_finalize(stmt);
    return nullptr;
  }
  if (stmt == nullptr || tail != sql.data() + sql.size()) {
    spdlog::critical("sqlite: `{}` is not exactly one statement", sql);
    std::abort();  // a bug in a constant
  }
  cache_.emplace(sql, Cached{stmt, false});
  return stmt;
}

void Connection::acquire(std::string_view sql) {
  auto& cached = cache_.at(sql);
  if (cached.in_use) {
    spdlog::critical("sqlite: statement `{}` used while already in use", sql);
    std::abort();
  }
  cached.in_use = true;
}

void Connection::release(std::string_view sql) { cache_.at(sql).in_use = false; }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

std::string Connection::error_message() const { return sqlite3_errmsg(db_); }

Query::Query(Connection& db, std::string_view sql) : db_(db), sql_(sql) {
  int rc = SQLITE_OK;
  stmt_ = db_.statement(sql, &rc);
  if (stmt_ == nullptr) {
    rc_ = rc;
    return;
  }
  db_.acquire(sql_);
}

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  db_.release(sql_);
}

void Query::check_bind(int rc) {
  if (rc != SQLITE_OK && rc_ == 0) rc_ = rc;
}

void Query::bind_one(int index, std::string_view value) {
  if (stmt_ == nullptr) return;
  // A null pointer would bind SQL NULL; an empty string must stay an empty string.
  const char* data = value.data() != nullptr ? value.data() : "";
  check_bind(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Query::bind_one(int index, std::int64_t value) {
  if (stmt_ == nullptr) return;
  check_bind(sqlite3_bind_int64(stmt_, index, value));
}

void Query::bind_one(int index, double value) {
  if (stmt_ == nullptr) return;
  check_bind(sqlite3_bind_double(stmt_, index, value));
}

void Query::bind_one(int index, const std::optional<std::string>& value) {
  if (stmt_ == nullptr) return;
  if (value) return bind_one(index, std::string_view(*value));
  check_bind(sqlite3_bind_null(stmt_, index));
}

void Query::bind_one(int index, const std::optional<std::int64_t>& value) {
  if (stmt_ == nullptr) return;
  if (value) return bind_one(index, *value);
  check_bind(sqlite3_bind_null(stmt_, index));
}

bool Query::next() {
  if (rc_ != 0) return false;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  rc_ = rc;
  if (errc_of(rc) == Errc::kUnavailable) {
    spdlog::error("sqlite: `{}` failed: {} ({})", sql_, db_.error_message(), rc);
  }
  return false;
}

Result<void> Query::run() {
  while (next()) {
  }
  if (failed()) return util::fail(error());
  return {};
}

bool Query::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Query::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Query::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Query::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Query::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

}  // namespace parley::store::sqlite
