#include "sqlite_connection.h"

#include <chrono>
#include <string>
#include <thread>

namespace mg::store {
namespace {

constexpr std::array<const char*, static_cast<int>(SqliteConnection::Control::kCount)> kControlSql =
    {"BEGIN IMMEDIATE",    "COMMIT",           "ROLLBACK",
     "SAVEPOINT mg_write", "RELEASE mg_write", "ROLLBACK TO mg_write"};

// SQLite's text (file paths, values) is the internal detail: logged only.
Status StatusFor(int rc, std::string message) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      return DatabaseError(ErrorCode::kUnavailable, std::move(message));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        return DatabaseError(ErrorCode::kConflict, std::move(message));
      }
      return DatabaseError(ErrorCode::kFailedPrecondition, std::move(message));
    default:
      return DatabaseError(ErrorCode::kInternal, std::move(message));
  }
}

// Resets a statement when the call that used it ends, however it ends, so
// that no statement keeps a read transaction open.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ~ResetOnExit() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* statement_;
};

class SqliteRow : public SqlRow {
 public:
  explicit SqliteRow(sqlite3_stmt* statement) : statement_(statement) {}
  bool IsNull(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(statement_, column); }
  std::string_view Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (text == nullptr) return {};
    return std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  sqlite3_stmt* statement_;
};

