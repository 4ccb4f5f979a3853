// The SQLite writer commits without flushing and flushes the WAL outside
// the writer (sqlite_wal_sync.h): a Write still returns only once its commit
// is on disk, and a WAL that cannot be flushed stops the process rather than
// acknowledge what may be lost.
#include "sqlite_wal_sync.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gateway/store/open_store.h"
#include "sqlite_database.h"

namespace mg::store {
namespace {

class SqliteWalSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (std::filesystem::temp_directory_path() / "mg-walsync-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A database of this test's folder, with `schema` written in its first
  // commit (which creates the WAL); null, with the failure added, otherwise.
  std::unique_ptr<SqlDatabase> OpenWith(const std::string& schema) {
    SqliteConfig config;
    config.path = dir_ + "/store.db";
    Result<std::unique_ptr<SqlDatabase>> opened = OpenSqliteDatabase(config);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    if (!opened.ok()) return nullptr;
    Status written = (*opened)->Write([&](SqlTransaction& txn) { return txn.ExecScript(schema); });
    EXPECT_TRUE(written.ok()) << written.ToString();
    return written.ok() ? std::move(*opened) : nullptr;
  }

  int64_t CountRows() const {
    sqlite3* raw = nullptr;
    int64_t count = -1;
    if (sqlite3_open_v2((dir_ + "/store.db").c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) ==
        SQLITE_OK) {
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(raw, "SELECT count(*) FROM rows", -1, &statement, nullptr) ==
              SQLITE_OK &&
          sqlite3_step(statement) == SQLITE_ROW) {
        count = sqlite3_column_int64(statement, 0);
      }
      sqlite3_finalize(statement);
    }
    sqlite3_close(raw);
    return count;
  }

  std::string dir_;
};

TEST_F(SqliteWalSyncTest, NoWriteReturnsBeforeAFlush) {
  std::unique_ptr<SqlDatabase> db = OpenWith("CREATE TABLE rows (id INTEGER PRIMARY KEY, who INT)");
  ASSERT_NE(db, nullptr);
  // Concurrent writers are batched: followers are answered by their
  // leader, and only after the leader's flush.
  constexpr int kThreads = 8;
  constexpr int kWrites = 40;
  std::atomic<int> early{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const uint64_t before = SqliteWalSync::FlushesCompleted();
        Status written = db->Write([&](SqlTransaction& txn) {
          return txn.ExecScript("INSERT INTO rows (who) VALUES (" + std::to_string(t) + ")");
        });
        if (!written.ok() || SqliteWalSync::FlushesCompleted() <= before) ++early;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(early.load(), 0);
  db.reset();
  EXPECT_EQ(CountRows(), kThreads * kWrites);
}

TEST_F(SqliteWalSyncTest, AWalThatCannotBeOpenedStopsTheProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  SqliteWalSync sync(dir_ + "/missing.db");
  EXPECT_DEATH(sync.Flush(), "open of the SQLite WAL .*missing.db-wal failed");
}

TEST_F(SqliteWalSyncTest, AFailedFlushStopsTheProcess) {
  // fdatasync of a FIFO fails (EINVAL): the flush cannot be trusted.
  const std::string database = dir_ + "/fifo.db";
  ASSERT_EQ(mkfifo((database + "-wal").c_str(), 0600), 0);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  SqliteWalSync sync(database);
  EXPECT_DEATH(sync.Flush(), "fdatasync of the SQLite WAL .*fifo.db-wal failed");
}

TEST_F(SqliteWalSyncTest, FlushingAWrittenWalSucceeds) {
  std::unique_ptr<SqlDatabase> db = OpenWith("CREATE TABLE t (x INT); INSERT INTO t VALUES (1)");
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(std::filesystem::exists(dir_ + "/store.db-wal"));
  SqliteWalSync sync(dir_ + "/store.db");
  const uint64_t before = SqliteWalSync::FlushesCompleted();
  sync.Flush();
  EXPECT_EQ(SqliteWalSync::FlushesCompleted(), before + 1);
}

}  // namespace
}  // namespace mg::store
