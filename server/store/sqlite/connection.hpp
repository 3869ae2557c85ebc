// One SQLite connection with its cache of prepared statements, and Query, the RAII use of one
// cached statement (bind, step, read columns, reset). Used only inside store/sqlite.
//
// Threading: a Connection is used by one thread at a time (the writer thread, or the thread
// that leased a reader from the pool); it is opened with SQLITE_OPEN_NOMUTEX. Statements are
// cached by their SQL text, which must be a string literal (the cache keeps the view).
// Errors: open() throws std::runtime_error (start-up only); everything else reports through
// result codes mapped to store::Errc.
#pragma once

#include "store/store.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace parley::store::sqlite {

// The store error for an SQLite result code (extended codes on): unique keys -> kConflict,
// foreign keys -> kNotFound, other constraints -> kInvalid, anything else -> kUnavailable.
Errc errc_of(int rc);

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating for kReadWrite) the database file; throws std::runtime_error on failure.
  static std::unique_ptr<Connection> open(const std::string& path, Mode mode, std::chrono::milliseconds busy_timeout);
  ~Connection();  // finalizes every cached statement, then closes
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters; throws std::runtime_error with `what`
  // in the message. For start-up only (pragmas, migrations).
  void exec_or_throw(const char* sql, std::string_view what);

  // The cached statement for `sql`, prepared on first use; nullptr with *rc set on failure.
  sqlite3_stmt* statement(std::string_view sql, int* rc);
  // Marks a cached statement in use; aborts if it already is (a nested use is a bug).
  void acquire(std::string_view sql);
  void release(std::string_view sql);

  bool in_transaction() const;   // false when SQLite has rolled the transaction back itself
  std::int64_t changes() const;  // rows changed by the last statement
  std::string error_message() const;
  sqlite3* handle() const { return db_; }

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string_view, Cached> cache_;
};

// One use of a cached statement: bind parameters (from ?1 on), step through rows, read
// columns. Resets the statement and clears its bindings when destroyed. A failure in prepare
// or bind is kept and reported by the first next()/run().
class Query {
 public:
  Query(Connection& db, std::string_view sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  template <class... Args>
  Query& bind(const Args&... args) {
    int index = 0;
    (bind_one(++index, args), ...);
    return *this;
  }

  // Steps once: true when a row is ready; false when done or failed (see failed()/error()).
  bool next();
  // Steps to the end, for statements that return no rows.
  Result<void> run();
  bool failed() const { return rc_ != 0; }
  Errc error() const { return errc_of(rc_); }
  int rc() const { return rc_; }

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  void bind_one(int index, std::string_view value);
  void bind_one(int index, const std::string& value) { bind_one(index, std::string_view(value)); }
  void bind_one(int index, const char* value) { bind_one(index, std::string_view(value)); }
  void bind_one(int index, std::int64_t value);
  void bind_one(int index, double value);
  void bind_one(int index, int value) { bind_one(index, static_cast<std::int64_t>(value)); }
  void bind_one(int index, Status value) { bind_one(index, static_cast<std::int64_t>(value)); }
  void bind_one(int index, const std::optional<std::string>& value);
  void bind_one(int index, const std::optional<std::int64_t>& value);
  void check_bind(int rc);

  Connection& db_;
  std::string_view sql_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = 0;  // first error (an SQLite result code), 0 while none
};

}  // namespace parley::store::sqlite
