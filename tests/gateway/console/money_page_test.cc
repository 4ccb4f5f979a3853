// The console's money pages (gateway/console/src/money_page.h): a purchase
// looked up by its id with its state, amounts and journal; unknown and
// escaped ids; the attention list.
#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

TEST_F(ConsoleTest, MoneyLooksUpAPurchaseWithItsRefundsCallsAndJournals) {
  store::Purchase purchase;
  purchase.market = "DE";
  purchase.customer_id = "cus_1";
  purchase.items_json = R"([{"sku":"coins_70","quantity":1}])";
  purchase.quote_json = "{}";
  purchase.currency = "EUR";
  purchase.subtotal_minor = 83;
  purchase.tax_minor = 16;
  purchase.total_minor = 99;
  purchase.coins = 70;
  purchase.payment_method = "card";
  purchase.provider = "stripe";
  purchase.owner = "app";
  Result<store::Purchase> created = store_->CreatePurchase(purchase, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(store_
                  ->TransitionPurchase(created->id, {store::PurchaseState::kCreated},
                                       store::PurchaseState::kSucceeded,
                                       store::PaymentChanges::At(1).set_captured_minor(99), {})
                  .ok());

  Browser browser(*pipeline_);
  EXPECT_EQ(browser.Get("/console/money?id=" + created->id).result_int(), 303);  // no session
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse page = browser.Get("/console/money?id=" + created->id);
  ASSERT_EQ(page.result_int(), 200) << page.body();
  const std::string& body = page.body();
  EXPECT_NE(body.find("<h2>Purchase " + created->id + "</h2>"), std::string::npos);
  EXPECT_NE(body.find("<strong>succeeded</strong>"), std::string::npos);
  EXPECT_NE(body.find("0.99 EUR (tax 0.16 EUR)"), std::string::npos);
  // Its purchase journal: the provider account and the sale.
  EXPECT_NE(body.find("<td>provider:stripe</td><td class=\"num\">0.99 EUR</td>"), std::string::npos)
      << body;

  http::RawResponse none = browser.Get("/console/money?id=pur_000000000000000000000000");
  ASSERT_EQ(none.result_int(), 200);
  EXPECT_NE(none.body().find("Nothing found for <code>pur_000000000000000000000000</code>"),
            std::string::npos);
  http::RawResponse other = browser.Get("/console/money?id=%3Cb%3E");
  EXPECT_NE(other.body().find("Nothing found for <code>&lt;b&gt;</code>"), std::string::npos);
  EXPECT_NE(browser.Get("/console/attention").body().find("Nothing needs a person"),
            std::string::npos);
}

}  // namespace
}  // namespace mg::console::testing
