#include "store_test_fixture.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <latch>
#include <thread>
#include <vector>

#include "gateway/store/open_store.h"
#include "postgres_database.h"
#include "postgres_server.h"
#include "sqlite_database.h"

namespace mg::store::testing {

void StoreTest::SetUp() {
  Result<StoreConfig> config = FreshDatabase();
  if (!config.ok()) {
    if (GetParam() == Backend::kPostgres && PostgresSkipRequested()) {
      GTEST_SKIP() << "MG_SKIP_POSTGRES=1: " << config.status().ToString();
    }
    FAIL() << config.status().ToString();
  }
  config_ = *config;
  Result<std::unique_ptr<Store>> opened = OpenStore(config_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
}

void StoreTest::TearDown() {
  store_.reset();
  if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_);
}

Result<StoreConfig> StoreTest::FreshDatabase() {
  StoreConfig config;
  ++databases_;
  if (GetParam() == Backend::kSqlite) {
    if (temp_dir_.empty()) {
      std::string dir = (std::filesystem::temp_directory_path() / "mg-store-XXXXXX").string();
      if (mkdtemp(dir.data()) == nullptr) return Status(ErrorCode::kInternal, "mkdtemp failed");
      temp_dir_ = dir;
    }
    config.backend = StoreConfig::Backend::kSqlite;
    config.sqlite.path = temp_dir_ + "/store" + std::to_string(databases_) + ".db";
    return config;
  }
  static std::atomic<int> next_database{0};
  MG_ASSIGN_OR_RETURN(PostgresServer * server, SharedPostgresServer());
  config.backend = StoreConfig::Backend::kPostgres;
  MG_ASSIGN_OR_RETURN(config.postgres.dsn,
                      server->CreateDatabase("store_" + std::to_string(++next_database)));
  return config;
}

std::unique_ptr<Store> StoreTest::OpenAnother() {
  Result<std::unique_ptr<Store>> opened = OpenStore(config_);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

void StoreTest::Reopen() {
  store_.reset();
  store_ = OpenAnother();
  ASSERT_NE(store_, nullptr);
}

int64_t StoreTest::QueryInt(const std::string& sql) {
  int64_t value = -1;
  if (GetParam() == Backend::kSqlite) {
    sqlite3* db = nullptr;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_open_v2(config_.sqlite.path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
            SQLITE_OK &&
        sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = sqlite3_column_int64(statement, 0);
    } else {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
  }
  PGconn* conn = PQconnectdb(config_.postgres.dsn.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
    value = std::stoll(PQgetvalue(result, 0, 0));
  } else {
    ADD_FAILURE() << sql << ": " << PQerrorMessage(conn);
  }
  PQclear(result);
  PQfinish(conn);
  return value;
}

std::string StoreTest::TryExecSql(const std::string& sql) {
  std::string failure;
  if (GetParam() == Backend::kSqlite) {
    sqlite3* db = nullptr;
    char* error = nullptr;
    sqlite3_open_v2(config_.sqlite.path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                    nullptr);
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      failure = error != nullptr ? error : "?";
    }
    sqlite3_free(error);
    sqlite3_close(db);
    return failure;
  }
  PGconn* conn = PQconnectdb(config_.postgres.dsn.c_str());
  PGresult* result = PQexec(conn, sql.c_str());
  if (PQresultStatus(result) != PGRES_COMMAND_OK) failure = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  return failure;
}

void SqlDatabaseTest::SetUp() {
  StoreTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  Result<std::unique_ptr<SqlDatabase>> opened = GetParam() == Backend::kSqlite
                                                    ? OpenSqliteDatabase(config_.sqlite)
                                                    : OpenPostgresDatabase(config_.postgres);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  db_ = std::move(opened).value();
}

void StoreTest::ExecSql(const std::string& sql) {
  const std::string failure = TryExecSql(sql);
  if (!failure.empty()) ADD_FAILURE() << sql << ": " << failure;
}

Purchase SamplePurchase(UnixMillis at) {
  Purchase p;
  p.market = "DE";
  p.customer_id = "cus_1";
  p.items_json = R"([{"sku":"coins_70","quantity":1}])";
  p.quote_json = R"({"total":"11.90"})";
  p.currency = "EUR";
  p.subtotal_minor = 1000;
  p.tax_minor = 190;
  p.total_minor = 1190;
  p.coins = 70;
  p.payment_method = "card";
  p.provider = "stripe";
  p.created_at_ms = at;
  p.updated_at_ms = at;
  return p;
}

Refund SampleRefund(const std::string& purchase_id, int64_t amount, UnixMillis at) {
  Refund refund;
  refund.purchase_id = purchase_id;
  refund.currency = "EUR";
  refund.amount_minor = amount;
  refund.tax_minor = amount * 19 / 119;
  refund.reason = "requested_by_customer";
  refund.created_at_ms = at;
  return refund;
}

AdBooking SampleAdBooking(UnixMillis at) {
  AdBooking b;
  b.market = "NL";
  b.advertiser_json = R"({"name":"Acme BV","vat_id":"NL123456789B01","country":"NL"})";
  b.format = "banner_300x250";
  b.flight_start_ms = at + 86'400'000;
  b.flight_end_ms = at + 8 * 86'400'000;
  b.currency = "EUR";
  b.subtotal_minor = 50'000;
  b.tax_minor = 0;
  b.total_minor = 50'000;
  b.payment_terms = PaymentTerms::kInvoice;
  b.due_at_ms = at + 30 * 86'400'000LL;
  b.quote_json = R"({"reverse_charge":true})";
  b.provider = "invoice";
  b.created_at_ms = at;
  b.updated_at_ms = at;
  return b;
}

void RunConcurrently(int count, const std::function<void(int)>& body) {
  std::latch start(count);
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      body(i);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

}  // namespace mg::store::testing
