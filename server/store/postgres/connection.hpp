// One libpq connection to PostgreSQL with its prepared statements, used only inside
// store/postgres. Statements always take bound parameters (Params) and are prepared on first
// use, by their SQL text, which must be a string literal (the cache keeps the view).
//
// A connection opened with `pipeline` (the writer's) runs in libpq pipeline mode: defer()
// queues a statement without waiting for it, and the next query() sends the deferred ones and
// itself in one round trip, reading all their results. A failed deferred statement fails that
// query and marks the transaction lost(). Other connections (the readers') run one statement
// per round trip.
//
// Every wait for the server is bounded (Options::io_timeout); a connection that timed out or
// whose server went away is broken() for good and must be replaced. Threading: one thread at a
// time. Errors: open() throws std::runtime_error (start-up and reconnects); everything else
// returns store::Errc.
#pragma once

#include "store/store.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace parley::store::postgres {

// The store error for an SQLSTATE: unique keys -> kConflict, foreign keys -> kNotFound, other
// constraints and bad data -> kInvalid, anything else (connection, timeouts, ...) -> kUnavailable.
Errc errc_of_sqlstate(std::string_view sqlstate);

// Bound parameters, in text format; nullopt is SQL NULL.
class Params {
 public:
  template <class... Args>
  explicit Params(const Args&... args) {
    (add(args), ...);
  }
  Params& add(std::string_view value);
  Params& add(const std::string& value) { return add(std::string_view(value)); }
  Params& add(const char* value) { return add(std::string_view(value)); }
  Params& add(std::int64_t value);
  Params& add(double value);  // as float8 text that reads back the same
  Params& add(int value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(Status value) { return add(static_cast<std::int64_t>(value)); }
  Params& add(const std::optional<std::string>& value);
  Params& add(const std::optional<std::int64_t>& value);
  Params& add(const std::vector<std::string>& values);                 // a text[] literal
  Params& add(const std::vector<std::optional<std::string>>& values);  // text[] with NULLs
  Params& add(const std::vector<std::int64_t>& values);                // a bigint[] literal

  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return pointers_.data(); }

 private:
  void push(std::optional<std::string> value);

  std::vector<std::optional<std::string>> values_;
  std::vector<const char*> pointers_;  // into values_, rebuilt by push()
};

// The rows of one successful statement, in text format.
class Rows {
 public:
  Rows() = default;
  explicit Rows(pg_result* result);
  ~Rows();
  Rows(Rows&& other) noexcept;
  Rows& operator=(Rows&& other) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  int size() const;
  bool empty() const { return size() == 0; }
  std::int64_t affected() const;  // rows changed by an INSERT, UPDATE or DELETE
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  double real(int row, int column) const;
  bool boolean(int row, int column) const;
  std::optional<std::string> optional_text(int row, int column) const;
  std::optional<std::int64_t> optional_int64(int row, int column) const;
  std::vector<std::string> text_array(int row, int column) const;  // a text[] column

 private:
  pg_result* result_ = nullptr;
};

// What a failed statement reported: the store error and, when the server gave them, the
// SQLSTATE and the violated constraint.
struct PgError {
  Errc errc = Errc::kUnavailable;
  std::string sqlstate;
  std::string constraint;
  std::string message;
};

using Reply = util::Result<Rows, PgError>;

// How a statement is planned. kCached: prepared once; after a few runs PostgreSQL may keep one
// generic plan, chosen from the statistics of that moment. kEachTime: planned for the values
// of each run. `id = ANY($1)` needs it: a generic plan chosen while the table was small stays
// a sequential scan (measured: 6,000 rows read per status change after 14,000 messages).
enum class Plan { kCached, kEachTime };

class Connection {
 public:
  struct Options {
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds statement_timeout{5000};  // set on the server for each statement
    std::chrono::milliseconds io_timeout{10000};        // the longest wait for any answer
    bool pipeline = false;
  };

  // Connects and sets the session up; throws std::runtime_error saying why it could not.
  static std::unique_ptr<Connection> open(const std::string& url, const Options& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs statements without parameters (simple protocol); throws std::runtime_error naming
  // `what`. For start-up only (migrations), never in pipeline mode.
  void exec_or_throw(const char* sql, std::string_view what);

  // Runs one statement and returns its rows.
  Reply query(std::string_view sql, const Params& params = Params(), Plan plan = Plan::kCached);
  // Pipeline mode only: queues a statement whose result is checked by the next query() or
  // sync(); a failure there marks the transaction lost().
  void defer(std::string_view sql, const Params& params = Params(), Plan plan = Plan::kCached);
  // Pipeline mode only: sends what is queued with a sync point and reads every result.
  Result<void> sync();

  bool broken() const { return broken_; }  // the connection is unusable: replace it
  // Since begin_transaction(): a deferred statement failed, or the server aborted a statement
  // for a deadlock or a serialization failure. The transaction must be abandoned.
  bool lost() const { return lost_ || retryable_; }
  // Since begin_transaction(): running the transaction again may succeed (deadlock,
  // serialization failure, or a connection that broke).
  bool retryable() const { return retryable_ || broken_; }
  void begin_transaction() { lost_ = retryable_ = false; }
  // The constraint the last failed query() violated ("" when none).
  const std::string& last_constraint() const { return last_constraint_; }

 private:
  Connection(pg_conn* conn, const Options& options) : conn_(conn), options_(options) {}

  // A statement sent whose result is not read yet: `prepare_of` names the SQL of a prepare;
  // `deferred` marks those queued by defer(), whose failure loses the transaction.
  struct Pending {
    std::optional<std::string_view> prepare_of;
    bool deferred = false;
  };

  // Prepares on first use (kCached).
  std::optional<PgError> send(std::string_view sql, const Params& params, bool deferred, Plan plan);
  bool in_pipeline() const;
  bool wait_readable();
  pg_result* next_result();                // nullptr: the end of one statement's results
  Reply take_reply();                      // one statement's result and its terminating nullptr
  std::optional<PgError> drain_pending();  // the results of earlier statements, in order
  bool read_until_sync();
  void recover_pipeline();  // after an error: sync, so that later statements run again
  Reply finish(Reply reply);
  PgError error_of(pg_result* result);
  PgError break_connection(std::string_view why);

  pg_conn* conn_;
  const Options options_;
  std::unordered_map<std::string_view, std::string> prepared_;  // SQL text -> statement name
  std::uint64_t names_ = 0;                                     // statement names are never reused
  std::vector<Pending> pending_;                                // in the order sent
  bool broken_ = false;
  bool lost_ = false;
  bool retryable_ = false;
  std::string last_constraint_;
};

}  // namespace parley::store::postgres
