// GET /v1/wallets/{customer}: coins credited by purchases and clawed back by
// refunds, as the ledger recorded them; pages; the key's account only.
#include "wallet_routes.h"

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

class WalletRoutesTest : public ApiTest {
 protected:
  // 1,400 coins for EUR 19.99.
  std::string Buy(const std::string& key, const std::string& customer = "cus_w") {
    TestResponse r =
        Post("/v1/purchases", PurchaseBody("coins_1400", "tok_success", customer), key);
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.Int("coins_credited"), 1400);
    return r.Text("id");
  }
};

TEST_F(WalletRoutesTest, PurchasesCreditAndRefundsClawBackWithTheirJournals) {
  const std::string first = Buy("w-1");
  Buy("w-2");
  // A quarter of the first purchase's money: floor(1400 * 500 / 1999) = 350 coins.
  TestResponse refund =
      Post("/v1/refunds", R"({"purchase": ")" + first + R"(", "amount": "5.00"})", "w-r");
  ASSERT_EQ(refund.status, 201) << refund.body;

  TestResponse wallet = Get("/v1/wallets/cus_w");
  ASSERT_EQ(wallet.status, 200) << wallet.body;
  EXPECT_EQ(wallet.Text("object"), "wallet");
  EXPECT_EQ(wallet.Text("customer"), "cus_w");
  EXPECT_EQ(wallet.Int("balance"), 2 * 1400 - 350);
  const auto& history = wallet.At("history").as_array();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].at("type").as_string(), "refund");
  EXPECT_EQ(history[0].at("reference").as_string(), refund.Text("id"));
  EXPECT_EQ(history[0].at("coins").as_int64(), -350);
  EXPECT_EQ(history[2].at("type").as_string(), "purchase");
  EXPECT_EQ(history[2].at("reference").as_string(), first);
  EXPECT_EQ(history[2].at("coins").as_int64(), 1400);
  EXPECT_TRUE(history[2].at("journal").as_string().starts_with("jnl_"));
  EXPECT_FALSE(wallet.At("has_more").as_bool());
  EXPECT_TRUE(wallet.At("next_page").is_null());
}

TEST_F(WalletRoutesTest, HistoryPagesNewestFirst) {
  for (int i = 0; i < 3; ++i) Buy("w-page-" + std::to_string(i));
  TestResponse first = Get("/v1/wallets/cus_w?limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.At("history").as_array().size(), 2u);
  EXPECT_TRUE(first.At("has_more").as_bool());
  TestResponse rest = Get("/v1/wallets/cus_w?limit=2&before=" + first.Text("next_page"));
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(rest.At("history").as_array().size(), 1u);
  EXPECT_FALSE(rest.At("has_more").as_bool());
  EXPECT_EQ(rest.Int("balance"), 3 * 1400);
}

TEST_F(WalletRoutesTest, BadPagingIs400AndAnUnknownCustomerHasAnEmptyWallet) {
  for (const auto& [query, param] :
       std::vector<std::pair<std::string, std::string>>{{"?limit=0", "limit"},
                                                        {"?limit=101", "limit"},
                                                        {"?limit=ten", "limit"},
                                                        {"?before=-1", "before"},
                                                        {"?before=", "before"}}) {
    TestResponse bad = Get("/v1/wallets/cus_w" + query);
    EXPECT_EQ(bad.status, 400) << query << ": " << bad.body;
    EXPECT_EQ(bad.Text("error.code"), "invalid_argument") << bad.body;
    EXPECT_EQ(bad.Text("error.param"), param) << bad.body;
  }
  TestResponse empty = Get("/v1/wallets/nobody");
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Int("balance"), 0);
  EXPECT_TRUE(empty.At("history").as_array().empty());
}

TEST_F(WalletRoutesTest, AnotherAccountsCustomerOfTheSameIdHasItsOwnWallet) {
  Buy("w-own");
  EXPECT_EQ(Get("/v1/wallets/cus_w", kTwinPurchasesKey).Int("balance"), 1400);
  TestResponse other = Get("/v1/wallets/cus_w", kOtherPurchasesKey);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.Int("balance"), 0);
  EXPECT_TRUE(other.At("history").as_array().empty());
}

}  // namespace
}  // namespace mg::api::testing
