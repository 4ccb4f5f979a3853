// Opening a store (store.h): the configuration of each backend and
// OpenStore, which picks one and brings its schema up to date.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/status.h"

namespace mg::store {

class Store;  // store.h

struct SqliteConfig {
  // The database file; created with its folder's permissions when missing.
  std::string path;
  // Read-only connections for concurrent reads. Default: 4.
  int reader_connections = 4;
  // How long a statement waits for a lock held by another process.
  std::chrono::milliseconds busy_timeout{5000};
  // Group commit: concurrent write transactions are committed together, with
  // one fsync, up to this many per commit. 1 disables grouping. Default: 64.
  int max_transactions_per_commit = 64;
};

struct PostgresConfig {
  // libpq connection string ("host=... port=... dbname=... user=..."). May
  // hold a password: it is never logged or put into error messages.
  std::string dsn;
  // Connections opened on demand up to this many. Default: 8.
  int pool_size = 8;
  // How long a call waits for a free connection before kUnavailable.
  std::chrono::milliseconds acquire_timeout{5000};
  // A transaction aborted by a serialization failure or deadlock is rerun
  // up to this many times before kUnavailable. Default: 5.
  int max_transaction_retries = 5;
};

struct StoreConfig {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  SqliteConfig sqlite;      // used when backend == kSqlite
  PostgresConfig postgres;  // used when backend == kPostgres

  // How long idempotency keys and their responses are kept. Default: 24 h,
  // Stripe's window for its own keys.
  std::chrono::milliseconds idempotency_retention = std::chrono::hours(24);
  // How long a provider's webhook event id is remembered (a redelivery
  // within it is recognised and not applied twice). Default: 30 days.
  std::chrono::milliseconds webhook_event_retention = std::chrono::hours(24 * 30);
  // How long an outbox event is kept after its delivery (`marketgate audit`
  // reads the purchase.succeeded events of the range it checks). Pending
  // events are never purged. Default: 90 days.
  std::chrono::milliseconds delivered_event_retention = std::chrono::hours(24 * 90);
  // How long an in_progress key stays with its holder before another
  // request may take it over. Must exceed the longest request. Default: 60 s.
  std::chrono::milliseconds idempotency_lease = std::chrono::seconds(60);
  // How long a claimed outbox event stays hidden from other claimers.
  // Must exceed the longest delivery. Default: 60 s.
  std::chrono::milliseconds outbox_claim_lease = std::chrono::seconds(60);
};

// Opens the configured backend and applies pending schema migrations, each
// in its own transaction, recorded in schema_migrations. kUnavailable when
// the database cannot be reached; kFailedPrecondition when its schema is
// newer than this binary knows.
Result<std::unique_ptr<Store>> OpenStore(const StoreConfig& config);

}  // namespace mg::store
