// How the SQLite store configures the library itself (sqlite_connection.cc).
#include "sqlite_connection.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace mg::store {
namespace {

// SQLite's allocation statistics cost a process-wide lock per allocation and
// nothing reads them: the store switches them off before SQLite starts. With
// them on, SQLite reports the memory its open connection holds.
TEST(SqliteConnectionTest, SqliteKeepsNoAllocationStatistics) {
  std::string dir = (std::filesystem::temp_directory_path() / "mg-sqlite-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    auto connection = SqliteConnection::Open(dir + "/store.db", SqliteConnection::Mode::kWriter,
                                             std::chrono::milliseconds(100));
    ASSERT_TRUE(connection.ok()) << connection.status().message();
    sqlite3_int64 current = -1;
    sqlite3_int64 highest = -1;
    ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highest, 0), SQLITE_OK);
    EXPECT_EQ(current, 0);
    EXPECT_EQ(highest, 0);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mg::store
