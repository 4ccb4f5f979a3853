#include "migrations.h"

#include <array>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace mg::store {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)";

// Takes the migration lock and returns the versions applied so far.
Result<std::set<int64_t>> LockAndReadApplied(SqlTransaction& txn) {
  MG_RETURN_IF_ERROR(txn.Exec(Stmt::kMigrationLock, {}).status());
  MG_RETURN_IF_ERROR(txn.ExecScript(kCreateMigrationsTable));
  std::set<int64_t> applied;
  MG_RETURN_IF_ERROR(txn.Query(Stmt::kMigrationsApplied, {}, [&](const SqlRow& row) {
    applied.insert(row.Int(0));
    return Status::Ok();
  }));
  return applied;
}

}  // namespace

std::string MigrationSql(const Migration& migration, Dialect dialect) {
  constexpr std::string_view kIdentity = "{identity}";
  const std::string_view identity = dialect == Dialect::kSqlite
                                        ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                        : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  std::string sql(dialect == Dialect::kSqlite && !migration.sqlite_sql.empty()
                      ? migration.sqlite_sql
                      : migration.sql);
  for (size_t at = sql.find(kIdentity); at != std::string::npos; at = sql.find(kIdentity, at)) {
    sql.replace(at, kIdentity.size(), identity);
    at += identity.size();
  }
  return sql;
}

Status ApplyMigrations(SqlDatabase& db) {
  std::set<int64_t> applied;
  MG_RETURN_IF_ERROR(db.Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(applied, LockAndReadApplied(txn));
    return Status::Ok();
  }));
  const int64_t latest = Migrations().back().version;
  if (!applied.empty() && *applied.rbegin() > latest) {
    return Status(ErrorCode::kFailedPrecondition,
                  "the database schema is at version " + std::to_string(*applied.rbegin()) +
                      ", newer than this binary's " + std::to_string(latest));
  }
  for (const Migration& migration : Migrations()) {
    if (applied.count(migration.version) > 0) continue;
    MG_RETURN_IF_ERROR(db.Write([&](SqlTransaction& txn) -> Status {
      // Another process may have applied it since the first read.
      MG_ASSIGN_OR_RETURN(std::set<int64_t> now_applied, LockAndReadApplied(txn));
      if (now_applied.count(migration.version) > 0) return Status::Ok();
      MG_RETURN_IF_ERROR(txn.ExecScript(MigrationSql(migration, db.dialect())));
      if (migration.backfill != nullptr) MG_RETURN_IF_ERROR(migration.backfill(txn));
      return txn.Exec(Stmt::kMigrationRecord, {migration.version, migration.name}).status();
    }));
  }
  return Status::Ok();
}

}  // namespace mg::store
