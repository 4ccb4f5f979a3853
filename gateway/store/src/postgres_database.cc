#include "postgres_database.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "gateway/store/open_store.h"
#include "postgres_connection.h"

namespace mg::store {
namespace {

class PostgresDatabase : public SqlDatabase {
 public:
  explicit PostgresDatabase(const PostgresConfig& config) : config_(config) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  Status Write(const TransactionBody& body) override;
  Status Read(const TransactionBody& body) override;

  // Returns a connection, opening one when none is idle and the pool has
  // room; waits up to acquire_timeout otherwise.
  Result<std::unique_ptr<PostgresConnection>> Acquire();
  // Keeps the connection for the next caller if it is still usable.
  void Release(std::unique_ptr<PostgresConnection> connection);

 private:
  Status RunWrite(PostgresConnection& conn, const TransactionBody& body);

  const PostgresConfig config_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                           // guarded by mu_
};

// Hands a pooled connection back however the scope ends.
class PooledConnection {
 public:
  PooledConnection(PostgresDatabase* db, std::unique_ptr<PostgresConnection> conn)
      : db_(db), conn_(std::move(conn)) {}
  ~PooledConnection() { db_->Release(std::move(conn_)); }
  PooledConnection(const PooledConnection&) = delete;
  PooledConnection& operator=(const PooledConnection&) = delete;
  PostgresConnection& operator*() { return *conn_; }
  PostgresConnection* operator->() { return conn_.get(); }

 private:
  PostgresDatabase* db_;
  std::unique_ptr<PostgresConnection> conn_;
};

Result<std::unique_ptr<PostgresConnection>> PostgresDatabase::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    const bool ready = available_.wait_for(
        lock, config_.acquire_timeout, [&] { return !idle_.empty() || open_ < config_.pool_size; });
    if (!ready) {
      return Status(ErrorCode::kUnavailable, "all " + std::to_string(config_.pool_size) +
                                                 " PostgreSQL connections are busy");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PostgresConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;
  }
  // Connect outside the lock: it takes a network round trip or more.
  Result<std::unique_ptr<PostgresConnection>> conn = PostgresConnection::Connect(config_.dsn);
  if (!conn.ok()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      --open_;
    }
    available_.notify_one();
  }
  return conn;
}

void PostgresDatabase::Release(std::unique_ptr<PostgresConnection> connection) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (connection != nullptr && connection->Reusable()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;  // a broken connection is closed; the next caller opens anew
    }
  }
  available_.notify_one();
}

// READ COMMITTED with explicit row locks (the *Lock statements are SELECT
// ... FOR UPDATE, spend checks take an advisory lock), so the outcome never
// depends on a snapshot taken before a competing commit. Deadlocks and
// serialization failures are still possible in principle; they rerun the
// whole body on a fresh transaction.
Status PostgresDatabase::Write(const TransactionBody& body) {
  for (int attempt = 0;; ++attempt) {
    MG_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> acquired, Acquire());
    PooledConnection conn(this, std::move(acquired));
    conn->ResetRetryable();
    Status status = RunWrite(*conn, body);
    if (status.ok() || !conn->retryable() || attempt >= config_.max_transaction_retries) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1 << std::min(attempt, 6)));
  }
}

Status PostgresDatabase::RunWrite(PostgresConnection& conn, const TransactionBody& body) {
  // BEGIN, deferred statements and COMMIT are pipelined with the statements
  // that wait for answers (postgres_connection.h): fewer round trips.
  MG_RETURN_IF_ERROR(conn.Begin());
  Status status = conn.FinishBody(body(conn));
  if (!status.ok()) {
    if (conn.InTransaction()) (void)conn.Finish(/*commit=*/false);
    return status;
  }
  // A COMMIT that fails rolls back on the server, but one queued behind a
  // failed deferred statement is skipped, leaving the transaction open in
  // error: it is rolled back here. One whose answer is lost with the
  // connection has an unknown outcome and is reported unavailable.
  Status committed = conn.Finish(/*commit=*/true);
  if (!committed.ok() && conn.InTransaction()) (void)conn.Finish(/*commit=*/false);
  return committed;
}

Status PostgresDatabase::Read(const TransactionBody& body) {
  MG_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> acquired, Acquire());
  PooledConnection conn(this, std::move(acquired));
  return body(*conn);
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const PostgresConfig& config) {
  if (config.dsn.empty()) return InvalidArgument("PostgreSQL DSN is empty", "store.postgres.dsn");
  if (config.pool_size < 1) {
    return InvalidArgument("need at least one connection", "store.postgres.pool_size");
  }
  auto db = std::make_unique<PostgresDatabase>(config);
  MG_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> first, db->Acquire());
  db->Release(std::move(first));
  return std::unique_ptr<SqlDatabase>(std::move(db));
}

}  // namespace mg::store
