// The storage baseline of the gift benchmark (bench/run.sh, scenario
// gifts_baseline_sqlite): raw SQLite doing, per gift, the row writes a gift
// makes in the gateway's store, in ONE transaction, at the same durability
// (WAL, synchronous=FULL), one gift after the other on one connection, for
// --seconds. No gateway code runs: this is what the disk and SQLite allow.
//
// The writes of one gift of one rose in the gateway (gateway/store/src/
// sql_store.cc BeginIdempotent and ApplyEffects, sql_store_gifts.cc,
// sql_store_journal.cc), 20 in all:
//   the Idempotency-Key claimed (1 insert), the gift (1 insert), the coin
//   lot (1 update), which gift spent it (1 insert into gift_spends, for a
//   refund's claw-back), the journal (1 insert), its 6 entries (6 inserts) and
//   6 balances (6 upserts), the key linked to the gift and completed with
//   its response (2 updates), the gift.sent event (1 insert).
// The gateway commits them in two transactions (the key's claim first);
// the baseline in one, which favours the baseline.
//
// Prints one line "MG_RESULT {json}" in the format of bench/wrk/report.lua.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "gift_baseline: %s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) {
    Check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr), db, sql);
  }
  ~Statement() { sqlite3_finalize(stmt); }
  // Binds text parameters in order, runs, resets.
  void Run(sqlite3* db, std::initializer_list<std::string> params) {
    int i = 1;
    for (const std::string& p : params) {
      sqlite3_bind_text(stmt, i++, p.data(), static_cast<int>(p.size()), SQLITE_TRANSIENT);
    }
    Check(sqlite3_step(stmt), db, sqlite3_sql(stmt));
    sqlite3_reset(stmt);
  }
};

constexpr const char* kSchema = R"sql(
CREATE TABLE keys (scope TEXT, key TEXT, state TEXT, resource TEXT, response TEXT,
                   PRIMARY KEY (scope, key));
CREATE TABLE gifts (id TEXT PRIMARY KEY, body TEXT);
CREATE TABLE lots (id TEXT PRIMARY KEY, remaining INTEGER);
CREATE TABLE gift_spends (lot TEXT, gift TEXT, coins INTEGER, PRIMARY KEY (lot, gift));
CREATE TABLE journals (id TEXT PRIMARY KEY, reference TEXT);
CREATE TABLE entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, journal TEXT, account TEXT,
                      amount INTEGER);
CREATE TABLE balances (account TEXT PRIMARY KEY, balance INTEGER);
CREATE TABLE events (id TEXT PRIMARY KEY, payload TEXT);
)sql";

}  // namespace

int main(int argc, char** argv) {
  std::string path = "/tmp/gift_baseline.db";
  double seconds = 10;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--db=", 0) == 0) path = arg.substr(5);
    if (arg.rfind("--seconds=", 0) == 0) seconds = std::atof(arg.c_str() + 10);
  }
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db, "open");
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");  // as the gateway's store (gateway/store/store.h)
  Exec(db, kSchema);
  Exec(db, "INSERT INTO lots VALUES ('lot', 1000000000)");

  Statement claim(db, "INSERT INTO keys (scope, key, state) VALUES ('bench', ?, 'in_progress')");
  Statement gift(db, "INSERT INTO gifts VALUES (?, ?)");
  Statement lot(db, "UPDATE lots SET remaining = remaining - 1 WHERE id = 'lot'");
  Statement spend(db, "INSERT INTO gift_spends VALUES ('lot', ?, 1)");
  Statement journal(db, "INSERT INTO journals VALUES (?, ?)");
  Statement entry(db, "INSERT INTO entries (journal, account, amount) VALUES (?, ?, 1)");
  Statement balance(db,
                    "INSERT INTO balances VALUES (?, 1) ON CONFLICT (account) DO UPDATE SET "
                    "balance = balances.balance + 1");
  Statement link(db, "UPDATE keys SET resource = ? WHERE scope = 'bench' AND key = ?");
  Statement complete(db,
                     "UPDATE keys SET state = 'completed', response = ? WHERE scope = 'bench' "
                     "AND key = ?");
  Statement event(db, "INSERT INTO events VALUES (?, ?)");
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
    Exec(db, "BEGIN IMMEDIATE");
    claim.Run(db, {"key-" + id});
    gift.Run(db, {"gft-" + id, body});
    lot.Run(db, {});
    spend.Run(db, {"gft-" + id});
    journal.Run(db, {"jnl-" + id, "gft-" + id});
    for (const char* account : accounts) entry.Run(db, {"jnl-" + id, account});
    for (const char* account : accounts) balance.Run(db, {account});
    link.Run(db, {"gft-" + id, "key-" + id});
    complete.Run(db, {body, "key-" + id});
    event.Run(db, {"evt-" + id, body});
    Exec(db, "COMMIT");
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_close(db);
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
      "\"row_writes_per_gift\":20}\n",
      latencies_ms.size(), elapsed, latencies_ms.size() / elapsed, percentile(50), percentile(99),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  return 0;
}
