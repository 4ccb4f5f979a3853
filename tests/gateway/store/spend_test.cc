#include <atomic>

#include "gateway/store/spend_history.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

Spend SpendOf(int64_t amount, UnixMillis at, bool sca = false) {
  Spend spend;
  spend.customer_id = "cus_1";
  spend.market = "DE";
  spend.currency = "EUR";
  spend.amount_minor = amount;
  spend.at_ms = at;
  spend.sca_performed = sca;
  return spend;
}

MG_STORE_TEST_SUITE(SpendTest);

TEST_P(SpendTest, WindowExcludesItsStartAndIncludesItsEnd) {
  ASSERT_TRUE(store_->RecordSpend(SpendOf(1, kT0 - 1000), {}).ok());  // exactly at since
  ASSERT_TRUE(store_->RecordSpend(SpendOf(10, kT0 - 999), {}).ok());  // just inside
  ASSERT_TRUE(store_->RecordSpend(SpendOf(100, kT0), {}).ok());       // exactly at until
  ASSERT_TRUE(store_->RecordSpend(SpendOf(1000, kT0 + 1), {}).ok());  // just after
  Result<int64_t> spent = store_->SpendInWindow("cus_1", "DE", kT0 - 1000, kT0);
  ASSERT_TRUE(spent.ok()) << spent.status().ToString();
  EXPECT_EQ(*spent, 110);
  EXPECT_EQ(*store_->SpendInWindow("cus_1", "DE", kT0 - 1001, kT0 + 1), 1111);
  EXPECT_EQ(*store_->SpendInWindow("cus_1", "FR", kT0 - 1001, kT0 + 1), 0);
  EXPECT_EQ(*store_->SpendInWindow("cus_2", "DE", kT0 - 1001, kT0 + 1), 0);
}

TEST_P(SpendTest, TalliesSpendSinceTheLastStrongAuthentication) {
  EXPECT_EQ(store_->SpendSinceLastSca("cus_1", "DE")->count, 0);
  ASSERT_TRUE(store_->RecordSpend(SpendOf(500, kT0), {}).ok());
  ScaTally tally = store_->SpendSinceLastSca("cus_1", "DE").value();
  EXPECT_EQ(tally.amount_minor, 500);
  EXPECT_EQ(tally.count, 1);
  ASSERT_TRUE(store_->RecordSpend(SpendOf(3000, kT0 + 1, /*sca=*/true), {}).ok());
  ASSERT_TRUE(store_->RecordSpend(SpendOf(20, kT0 + 2), {}).ok());
  ASSERT_TRUE(store_->RecordSpend(SpendOf(30, kT0 + 2), {}).ok());
  tally = store_->SpendSinceLastSca("cus_1", "DE").value();
  EXPECT_EQ(tally.amount_minor, 50);
  EXPECT_EQ(tally.count, 2);
  ASSERT_TRUE(store_->RecordSpend(SpendOf(40, kT0 + 3, /*sca=*/true), {}).ok());
  tally = store_->SpendSinceLastSca("cus_1", "DE").value();
  EXPECT_EQ(tally.amount_minor, 0);
  EXPECT_EQ(tally.count, 0);
}

TEST_P(SpendTest, LimitAllowsReachingItExactlyAndRefusesPassingIt) {
  const std::vector<SpendLimit> daily = {{"daily", kT0 - 86'400'000, 1000}};
  ASSERT_TRUE(store_->RecordSpend(SpendOf(600, kT0), daily).ok());
  Status refused = store_->RecordSpend(SpendOf(401, kT0 + 1), daily);
  EXPECT_EQ(refused.code(), ErrorCode::kComplianceDenied);
  EXPECT_NE(refused.message().find("daily"), std::string::npos);
  ASSERT_TRUE(store_->RecordSpend(SpendOf(400, kT0 + 2), daily).ok());
  EXPECT_EQ(*store_->SpendInWindow("cus_1", "DE", kT0 - 1, kT0 + 2), 1000);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM spends"), 2);
}

// Twenty payments of 100 against a limit of 1000 from three Store
// instances: the limit holds exactly.
TEST_P(SpendTest, LimitHoldsUnderConcurrency) {
  std::vector<std::unique_ptr<Store>> stores;
  stores.push_back(OpenAnother());
  stores.push_back(OpenAnother());
  const std::vector<SpendLimit> limits = {{"monthly", kT0 - 1, 1000}};
  std::atomic<int> accepted{0};
  std::atomic<int> denied{0};
  RunConcurrently(20, [&](int i) {
    Store& store = i % 3 == 0 ? *store_ : *stores[i % 2];
    Status status = store.RecordSpend(SpendOf(100, kT0 + i), limits);
    if (status.ok()) ++accepted;
    if (status.code() == ErrorCode::kComplianceDenied) ++denied;
  });
  EXPECT_EQ(accepted.load(), 10);
  EXPECT_EQ(denied.load(), 10);
  EXPECT_EQ(*store_->SpendInWindow("cus_1", "DE", kT0 - 1, kT0 + 100), 1000);
}

TEST_P(SpendTest, FeedsTheComplianceSpendHistory) {
  ASSERT_TRUE(store_->RecordSpend(SpendOf(700, kT0 - 86'400'000), {}).ok());  // 24 h old: out
  ASSERT_TRUE(store_->RecordSpend(SpendOf(50, kT0 - 1000, /*sca=*/true), {}).ok());
  ASSERT_TRUE(store_->RecordSpend(SpendOf(25, kT0), {}).ok());
  const StoreSpendHistory history(store_.get());
  const compliance::Timestamp now{std::chrono::seconds(kT0 / 1000)};
  EXPECT_EQ(*history.SpentInWindow("cus_1", "DE", now, compliance::kDayWindow), 75);
  EXPECT_EQ(*history.SpentInWindow("cus_1", "DE", now, compliance::kMonthWindow), 775);
  compliance::SpendHistory::ScaTally tally = history.SinceLastSca("cus_1", "DE").value();
  EXPECT_EQ(tally.amount, 25);
  EXPECT_EQ(tally.count, 1);
}

}  // namespace
}  // namespace mg::store::testing
