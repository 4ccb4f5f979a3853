// One suite, two backends: every store test runs against SQLite (a file in
// a temporary folder) and PostgreSQL (a fresh database on a server started
// for the test process; see postgres_server.h).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "gateway/store/open_store.h"
#include "gateway/store/store.h"
#include "sql.h"

namespace mg::store::testing {

enum class Backend { kSqlite, kPostgres };

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  // Creates an empty database and opens store_ on it. PostgreSQL tests fail
  // when no server can be started, unless MG_SKIP_POSTGRES=1.
  void SetUp() override;
  void TearDown() override;

  // The config of another empty database of this test's backend.
  Result<StoreConfig> FreshDatabase();
  // Another Store on the same database, as a second gateway process has.
  std::unique_ptr<Store> OpenAnother();
  // Closes store_ and opens the database again.
  void Reopen();

  // Raw SQL on the database, bypassing the store: to look at what it wrote.
  int64_t QueryInt(const std::string& sql);
  void ExecSql(const std::string& sql);
  // As ExecSql, for statements expected to fail: the database's error, or
  // empty when the statement succeeded.
  std::string TryExecSql(const std::string& sql);

  StoreConfig config_;
  std::unique_ptr<Store> store_;
  std::string temp_dir_;

 private:
  int databases_ = 0;
};

// Tests of the SqlDatabase layer under the store: db_ is the store's
// database opened again as its backend's SqlDatabase.
class SqlDatabaseTest : public StoreTest {
 protected:
  void SetUp() override;

  std::unique_ptr<SqlDatabase> db_;
};

// Records valid as they are; tests change what they look at.
Purchase SamplePurchase(UnixMillis at = 1'700'000'000'000);
AdBooking SampleAdBooking(UnixMillis at = 1'700'000'000'000);
// A pending refund of `amount` of a SamplePurchase, 19 % of it VAT.
Refund SampleRefund(const std::string& purchase_id, int64_t amount, UnixMillis at);

// Runs `body(i)` on `count` threads released together; joins them.
void RunConcurrently(int count, const std::function<void(int)>& body);

std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

}  // namespace mg::store::testing

// Declares a test suite of StoreTest that runs on both backends.
#define MG_STORE_TEST_SUITE(suite)                                                      \
  class suite : public ::mg::store::testing::StoreTest {};                              \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                             \
                           ::testing::Values(::mg::store::testing::Backend::kSqlite,    \
                                             ::mg::store::testing::Backend::kPostgres), \
                           ::mg::store::testing::BackendName)
