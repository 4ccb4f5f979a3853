// The storage baseline of the gift benchmark (bench/run.sh, scenarios
// gifts_baseline_sqlite and gifts_baseline_postgres): the raw database doing,
// per gift, the row writes a gift makes in the gateway's store, in ONE
// transaction, at the same durability (SQLite: WAL, synchronous=FULL;
// PostgreSQL: the server's synchronous_commit, on), one gift after the other
// on one connection, for --seconds. No gateway code runs: this is what the
// disk and the database allow.
//
// The writes of one gift of one rose in the gateway (gateway/store/src/
// sql_store.cc ApplyEffects and ClaimIdempotentIn, sql_store_gifts.cc,
// sql_store_journal.cc), 18 in all, in one transaction as the gateway's:
//   the Idempotency-Key claimed completed with the gift and its response
//   (1 insert), the gift (1 insert), the coin lot (1 update), which gift
//   spent it (1 insert into gift_spends, for a refund's claw-back), the
//   journal (1 insert), its 6 entries (6 inserts) and 6 balances (6 upserts),
//   the gift.sent event (1 insert).
// The gateway also reads (the creator, the wallet's lots, the key's
// existence); the baseline does not, which favours the baseline.
//
//   gift_baseline --db=PATH [--seconds=S]            SQLite
//   gift_baseline --postgres=CONNINFO [--seconds=S]  PostgreSQL (libpq)
//
// Prints one line "MG_RESULT {json}" in the format of bench/wrk/report.lua.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Fail(const std::string& what, const std::string& error) {
  std::fprintf(stderr, "gift_baseline: %s: %s\n", what.c_str(), error.c_str());
  std::exit(1);
}

// The statements of one gift, numbered as kStatements; $n parameters, which
// SQLite reads as named parameters bound by position.
enum Statement { kClaim, kGift, kLot, kSpend, kJournal, kEntry, kBalance, kEvent };
constexpr const char* kStatements[] = {
    "INSERT INTO keys (scope, key, state, resource, response) "
    "VALUES ('bench', $1, 'completed', $2, $3)",
    "INSERT INTO gifts VALUES ($1, $2)",
    "UPDATE lots SET remaining = remaining - 1 WHERE id = 'lot'",
    "INSERT INTO gift_spends VALUES ('lot', $1, 1)",
    "INSERT INTO journals VALUES ($1, $2)",
    "INSERT INTO entries (journal, account, amount) VALUES ($1, $2, 1)",
    "INSERT INTO balances VALUES ($1, 1) ON CONFLICT (account) DO UPDATE SET "
    "balance = balances.balance + 1",
    "INSERT INTO events VALUES ($1, $2)",
};

constexpr const char* kTables = R"sql(
CREATE TABLE keys (scope TEXT, key TEXT, state TEXT, resource TEXT, response TEXT,
                   PRIMARY KEY (scope, key));
CREATE TABLE gifts (id TEXT PRIMARY KEY, body TEXT);
CREATE TABLE lots (id TEXT PRIMARY KEY, remaining BIGINT);
CREATE TABLE gift_spends (lot TEXT, gift TEXT, coins BIGINT, PRIMARY KEY (lot, gift));
CREATE TABLE journals (id TEXT PRIMARY KEY, reference TEXT);
CREATE TABLE balances (account TEXT PRIMARY KEY, balance BIGINT);
CREATE TABLE events (id TEXT PRIMARY KEY, payload TEXT);
INSERT INTO lots VALUES ('lot', 1000000000);
)sql";

// One database connection running the statements above.
class Database {
 public:
  virtual ~Database() = default;
  virtual void Exec(const char* sql) = 0;
  virtual void Run(Statement statement, std::initializer_list<std::string> params) = 0;
};

