// The small SQL surface SqlStore is written against, so that its
// transactions exist once and each backend (SQLite, PostgreSQL) supplies
// only connections, prepared statements and transaction mechanics.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"
#include "statements.h"

namespace mg::store {

// A database's own error as a Status: the client-facing message says only
// what kind of failure it was; `detail` (the database's text, which may name
// hosts, users, paths and row values) is kept as the internal detail, for
// the log.
Status DatabaseError(ErrorCode code, std::string detail);

// A bound parameter: NULL, an integer, or text (not copied: it must outlive
// the call that binds it).
using SqlParam = std::variant<std::monostate, int64_t, std::string_view>;

inline SqlParam SqlNull() { return std::monostate{}; }
// NULL for empty text: optional columns store "not known yet" as NULL.
inline SqlParam TextOrNull(std::string_view text) {
  return text.empty() ? SqlParam(std::monostate{}) : SqlParam(text);
}

// NULL for an absent number.
inline SqlParam OptionalParam(const std::optional<int64_t>& value) {
  return value ? SqlParam(*value) : SqlNull();
}

// One result row, valid only inside the callback that receives it.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool IsNull(int column) const = 0;
  // REQUIRES: the column is an integer or NULL (read as 0).
  virtual int64_t Int(int column) const = 0;
  // NULL reads as empty. The view lives as long as the row.
  virtual std::string_view Text(int column) const = 0;
};

using RowCallback = std::function<Status(const SqlRow&)>;

// The statements of one transaction (or, for reads, of one connection).
class SqlTransaction {
 public:
  virtual ~SqlTransaction() = default;
  // Runs a prepared statement; returns the number of rows it changed.
  virtual Result<int64_t> Exec(Stmt stmt, std::initializer_list<SqlParam> params) = 0;
  // Runs a prepared query and hands each row to `on_row` in order; stops at
  // the first non-OK status from `on_row` and returns it.
  virtual Status Query(Stmt stmt, std::initializer_list<SqlParam> params,
                       const RowCallback& on_row) = 0;
  // Runs unprepared SQL, possibly several statements (migrations only).
  virtual Status ExecScript(std::string_view sql) = 0;
  // Runs a statement inside a write whose row count nobody needs and whose
  // failure only fails the transaction: a backend may send it without
  // waiting for its answer and report its error at the next statement that
  // waits, or at the commit (PostgreSQL sends a run of them, and the
  // statement or COMMIT after them, in one round trip). SQLite runs it now.
  virtual Status ExecDeferred(Stmt stmt, std::initializer_list<SqlParam> params) {
    return Exec(stmt, params).status();
  }

  using Step = std::function<Status(SqlTransaction&)>;
  // Queues `step` to run when the body that queued it has returned OK, just
  // before its commit (inside its savepoint on SQLite). PostgreSQL holds the
  // row lock an UPDATE takes until the commit, so statements on rows that
  // every transaction updates (ledger balances) belong at the end: others
  // then wait for them only as long as the commit, not the rest of the body.
  void AtEnd(Step step) { at_end_.push_back(std::move(step)); }

  // Called by the database after each run of a body: with the body's status
  // OK, runs the queued steps in order (a step may queue more); otherwise
  // drops them. Returns the first failing step's status.
  Status FinishBody(const Status& body_status) {
    std::vector<Step> steps;
    steps.swap(at_end_);
    if (!body_status.ok()) return body_status;
    for (size_t i = 0; i < steps.size(); ++i) {
      Status status = steps[i](*this);
      if (!status.ok()) {
        at_end_.clear();
        return status;
      }
      for (Step& queued : at_end_) steps.push_back(std::move(queued));
      at_end_.clear();
    }
    return Status::Ok();
  }

 private:
  std::vector<Step> at_end_;
};

using TransactionBody = std::function<Status(SqlTransaction&)>;

class SqlDatabase {
 public:
  virtual ~SqlDatabase() = default;
  virtual Dialect dialect() const = 0;
  // Runs `body` in one write transaction, committed durably if and only if
  // `body` returns OK; its non-OK status is returned after rolling back.
  // Backends may rerun `body` after a serialization failure, so a body must
  // assign its outputs afresh on every run. A body must not call back into
  // the database (it may run on another thread, inside a group commit).
  virtual Status Write(const TransactionBody& body) = 0;
  // Runs `body`'s queries against committed data, each statement on its own.
  virtual Status Read(const TransactionBody& body) = 0;
};

}  // namespace mg::store
