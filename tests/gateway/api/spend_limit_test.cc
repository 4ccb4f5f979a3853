// Spending limits hold at the store, atomically, even when the quote's
// decision let a payment through (another instance's spend it had not seen):
// the charge is refunded at once and the purchase answered 422.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api_test_support.h"
#include "regions_with_spend_limit.h"

namespace mg::api::testing {
namespace {

// What a quote sees before a concurrent payment lands: nothing spent.
class NothingSpent final : public compliance::SpendHistory {
 public:
  Result<int64_t> SpentInWindow(std::string_view, std::string_view, compliance::Timestamp,
                                std::chrono::seconds) const override {
    return int64_t{0};
  }
  Result<ScaTally> SinceLastSca(std::string_view, std::string_view) const override {
    return ScaTally{};
  }
};

// DE with a 24-hour limit of 25.00 EUR on coins for adults.
class SpendLimitTest : public ApiTest {
 protected:
  void SetUp() override {
    copy_ =
        (std::filesystem::temp_directory_path() / ("mg-api-regions-" + std::to_string(::getpid())))
            .string();
    std::filesystem::remove_all(copy_);
    CopyRegionsWithDailyCoinLimit(copy_);
    regions_dir_ = copy_;
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    std::filesystem::remove_all(copy_);
  }
  std::string copy_;
};

TEST_F(SpendLimitTest, TheQuoteRefusesWhatTheHistoryShows) {
  ASSERT_EQ(Post("/v1/purchases", PurchaseBody("coins_1400"), "l-1").status, 201);
  TestResponse second = Post("/v1/purchases", PurchaseBody("coins_1400"), "l-2");
  ASSERT_EQ(second.status, 422) << second.body;
  EXPECT_EQ(second.Text("error.code"), "compliance_denied");
  EXPECT_EQ(second.Text("error.details.failed_checks.0.rule_id"), "test.coins.daily");
  EXPECT_EQ(sandbox().authorizations(), 1);
}

// Decisions are made at whole seconds; a spend recorded earlier in the same
// second must still count against the limit.
TEST_F(SpendLimitTest, ASpendEarlierInTheSameSecondCounts) {
  clock_.Advance(std::chrono::milliseconds(500));
  ASSERT_EQ(Post("/v1/purchases", PurchaseBody("coins_1400"), "l-1").status, 201);
  clock_.Advance(std::chrono::milliseconds(100));
  TestResponse second = Post("/v1/purchases", PurchaseBody("coins_1400"), "l-2");
  ASSERT_EQ(second.status, 422) << second.body;
  EXPECT_EQ(second.Text("error.details.failed_checks.0.rule_id"), "test.coins.daily");
  EXPECT_EQ(sandbox().authorizations(), 1);  // refused before any charge
  EXPECT_EQ(sandbox().refunds(), 0);
}

class StaleSpendLimitTest : public SpendLimitTest {
 protected:
  void SetUp() override {
    spend_history_ = &nothing_spent_;
    SpendLimitTest::SetUp();
  }
  NothingSpent nothing_spent_;
};

TEST_F(StaleSpendLimitTest, TheStoreHoldsTheLimitWhenTheDecisionMissedIt) {
  ASSERT_EQ(Post("/v1/purchases", PurchaseBody("coins_1400"), "l-1").status, 201);
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_1400"), "l-2");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Text("error.code"), "compliance_denied");
  EXPECT_EQ(r.Text("error.details.state"), "failed");
  // Charged, then refunded at once; only the first spend counts.
  EXPECT_EQ(sandbox().authorizations(), 2);
  EXPECT_EQ(sandbox().refunds(), 1);
  EXPECT_EQ(CountRows("spends"), 1);
  TestResponse purchase = Get("/v1/purchases/" + r.Text("error.details.purchase"));
  EXPECT_EQ(purchase.Text("state"), "failed");
  EXPECT_EQ(purchase.Text("attempts.1.operation"), "refund");
  EXPECT_EQ(purchase.Text("attempts.1.state"), "succeeded");
}

}  // namespace
}  // namespace mg::api::testing
