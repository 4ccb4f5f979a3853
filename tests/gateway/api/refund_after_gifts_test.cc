// POST /v1/refunds of a coin purchase whose coins were partly gifted, with
// DE declaring each policy (gifting.refund_after_gifts): unspent_only refunds
// no more than the unspent coins paid (422 refund_exceeds_unspent_coins
// otherwise, moving nothing); claw_back_diamonds takes the gifts' diamonds
// back from the creator; the shipped default leaves them with the creator.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api_test_support.h"
#include "regions_with_spend_limit.h"

namespace mg::api::testing {
namespace {

constexpr const char* kCreator = R"({"market": "BR", "age": 25,
    "payout": {"method": "pix", "token": "pixkey_tok_1"}})";
constexpr const char* kTenHearts = R"({"market": "DE", "sender": {"id": "cus_viewer", "age": 30},
    "creator": "cus_creator", "live_id": "live_1", "gift": "heart", "quantity": 10})";

// DE declares `policy` ("" keeps the shipped markets as they are); the
// viewer bought 1,400 coins for EUR 19.99 and sent 10 hearts (50 coins,
// 25 diamonds) to a creator in BR.
class RefundAfterGiftsTest : public ApiTest {
 protected:
  void Open(const std::string& policy) {
    if (!policy.empty()) {
      copy_ = (std::filesystem::temp_directory_path() /
               ("mg-api-refund-policy-" + std::to_string(::getpid())))
                  .string();
      std::filesystem::remove_all(copy_);
      CopyRegionsWithRefundPolicy(copy_, policy);
      regions_dir_ = copy_;
    }
    ApiTest::SetUp();
    ASSERT_EQ(Put("/v1/creators/cus_creator", kCreator).status, 201);
    TestResponse bought =
        Post("/v1/purchases", PurchaseBody("coins_1400", "tok_success", "cus_viewer"), "buy-1");
    ASSERT_EQ(bought.status, 201) << bought.body;
    purchase_ = bought.Text("id");
    ASSERT_EQ(Post("/v1/gifts", kTenHearts, "gift-1").status, 201);
  }
  void SetUp() override {}  // each test opens with its policy
  void TearDown() override {
    ApiTest::TearDown();
    if (!copy_.empty()) std::filesystem::remove_all(copy_);
  }

  TestResponse Refund(const std::string& key, const std::string& amount = {}) {
    const std::string body =
        amount.empty() ? R"({"purchase": ")" + purchase_ + R"("})"
                       : R"({"purchase": ")" + purchase_ + R"(", "amount": ")" + amount + R"("})";
    return Post("/v1/refunds", body, key);
  }
  TestResponse Earnings() const { return Get("/v1/creators/cus_creator/earnings", kPayoutsKey); }
  int64_t Wallet() const { return Get("/v1/wallets/cus_viewer").Int("balance"); }

  std::string copy_;
  std::string purchase_;
};

TEST_F(RefundAfterGiftsTest, UnspentOnlyRefusesTheGiftedPartWithAPreciseErrorAndMovesNothing) {
  ASSERT_NO_FATAL_FAILURE(Open("unspent_only"));
  TestResponse refused = Refund("refund-all", "19.99");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Text("error.type"), "compliance_error");
  EXPECT_EQ(refused.Text("error.code"), "refund_exceeds_unspent_coins");
  EXPECT_EQ(refused.Text("error.param"), "amount");
  // 1,350 of 1,400 coins unspent: 19.99 x 1350 / 1400 = 19.275, rounded down.
  EXPECT_EQ(refused.Text("error.message"),
            "purchase " + purchase_ +
                "'s market (DE) refunds only coins not gifted yet: 19.27 is left to refund of "
                "what they paid, and the refund asks for 19.99");
  EXPECT_EQ(CountRows("refunds"), 0);
  EXPECT_EQ(sandbox().refunds(), 0);
  EXPECT_EQ(Wallet(), 1350);

  // Without an amount: what the unspent coins paid; then nothing is left.
  TestResponse refunded = Refund("refund-rest");
  ASSERT_EQ(refunded.status, 201) << refunded.body;
  EXPECT_EQ(refunded.Int("amount.amount"), 1927);
  EXPECT_EQ(Wallet(), 0);
  EXPECT_EQ(Earnings().Int("diamonds"), 25);  // the creator keeps the gift
  TestResponse more = Refund("refund-more", "0.01");
  EXPECT_EQ(more.status, 422) << more.body;
  EXPECT_EQ(more.Text("error.code"), "refund_exceeds_unspent_coins");
  TestResponse none = Refund("refund-none");
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(none.Text("error.code"), "refund_exceeds_unspent_coins");
  EXPECT_EQ(CountRows("refunds"), 1);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(RefundAfterGiftsTest, ClawBackTakesTheGiftsDiamondsFromTheCreator) {
  ASSERT_NO_FATAL_FAILURE(Open("claw_back_diamonds"));
  TestResponse refunded = Refund("refund-all");
  ASSERT_EQ(refunded.status, 201) << refunded.body;
  EXPECT_EQ(refunded.Int("amount.amount"), 1999);
  EXPECT_EQ(Wallet(), 0);
  TestResponse earnings = Earnings();
  EXPECT_EQ(earnings.Int("diamonds"), 0);
  EXPECT_EQ(earnings.Int("diamonds_earned"), 25);
  EXPECT_EQ(earnings.Int("diamonds_clawed_back"), 25);
  EXPECT_EQ(earnings.Int("payable.amount"), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_F(RefundAfterGiftsTest, TheShippedMarketsLeaveTheDiamondsWithTheCreator) {
  ASSERT_NO_FATAL_FAILURE(Open(""));
  TestResponse refunded = Refund("refund-all");
  ASSERT_EQ(refunded.status, 201) << refunded.body;
  EXPECT_EQ(refunded.Int("amount.amount"), 1999);
  EXPECT_EQ(Wallet(), 0);
  TestResponse earnings = Earnings();
  EXPECT_EQ(earnings.Int("diamonds"), 25);
  EXPECT_EQ(earnings.Int("diamonds_clawed_back"), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

}  // namespace
}  // namespace mg::api::testing
