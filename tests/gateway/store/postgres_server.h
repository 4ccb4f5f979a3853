// A real PostgreSQL server for tests: initdb into a temporary folder, run
// on a free loopback port, stopped and deleted afterwards.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::store::testing {

class PostgresServer {
 public:
  // Finds the binaries with `pg_config --bindir`, runs initdb (trust auth,
  // superuser "mg") and starts `postgres` as a child of this process on a
  // free port of 127.0.0.1, its socket in the temporary folder. When this
  // process runs as root the server runs as the `postgres` system user
  // (created if missing), since PostgreSQL refuses to run as root. The child
  // gets SIGQUIT if this process dies, so no server outlives its test.
  static Result<std::unique_ptr<PostgresServer>> Start();

  // Immediate shutdown, then deletes the folder.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates an empty database and returns a libpq DSN for it.
  // REQUIRES: `name` is lower-case letters, digits and underscores.
  Result<std::string> CreateDatabase(std::string_view name);

  int port() const { return port_; }
  std::string Dsn(std::string_view database) const;

 private:
  PostgresServer() = default;

  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The server shared by every test of this process, started on first use.
// The error says why it could not start.
Result<PostgresServer*> SharedPostgresServer();

// True when MG_SKIP_POSTGRES=1: PostgreSQL tests skip instead of failing
// when no server can be started.
bool PostgresSkipRequested();

}  // namespace mg::store::testing
