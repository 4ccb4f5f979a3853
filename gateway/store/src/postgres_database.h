// SqlDatabase on a PostgreSQL server through a pool of libpq connections.
#pragma once

#include <memory>

#include "gateway/store/open_store.h"
#include "gateway/store/store.h"
#include "sql.h"

namespace mg::store {

// Connects once to check that the server answers; further connections are
// opened on demand up to config.pool_size.
Result<std::unique_ptr<SqlDatabase>> OpenPostgresDatabase(const PostgresConfig& config);

}  // namespace mg::store