// SQLite counts every allocation under one process-wide mutex unless told
// not to (SQLITE_CONFIG_MEMSTATUS, on by default), and the gateway never
// reads those counts: switched off, a purchase costs 2.27M instructions
// instead of 2.39M (callgrind of the Release gateway under wrk). sqlite3_config
// works only before SQLite initializes, so this runs before the first open;
// if something initialized SQLite first it changes nothing, which is harmless.
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, Mode mode, std::chrono::milliseconds busy_timeout) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kWriter) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  // The handle exists even when opening failed; the wrapper closes it.
  std::unique_ptr<SqliteConnection> connection(db == nullptr ? nullptr : new SqliteConnection(db));
  if (rc != SQLITE_OK) {
    return StatusFor(rc, "cannot open SQLite database " + path + ": " +
                             (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  if (mode == Mode::kReader) {
    MG_RETURN_IF_ERROR(connection->ExecScript("PRAGMA query_only = ON"));
    return connection;
  }
  // WAL: readers never block the writer. synchronous=FULL: the WAL is
  // fsynced at every commit, so a commit survives power loss, not only a
  // crash of the process (NORMAL would lose the last commits on power loss).
  // The store's writer switches to NORMAL and flushes the WAL itself before
  // it answers (sqlite_database.cc, sqlite_wal_sync.h): the same guarantee.
  bool wal = false;
  // temp_store=MEMORY keeps the savepoint journal in memory: group commit
  // runs each write in a savepoint (sqlite_database.cc), and every page an
  // earlier write of the batch dirtied is copied there before it changes
  // again; on disk (past 64 KiB) that copy was a pwrite per page inside the
  // transaction, the most costly part of a gift (bench/run.sh gifts_sqlite:
  // 1,930/s before, 2,618-2,920/s after, same machine). In memory it stays
  // small: SQLite empties an in-memory statement journal when the outermost
  // savepoint is released, so it holds one write's pages at a time.
  MG_RETURN_IF_ERROR(connection->ExecScript(
      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY"));
  // Switching the journal mode answers SQLITE_BUSY at once while another
  // connection opens the same new file, without calling the busy handler;
  // so it is retried here until the busy timeout, as any other write waits.
  const auto give_up = std::chrono::steady_clock::now() + busy_timeout;
  int wal_rc = SQLITE_OK;
  for (;;) {
    wal_rc = sqlite3_exec(
        db, "PRAGMA journal_mode = WAL",
        [](void* out, int, char** values, char**) {
          *static_cast<bool*>(out) = values[0] != nullptr && std::string_view(values[0]) == "wal";
          return 0;
        },
        &wal, nullptr);
    const int primary = wal_rc & 0xff;
    if ((primary != SQLITE_BUSY && primary != SQLITE_LOCKED) ||
        std::chrono::steady_clock::now() >= give_up) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (wal_rc != SQLITE_OK) return connection->Error(wal_rc, "PRAGMA journal_mode");
  if (!wal) {
    return Status(ErrorCode::kUnavailable, "SQLite database " + path + " cannot use WAL mode");
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (sqlite3_stmt* statement : statements_) sqlite3_finalize(statement);
  for (sqlite3_stmt* statement : controls_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

void SqliteConnection::OnCommit(std::function<void(int)> on_commit) {
  on_commit_ = std::move(on_commit);
  if (!on_commit_) {
    sqlite3_wal_hook(db_, nullptr, nullptr);
    return;
  }
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int frames) {
        static_cast<SqliteConnection*>(self)->on_commit_(frames);
        return SQLITE_OK;
      },
      this);
}

Status SqliteConnection::CheckpointPassive() {
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "checkpoint");
  return Status::Ok();
}

Status SqliteConnection::Error(int rc, std::string_view context) const {
  return StatusFor(rc, "SQLite " + std::string(context) + ": " + sqlite3_errmsg(db_));
}

Result<sqlite3_stmt*> SqliteConnection::Prepared(Stmt stmt) {
  sqlite3_stmt*& cached = statements_[static_cast<size_t>(stmt)];
  if (cached != nullptr) return cached;
  const std::string& sql = StatementSql(stmt, Dialect::kSqlite);
  if (sql.empty()) return static_cast<sqlite3_stmt*>(nullptr);
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size() + 1),
                                    SQLITE_PREPARE_PERSISTENT, &cached, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "prepare " + std::string(StatementName(stmt)));
  return cached;
}

Status SqliteConnection::Bind(sqlite3_stmt* statement, std::initializer_list<SqlParam> params,
                              Stmt stmt) {
  if (sqlite3_bind_parameter_count(statement) != static_cast<int>(params.size())) {
    return Status(ErrorCode::kInternal,
                  "wrong parameter count for " + std::string(StatementName(stmt)));
  }
  int index = 1;
  for (const SqlParam& param : params) {
    int rc = SQLITE_OK;
    if (const auto* value = std::get_if<int64_t>(&param)) {
      rc = sqlite3_bind_int64(statement, index, *value);
    } else if (const auto* text = std::get_if<std::string_view>(&param)) {
      // A null data pointer would bind NULL; empty text stays text.
      rc = sqlite3_bind_text(statement, index, text->data() != nullptr ? text->data() : "",
                             static_cast<int>(text->size()), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(statement, index);
    }
    if (rc != SQLITE_OK) return Error(rc, "bind " + std::string(StatementName(stmt)));
    ++index;
  }
  return Status::Ok();
}

Result<int64_t> SqliteConnection::Exec(Stmt stmt, std::initializer_list<SqlParam> params) {
  MG_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepared(stmt));
  if (statement == nullptr) return int64_t{0};
  ResetOnExit reset(statement);
  MG_RETURN_IF_ERROR(Bind(statement, params, stmt));
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return Error(rc, StatementName(stmt));
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::Query(Stmt stmt, std::initializer_list<SqlParam> params,
                               const RowCallback& on_row) {
  MG_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepared(stmt));
  if (statement == nullptr) return Status::Ok();
  ResetOnExit reset(statement);
  MG_RETURN_IF_ERROR(Bind(statement, params, stmt));
  const SqliteRow row(statement);
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    MG_RETURN_IF_ERROR(on_row(row));
  }
  if (rc != SQLITE_DONE) return Error(rc, StatementName(stmt));
  return Status::Ok();
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return StatusFor(rc, "SQLite script: " + detail);
}

Status SqliteConnection::Run(Control control) {
  const auto index = static_cast<size_t>(control);
  sqlite3_stmt*& statement = controls_[index];
  if (statement == nullptr) {
    const int rc = sqlite3_prepare_v3(db_, kControlSql[index], -1, SQLITE_PREPARE_PERSISTENT,
                                      &statement, nullptr);
    if (rc != SQLITE_OK) return Error(rc, kControlSql[index]);
  }
  ResetOnExit reset(statement);
  const int rc = sqlite3_step(statement);
  if (rc != SQLITE_DONE) return Error(rc, kControlSql[index]);
  return Status::Ok();
}

}  // namespace mg::store