class Sqlite : public Database {
 public:
  explicit Sqlite(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Fail("open " + path, sqlite3_errmsg(db_));
    Exec("PRAGMA journal_mode=WAL");
    // A flush per commit: the gateway's durability, which it gets by
    // flushing the WAL itself (gateway/store/src/sqlite_wal_sync.h).
    Exec("PRAGMA synchronous=FULL");
    Exec(kTables);
    Exec(
        "CREATE TABLE entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, journal TEXT, "
        "account TEXT, amount INTEGER)");
    for (const char* sql : kStatements) {
      sqlite3_stmt* stmt = nullptr;
      Check(sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr), sql);
      statements_.push_back(stmt);
    }
  }
  ~Sqlite() override {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  void Exec(const char* sql) override {
    Check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), sql);
  }
  void Run(Statement statement, std::initializer_list<std::string> params) override {
    sqlite3_stmt* stmt = statements_[statement];
    int i = 1;
    for (const std::string& p : params) {
      sqlite3_bind_text(stmt, i++, p.data(), static_cast<int>(p.size()), SQLITE_TRANSIENT);
    }
    Check(sqlite3_step(stmt), sqlite3_sql(stmt));
    sqlite3_reset(stmt);
  }

 private:
  void Check(int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) Fail(what, sqlite3_errmsg(db_));
  }
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

class Postgres : public Database {
 public:
  explicit Postgres(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) Fail("connect", PQerrorMessage(conn_));
    Exec(
        "DROP TABLE IF EXISTS keys, gifts, lots, gift_spends, journals, entries, balances, "
        "events");
    Exec("SET synchronous_commit = on");  // as the gateway's store (gateway/store/store.h)
    Exec(kTables);
    Exec(
        "CREATE TABLE entries (seq BIGSERIAL PRIMARY KEY, journal TEXT, account TEXT, "
        "amount BIGINT)");
    for (int i = 0; i < static_cast<int>(std::size(kStatements)); ++i) {
      Check(PQprepare(conn_, std::to_string(i).c_str(), kStatements[i], 0, nullptr),
            kStatements[i]);
    }
  }
  ~Postgres() override { PQfinish(conn_); }
  void Exec(const char* sql) override { Check(PQexec(conn_, sql), sql); }
  void Run(Statement statement, std::initializer_list<std::string> params) override {
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    Check(PQexecPrepared(conn_, std::to_string(statement).c_str(), static_cast<int>(values.size()),
                         values.data(), nullptr, nullptr, 0),
          kStatements[statement]);
  }

 private:
  void Check(PGresult* result, const char* what) {
    const ExecStatusType status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Fail(what, PQerrorMessage(conn_));
    }
  }
  PGconn* conn_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string path = "/tmp/gift_baseline.db";
  std::string conninfo;
  double seconds = 10;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--db=", 0) == 0) path = arg.substr(5);
    if (arg.rfind("--postgres=", 0) == 0) conninfo = arg.substr(11);
    if (arg.rfind("--seconds=", 0) == 0) seconds = std::atof(arg.c_str() + 10);
  }
  std::unique_ptr<Database> db;
  if (conninfo.empty()) {
    db = std::make_unique<Sqlite>(path);
  } else {
    db = std::make_unique<Postgres>(conninfo);
  }
  const bool sqlite = conninfo.empty();
  const std::string body(300, 'x');  // about a gift's response and event payload
  const char* accounts[] = {"wallet:bench/s-1",  "coins:issued",  "diamonds:issued",
                            "creator:bench/c-1", "coin_sales:DE", "gift_revenue:DE"};

  using Clock = std::chrono::steady_clock;
  std::vector<double> latencies_ms;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  for (long n = 0; Clock::now() < end; ++n) {
    const auto t0 = Clock::now();
    const std::string id = std::to_string(n);
    db->Exec(sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    db->Run(kClaim, {"key-" + id, "gft-" + id, body});
    db->Run(kGift, {"gft-" + id, body});
    db->Run(kLot, {});
    db->Run(kSpend, {"gft-" + id});
    db->Run(kJournal, {"jnl-" + id, "gft-" + id});
    for (const char* account : accounts) db->Run(kEntry, {"jnl-" + id, account});
    for (const char* account : accounts) db->Run(kBalance, {account});
    db->Run(kEvent, {"evt-" + id, body});
    db->Exec("COMMIT");
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  db.reset();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto percentile = [&](double p) {
    return latencies_ms.empty()
               ? 0.0
               : latencies_ms[std::min(latencies_ms.size() - 1,
                                       static_cast<size_t>(p / 100 * latencies_ms.size()))];
  };
  std::printf(
      "MG_RESULT {\"requests\":%zu,\"duration_s\":%.3f,\"rps\":%.1f,\"p50_ms\":%.3f,"
      "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"status_errors\":0,\"socket_errors\":0,"
      "\"row_writes_per_gift\":18}\n",
      latencies_ms.size(), elapsed, latencies_ms.size() / elapsed, percentile(50), percentile(99),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  return 0;
}
