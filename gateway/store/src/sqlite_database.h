// SqlDatabase on one SQLite file: one writer connection with group commit,
// and a pool of reader connections (WAL lets them read while it writes).
#pragma once

#include <memory>

#include "gateway/store/open_store.h"
#include "gateway/store/store.h"
#include "sql.h"

namespace mg::store {

Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const SqliteConfig& config);

}  // namespace mg::store
