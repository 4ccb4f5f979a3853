// Schema migrations and durability.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <tuple>

#include "base/idempotency_key.h"
#include "gateway/store/open_store.h"
#include "migrations.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

class MigrationTest : public StoreTest {
 protected:
  // Points config_ at a fresh database with the schema of an older binary:
  // the migrations up to `version`, recorded as applied.
  void UseDatabaseMigratedUpTo(int64_t version) {
    Result<StoreConfig> fresh = FreshDatabase();
    ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
    config_ = *fresh;
    const Dialect dialect = GetParam() == Backend::kSqlite ? Dialect::kSqlite : Dialect::kPostgres;
    ExecSql(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at_ms BIGINT NOT NULL)");
    for (const Migration& migration : Migrations()) {
      if (migration.version > version) break;
      ExecSql(MigrationSql(migration, dialect));
      ExecSql("INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) + ", '" +
              std::string(migration.name) + "', 0)");
    }
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(MigrationTest, AppliesEveryMigrationOnceAcrossOpens) {
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM schema_migrations"), 20);
  EXPECT_EQ(QueryInt("SELECT MAX(version) FROM schema_migrations"), 20);
  Reopen();
  std::unique_ptr<Store> second = OpenAnother();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM schema_migrations"), 20);
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
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM schema_migrations"), 20);
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

// A database written by a binary before migration 7 (purchases without their
// SCA regime, attempts without their key's number) gets both filled in when
// a newer binary opens it, so that resuming and settling its purchases needs
// neither the stored quote nor a search over keys.
TEST_P(MigrationTest, Migration7RecoversAttemptNumbersAndScaRegimesOfOlderRows) {
  ASSERT_NO_FATAL_FAILURE(UseDatabaseMigratedUpTo(6));
  const std::string quote = R"({"decision": {"requirements": [{"type": "disclosure_label"},)"
                            R"( {"type": "sca", "regime": "psd2"}]}})";
  using Row = std::tuple<std::string, std::string, std::string>;
  for (const auto& [id, state, quote_json] :
       {Row{"pur_sca", "created", quote}, Row{"pur_plain", "pending", "{}"},
        Row{"pur_done", "succeeded", quote}}) {
    ExecSql("INSERT INTO purchases VALUES ('" + id + "', 'DE', 'c', '[]', '" + quote_json +
            "', 'EUR', 100, 0, 100, 0, 'card', 'adyen', '" + state + "', NULL, 0, 0, 1, 1)");
  }
  auto attempt = [&](const char* id, int seq, const char* operation, const std::string& key) {
    ExecSql(std::string("INSERT INTO provider_attempts VALUES ('") + id + "', 'pur_sca', " +
            std::to_string(seq) + ", 'adyen', '" + operation + "', 100, '" + key +
            "', 'started', NULL, NULL, 1, NULL)");
  };
  attempt("att_1", 1, "authorize", DeriveIdempotencyKey("pur_sca", 3, "authorize"));
  attempt("att_2", 2, "status", DeriveIdempotencyKey("pur_sca", 3, "authorize"));
  attempt("att_3", 3, "refund", DeriveIdempotencyKey("ref_x", 1, "refund"));

  Result<std::unique_ptr<Store>> opened = OpenStore(config_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  EXPECT_EQ(store_->GetPurchase("pur_sca")->sca_regime, "psd2");
  EXPECT_EQ(store_->GetPurchase("pur_plain")->sca_regime, "");
  // Final purchases are neither resumed nor settled: left as they were.
  EXPECT_EQ(store_->GetPurchase("pur_done")->sca_regime, "");
  Result<std::vector<ProviderAttempt>> attempts = store_->ListAttempts("pur_sca");
  ASSERT_TRUE(attempts.ok()) << attempts.status().ToString();
  ASSERT_EQ(attempts->size(), 3u);
  EXPECT_EQ((*attempts)[0].key_attempt, 3);
  EXPECT_EQ((*attempts)[1].key_attempt, 3);
  EXPECT_EQ((*attempts)[2].key_attempt, 1);
}

TEST_P(MigrationTest, NewRowsKeepTheirScaRegimeAndKeyAttempt) {
  Purchase sample = SamplePurchase();
  sample.sca_regime = "uk_rts";
  Result<Purchase> purchase = store_->CreatePurchase(sample, {});
  ASSERT_TRUE(purchase.ok()) << purchase.status().ToString();
  EXPECT_EQ(store_->GetPurchase(purchase->id)->sca_regime, "uk_rts");
  ProviderAttempt started;
  started.purchase_id = purchase->id;
  started.provider = "adyen";
  started.idempotency_key = DeriveIdempotencyKey(purchase->id, 2, "authorize");
  started.key_attempt = 2;
  started.started_at_ms = 1;
  ASSERT_TRUE(store_->RecordAttemptStarted(started).ok());
  EXPECT_EQ(store_->ListAttempts(purchase->id)->front().key_attempt, 2);
}

// Migration 9: attempts name an ad booking as well as a purchase (SQLite
// rebuilt the table to drop the foreign key; the older rows above survive
// it), and the open ones are still found by reconciliation's index.
TEST_P(MigrationTest, AnAdBookingsCallsAreRecordedAsAttempts) {
  Result<AdBooking> booking = store_->CreateAdBooking(SampleAdBooking(), {});
  ASSERT_TRUE(booking.ok()) << booking.status().ToString();
  ProviderAttempt started;
  started.purchase_id = booking->id;
  started.provider = "stripe";
  started.idempotency_key = DeriveIdempotencyKey(started.purchase_id, 1, "authorize");
  started.key_attempt = 1;
  started.amount_minor = 50000;
  started.started_at_ms = 1'000;
  Result<ProviderAttempt> recorded = store_->RecordAttemptStarted(started);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  Result<std::vector<ProviderAttempt>> open = store_->ListOpenAttempts(2'000, 2'000, 10);
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().purchase_id, started.purchase_id);
  // An id that names nothing is still refused.
  started.purchase_id = "adb_0123456789abcdef01234567";
  EXPECT_EQ(store_->RecordAttemptStarted(started).status().code(), ErrorCode::kNotFound);
}

// A database from before the ledger (migration 12): its settled purchases
// and succeeded refunds get their journals and coin lots when a newer
// binary opens it; what never settled gets none. The lots then learn their
// purchase's API account (migration 14), so gifts can spend them.
TEST_P(MigrationTest, Migration12PostsWhatSettledBeforeTheLedgerExisted) {
  ASSERT_NO_FATAL_FAILURE(UseDatabaseMigratedUpTo(11));
  for (const auto& [id, state, refunded] :
       {std::tuple<std::string, std::string, int>{"pur_paid", "partially_refunded", 500},
        {"pur_open", "pending", 0}}) {
    ExecSql(
        "INSERT INTO purchases (id, market, customer_id, items_json, quote_json, currency, "
        "subtotal_minor, tax_minor, total_minor, coins, payment_method, provider, state, "
        "captured_minor, refunded_minor, created_at_ms, updated_at_ms, owner) VALUES ('" +
        id + "', 'DE', 'cus_old', '[]', '{}', 'EUR', 1000, 0, 1000, 100, 'card', 'adyen', '" +
        state + "', 1000, " + std::to_string(refunded) + ", 5, 6, 'acct_old')");
  }
  ExecSql(
      "INSERT INTO refunds (id, purchase_id, currency, amount_minor, tax_minor, state, reason, "
      "created_at_ms, updated_at_ms) VALUES ('re_old', 'pur_paid', 'EUR', 500, 0, 'succeeded', "
      "'', 7, 8)");

  Result<std::unique_ptr<Store>> opened = OpenStore(config_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  ASSERT_EQ(store_->ListJournals("pur_paid")->size(), 1u);
  EXPECT_EQ(store_->ListJournals("pur_paid")->front().created_at_ms, 5);
  ASSERT_EQ(store_->ListJournals("re_old")->size(), 1u);
  EXPECT_EQ(store_->ListJournals("re_old")->front().created_at_ms, 8);
  EXPECT_TRUE(store_->ListJournals("pur_open")->empty());
  EXPECT_EQ(store_->GetWallet("acct_old", "cus_old", std::nullopt, 10)->balance, 50);
  EXPECT_EQ(QueryInt("SELECT clawed_back FROM coin_lots WHERE purchase_id = 'pur_paid'"), 50);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM coin_lots WHERE owner = 'acct_old'"), 1);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

// Migration 20 rebuilds the payouts table for seller payouts: a creator's
// payout written before it is kept whole, and is still a creator's.
TEST_P(MigrationTest, Migration20KeepsTheCreatorPayoutsWrittenBeforeIt) {
  ASSERT_NO_FATAL_FAILURE(UseDatabaseMigratedUpTo(19));
  ExecSql(
      "INSERT INTO payouts VALUES ('pyt_old', 'app', 'cr_1', 'BR', 3000, 'BRL', 7500, 0, 7500, "
      "NULL, 0, 'pix', 'pix', 'pixkey_tok_1', 'paid', 'E0900', NULL, NULL, 1, 5, 10, 20)");
  Result<std::unique_ptr<Store>> opened = OpenStore(config_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(opened).value();
  Result<PayoutRecord> payout = store_->GetPayout("pyt_old");
  ASSERT_TRUE(payout.ok()) << payout.status().ToString();
  EXPECT_EQ(payout->creator_id, "cr_1");
  EXPECT_EQ(payout->seller_id, "");
  EXPECT_EQ(payout->diamonds, 3000);
  EXPECT_EQ(payout->net_minor, 7500);
  EXPECT_EQ(payout->state, PayoutState::kPaid);
  EXPECT_EQ(payout->provider_reference, "E0900");
  EXPECT_EQ(payout->updated_at_ms, 20);
  EXPECT_TRUE(store_->ListPayoutOrders("pyt_old")->empty());
}

}  // namespace
}  // namespace mg::store::testing
