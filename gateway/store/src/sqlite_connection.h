// One SQLite connection with its prepared statements, used by one thread at
// a time (SqliteDatabase hands it out).
#pragma once

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "sql.h"

namespace mg::store {

class SqliteConnection : public SqlTransaction {
 public:
  enum class Mode { kWriter, kReader };
  // Transaction control statements, prepared once like the others.
  enum class Control : int {
    kBeginImmediate,
    kCommit,
    kRollback,
    kSavepoint,
    kRelease,
    kRollbackTo,
    kCount
  };

  // Opens `path` (created if missing, for a writer) with extended result
  // codes and `busy_timeout`. A writer also turns on WAL, synchronous=FULL
  // and foreign keys; a reader is query_only.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, Mode mode,
                                                        std::chrono::milliseconds busy_timeout);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<int64_t> Exec(Stmt stmt, std::initializer_list<SqlParam> params) override;
  Status Query(Stmt stmt, std::initializer_list<SqlParam> params,
               const RowCallback& on_row) override;
  Status ExecScript(std::string_view sql) override;

  Status Run(Control control);

  // Replaces SQLite's own checkpoints after this connection's commits
  // (wal_autocheckpoint) by `on_commit(wal_frames)`, called after each
  // commit with the frames the WAL then holds; an empty function removes it
  // (and leaves no checkpoints after commits).
  void OnCommit(std::function<void(int)> on_commit);
  // A PASSIVE checkpoint: copies into the database file what no reader
  // still needs from the WAL, without waiting for or blocking anyone.
  Status CheckpointPassive();
  // False once SQLite has ended the transaction, e.g. rolled it back itself
  // after an I/O error.
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  // The cached statement, prepared on first use; nullptr for a statement
  // that is empty in SQLite.
  Result<sqlite3_stmt*> Prepared(Stmt stmt);
  Status Bind(sqlite3_stmt* statement, std::initializer_list<SqlParam> params, Stmt stmt);
  Status Error(int rc, std::string_view context) const;

  sqlite3* const db_;
  std::function<void(int)> on_commit_;
  std::array<sqlite3_stmt*, kStmtCount> statements_{};
  std::array<sqlite3_stmt*, static_cast<int>(Control::kCount)> controls_{};
};

}  // namespace mg::store
