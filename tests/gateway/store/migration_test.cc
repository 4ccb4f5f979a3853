// Schema migrations and durability.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

MG_STORE_TEST_SUITE(MigrationTest);

TEST_P(MigrationTest, AppliesEveryMigrationOnceAcrossOpens) {
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM schema_migrations"), 6);
  EXPECT_EQ(QueryInt("SELECT MAX(version) FROM schema_migrations"), 6);
  Reopen();
  std::unique_ptr<Store> second = OpenAnother();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM schema_migrations"), 6);
  EXPECT_TRUE(second->Ping().ok());
}

TEST_P(MigrationTest, ConcurrentFirstOpensMigrateOnce) {
  Result<StoreConfig> fresh = FreshDatabase();
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  config_ = *fresh;
  std::atomic<int> opened{0};
  RunConcurrently(4, [&](int) {
    Result<std::unique_ptr<Store>> store = OpenStore(config_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (store.ok()) ++opened;
  });
  EXPECT_EQ(opened.load(), 4);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM schema_migrations"), 6);
}

TEST_P(MigrationTest, RefusesASchemaNewerThanTheBinary) {
  ExecSql("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (99, 'future', 0)");
  store_.reset();
  Result<std::unique_ptr<Store>> opened = OpenStore(config_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find("99"), std::string::npos);
}

TEST_P(MigrationTest, CommittedDataSurvivesCloseAndReopen) {
  Result<Purchase> purchase = store_->CreatePurchase(SamplePurchase(), {});
  ASSERT_TRUE(purchase.ok());
  Result<IdempotencyBegin> begin =
      store_->BeginIdempotent("app", "k", std::string(64, 'f'), 1'700'000'000'000);
  ASSERT_TRUE(store_->CompleteIdempotent(begin->lease, {201, "done"}, 1'700'000'000'001).ok());
  Reopen();
  Result<Purchase> read = store_->GetPurchase(purchase->id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, *purchase);
  EXPECT_EQ(
      store_->BeginIdempotent("app", "k", std::string(64, 'f'), 1'700'000'000'002)->response.body,
      "done");
}

// A process killed right after a commit returned (no close, no checkpoint)
// loses nothing: the commit was durable when it returned.
TEST_P(MigrationTest, CommittedDataSurvivesSigkill) {
  // The child must not inherit open connections (SQLite forbids using them
  // across fork), so this process closes its own first.
  store_.reset();
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    Result<std::unique_ptr<Store>> store = OpenStore(config_);
    if (!store.ok()) _exit(2);
    Result<Purchase> purchase = (*store)->CreatePurchase(SamplePurchase(), {});
    if (!purchase.ok()) _exit(3);
    if (write(pipe_fds[1], purchase->id.data(), purchase->id.size()) < 0) _exit(4);
    raise(SIGKILL);
  }
  close(pipe_fds[1]);
  char id[64] = {};
  const ssize_t size = read(pipe_fds[0], id, sizeof(id) - 1);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
  ASSERT_GT(size, 0);
  Reopen();
  Result<Purchase> read = store_->GetPurchase(std::string(id, static_cast<size_t>(size)));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->coins, 70);
}

TEST_P(MigrationTest, PingAnswers) { EXPECT_TRUE(store_->Ping().ok()); }

}  // namespace
}  // namespace mg::store::testing
