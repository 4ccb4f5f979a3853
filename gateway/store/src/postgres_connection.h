// One libpq connection with its prepared statements, used by one thread at a
// time (PostgresDatabase's pool hands it out).
#pragma once

#include <libpq-fe.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "sql.h"

namespace mg::store {

class PostgresConnection : public SqlTransaction {
 public:
  // Connects with `dsn`; kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<PostgresConnection>> Connect(const std::string& dsn);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Result<int64_t> Exec(Stmt stmt, std::initializer_list<SqlParam> params) override;
  Status Query(Stmt stmt, std::initializer_list<SqlParam> params,
               const RowCallback& on_row) override;
  Status ExecScript(std::string_view sql) override;
  // Pipelined (libpq's pipeline mode): sent now, answered with the next
  // statement that waits for its answer.
  Status ExecDeferred(Stmt stmt, std::initializer_list<SqlParam> params) override;
  // Opens a transaction without waiting: BEGIN travels with the first
  // statement of the body.
  Status Begin();
  // COMMIT (or ROLLBACK), sent with whatever is queued.
  Status Finish(bool commit);
  // Inside a transaction, possibly a failed one (a ROLLBACK is due).
  bool InTransaction() const;

  // True once a statement failed with a serialization failure or deadlock
  // since the last ResetRetryable(): rerunning the transaction may succeed.
  bool retryable() const { return retryable_; }
  void ResetRetryable() { retryable_ = false; }
  // Usable for the next transaction: connected and not inside one.
  bool Reusable() const;

 private:
  using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  // Runs a prepared statement, preparing it on first use; the result has
  // status `expected` or an error is returned.
  Result<ResultPtr> Run(Stmt stmt, std::initializer_list<SqlParam> params);
  Status Prepare(Stmt stmt);
  // Queues `stmt` in the pipeline (entering pipeline mode first).
  Status Send(Stmt stmt, std::initializer_list<SqlParam> params);
  Status SendScript(const std::string& sql);
  // Syncs the pipeline and reads every queued answer in order, then leaves
  // pipeline mode. Returns the first error; `last` (if not null) receives
  // the answer to the last statement queued.
  Status Drain(ResultPtr* last);
  Status Error(const PGresult* result, std::string_view context);

  PGconn* const conn_;
  std::array<bool, kStmtCount> prepared_{};
  bool retryable_ = false;
  std::vector<std::string> in_flight_;  // what was queued and not yet answered, in order
};

}  // namespace mg::store
