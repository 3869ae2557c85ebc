// For tests against a real PostgreSQL server (the store's, and those of what runs on it, such
// as the outbox relay): the server from the environment scripts/services.sh sets, a superuser
// connection for setting up and inspecting outside the store, and a schema of the test's own.
//
// PARLEY_TEST_POSTGRES_URL names the server (a superuser); PARLEY_TEST_POSTGRES_CTL stops and
// starts it. Without them the helpers throw, saying how to run the tests. Header-only, for test
// executables; one thread at a time per object.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace parley::store::postgres::testing {

inline std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run the PostgreSQL tests under scripts/services.sh, "
                             "e.g. scripts/services.sh ctest --test-dir build -L cluster");
  }
  return value;
}

inline std::string server_url() { return required_env("PARLEY_TEST_POSTGRES_URL"); }

// A superuser connection of the test's own, for setting up and inspecting outside the store.
class Admin {
 public:
  Admin() : conn_(PQconnectdb(server_url().c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to PARLEY_TEST_POSTGRES_URL: " + why);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);  // DROP SCHEMA ... CASCADE lists tables
  }
  ~Admin() { PQfinish(conn_); }
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;

  // The first value of the first row of `sql` (test-made SQL only), or "(error) ...".
  std::string scalar(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string value;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) {
      value = PQgetisnull(r, 0, 0) ? "(null)" : PQgetvalue(r, 0, 0);
    } else if (PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK) {
      value = "";
    } else {
      value = std::string("(error) ") + PQresultErrorMessage(r);
    }
    PQclear(r);
    return value;
  }

 private:
  PGconn* conn_;
};

// A schema of its own in the test database, dropped with everything in it; url() connects
// with it first on the search_path and with an application_name naming it.
class TestSchema {
 public:
  TestSchema() {
    static std::atomic<int> counter{0};
    name_ = "parley_test_" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1));
    const auto created = admin_.scalar("CREATE SCHEMA " + name_);
    if (!created.empty()) throw std::runtime_error("CREATE SCHEMA failed: " + created);
  }
  ~TestSchema() { admin_.scalar("DROP SCHEMA " + name_ + " CASCADE"); }
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;

  std::string url() const {
    const std::string base = server_url();
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + name_ +
           "&application_name=" + name_;
  }
  const std::string& name() const { return name_; }
  Admin& admin() { return admin_; }

  // Ends every connection of stores opened with url(), as a server restart or a proxy would.
  int terminate_connections() {
    return std::stoi(
        admin_.scalar("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                      "WHERE application_name = '" +
                      name_ + "'"));
  }

 private:
  Admin admin_;
  std::string name_;
};

}  // namespace parley::store::postgres::testing
