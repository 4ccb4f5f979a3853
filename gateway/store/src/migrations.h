// Versioned schema migrations: one logical schema for SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"
#include "sql.h"

namespace mg::store {

struct Migration {
  int64_t version;  // strictly increasing, never reused
  std::string_view name;
  // DDL in the shared subset of both dialects; "{identity}" stands for an
  // auto-increasing BIGINT primary key.
  std::string_view sql;
  // Fills what the DDL added into the rows written before it, in the same
  // transaction. May be null.
  Status (*backfill)(SqlTransaction& txn) = nullptr;
  // When not empty, SQLite runs this instead of `sql`: SQLite cannot alter
  // a constraint, so it rebuilds the table where PostgreSQL alters it.
  std::string_view sqlite_sql = {};
};

// Every migration, oldest first.
std::span<const Migration> Migrations();

// The migration's DDL for `dialect`.
std::string MigrationSql(const Migration& migration, Dialect dialect);

// Applies the migrations missing from schema_migrations in order, each in its
// own transaction, serialized against other processes doing the same.
// kFailedPrecondition when the database has a version this binary lacks.
Status ApplyMigrations(SqlDatabase& db);

}  // namespace mg::store
