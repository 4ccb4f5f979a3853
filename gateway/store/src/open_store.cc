#include "gateway/store/open_store.h"

#include "gateway/store/store.h"
#include "migrations.h"
#include "postgres_database.h"
#include "sql_store.h"
#include "sqlite_database.h"

namespace mg::store {

Result<std::unique_ptr<Store>> OpenStore(const StoreConfig& config) {
  std::unique_ptr<SqlDatabase> db;
  switch (config.backend) {
    case StoreConfig::Backend::kSqlite: {
      MG_ASSIGN_OR_RETURN(db, OpenSqliteDatabase(config.sqlite));
      break;
    }
    case StoreConfig::Backend::kPostgres: {
      MG_ASSIGN_OR_RETURN(db, OpenPostgresDatabase(config.postgres));
      break;
    }
  }
  if (db == nullptr) return InvalidArgument("unknown store backend", "store.backend");
  MG_RETURN_IF_ERROR(ApplyMigrations(*db));
  return std::unique_ptr<Store>(new SqlStore(std::move(db), config));
}

}  // namespace mg::store
