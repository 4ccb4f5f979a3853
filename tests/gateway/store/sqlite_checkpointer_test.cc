// The SQLite store's WAL is checkpointed by a thread of its own
// (sqlite_checkpointer.h): the pages reach the database file without a
// commit waiting for them, and the WAL stays bounded however busy the writer.
#include "sqlite_checkpointer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gateway/store/open_store.h"
#include "sqlite_connection.h"
#include "sqlite_database.h"

namespace mg::store {
namespace {

constexpr int64_t kPage = 4096;
// One row of this size takes a page of its own in the table.
constexpr const char* kInsertPageRow = "INSERT INTO rows (body) VALUES (randomblob(3500))";

class SqliteCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = (std::filesystem::temp_directory_path() / "mg-ckpt-XXXXXX").string();
    ASSERT_NE(mkdtemp(dir.data()), nullptr);
    dir_ = dir;
    SqliteConfig config;
    config.path = dir_ + "/store.db";
    path_ = config.path;
    Result<std::unique_ptr<SqlDatabase>> opened = OpenSqliteDatabase(config);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    db_ = std::move(*opened);
    ASSERT_TRUE(Write("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)").ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Status Write(const std::string& sql) {
    return db_->Write([&](SqlTransaction& txn) { return txn.ExecScript(sql); });
  }
  int64_t FileSize(const std::string& path) const {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : static_cast<int64_t>(size);
  }

  std::string dir_;
  std::string path_;
  std::unique_ptr<SqlDatabase> db_;
};

TEST_F(SqliteCheckpointerTest, CopiesTheWalIntoTheDatabaseWithoutAnotherCommit) {
  // A row of a page costs up to three WAL frames (its page, the table's
  // interior page, the header page), so these rows stay under kCatchUpFrames,
  // where the writer would copy on its own: only the thread moves pages here.
  // Each threshold's worth of new frames asks the thread to copy the WAL,
  // and a WAL copied to its end restarts at the next write; so at the end
  // the file lacks under a threshold's worth of frames (under half the
  // rows, a row being a frame or more), whenever the thread ran. Half the
  // rows is asserted. (It once asserted a threshold's worth of pages after
  // 1,200 rows, which failed when the WAL restarted right after a copy of
  // 985 pages.)
  const int rows = SqliteCheckpointer::kCatchUpFrames / 4;
  for (int i = 0; i < rows; ++i) ASSERT_TRUE(Write(kInsertPageRow).ok());
  ASSERT_LT(FileSize(path_ + "-wal"), SqliteCheckpointer::kCatchUpFrames * (kPage + 24));
  // No commit comes after the last one: only the checkpointer's thread can
  // move the pages, and it is not waited for by anyone.
  const int64_t expected = rows / 2 * kPage;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (FileSize(path_) < expected && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GE(FileSize(path_), expected) << "the database file holds " << FileSize(path_) / kPage
                                       << " pages after " << rows << " rows of a page each";
}

TEST_F(SqliteCheckpointerTest, KeepsTheWalBoundedUnderContinuousWrites) {
  // Four writers without a pause, twice as many pages as the bound: the WAL
  // would hold them all if it were never restarted.
  const int per_thread = SqliteCheckpointer::kCatchUpFrames / 2;
  std::vector<std::thread> writers;
  std::atomic<int> failed{0};
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        if (!Write(kInsertPageRow).ok()) ++failed;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failed.load(), 0);
  const int64_t frame = kPage + 24;
  EXPECT_GE(FileSize(path_) + FileSize(path_ + "-wal"), 4 * per_thread * kPage);
  // The writer checkpoints itself past kCatchUpFrames; a commit or two may
  // land while the background checkpoint holds the lock.
  EXPECT_LE(FileSize(path_ + "-wal"), 2 * SqliteCheckpointer::kCatchUpFrames * frame)
      << "the WAL grew to " << FileSize(path_ + "-wal") / frame << " frames";
}

TEST_F(SqliteCheckpointerTest, CopiesOncePerThresholdOfGrowthNotAfterEveryCommit) {
  // A checkpointer of its own, on the fixture's file: the count of its
  // copies is this test's alone.
  using std::chrono::milliseconds;
  Result<std::unique_ptr<SqliteConnection>> writer =
      SqliteConnection::Open(path_, SqliteConnection::Mode::kWriter, milliseconds(1000));
  Result<std::unique_ptr<SqliteConnection>> own =
      SqliteConnection::Open(path_, SqliteConnection::Mode::kWriter, milliseconds(1000));
  ASSERT_TRUE(writer.ok() && own.ok());
  SqliteCheckpointer checkpointer(**writer, std::move(*own));
  // Page rows first: a threshold's worth of frames, then a request.
  for (int i = 0; i < SqliteCheckpointer::kThresholdFrames; ++i) {
    ASSERT_TRUE((*writer)->ExecScript(kInsertPageRow).ok());
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (checkpointer.checkpoints_run() == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(1));
  }
  ASSERT_GE(checkpointer.checkpoints_run(), 1) << "no copy after a threshold's worth of frames";
  // Then small commits, each rewriting a page or three: asked after every
  // commit past the threshold, the thread copied hundreds of times here.
  // (1,000 page rows and 1,200 small commits stay under the final stretch
  // even if the WAL never restarted: 3 x 2,200 frames.)
  static_assert(3 * 2200 < SqliteCheckpointer::kFinalStretchFrames);
  const int64_t before = checkpointer.checkpoints_run();
  const int commits = 1200;
  for (int i = 0; i < commits; ++i) {
    ASSERT_TRUE((*writer)->ExecScript("INSERT INTO rows (body) VALUES (x'00')").ok());
  }
  std::this_thread::sleep_for(milliseconds(100));  // a copy asked for by the last commits
  // At most three frames a commit, one copy per threshold's worth of them.
  const int64_t bound = 3 * commits / SqliteCheckpointer::kThresholdFrames + 1;
  EXPECT_LE(checkpointer.checkpoints_run() - before, bound);
}

TEST(SqliteCheckpointerPolicyTest, AsksPerThresholdOfGrowthThenEveryCommitBeforeTheCatchUp) {
  using C = SqliteCheckpointer;
  EXPECT_FALSE(C::CopyDue(C::kThresholdFrames - 1, 0));
  EXPECT_TRUE(C::CopyDue(C::kThresholdFrames, 0));
  // Asked at 1,000: not again until 2,000.
  EXPECT_FALSE(C::CopyDue(C::kThresholdFrames + 30, C::kThresholdFrames));
  EXPECT_FALSE(C::CopyDue(2 * C::kThresholdFrames - 1, C::kThresholdFrames));
  EXPECT_TRUE(C::CopyDue(2 * C::kThresholdFrames, C::kThresholdFrames));
  // In the final stretch before the writer's catch-up, after every commit.
  EXPECT_FALSE(C::CopyDue(C::kFinalStretchFrames - 1, C::kFinalStretchFrames - 31));
  EXPECT_TRUE(C::CopyDue(C::kFinalStretchFrames, C::kFinalStretchFrames - 31));
  EXPECT_TRUE(C::CopyDue(C::kFinalStretchFrames + 31, C::kFinalStretchFrames));
  EXPECT_LT(C::kFinalStretchFrames, C::kCatchUpFrames);
  EXPECT_GT(C::kFinalStretchFrames, C::kCatchUpFrames - C::kThresholdFrames);
}

}  // namespace
}  // namespace mg::store
