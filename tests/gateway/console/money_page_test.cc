// The console's money pages (gateway/console/src/money_page.h): a purchase
// looked up by its id with its state, amounts and journal; unknown and
// escaped ids; gifts; the operator's locale.
#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

TEST_F(ConsoleTest, MoneyLooksUpAPurchaseWithItsRefundsCallsAndJournals) {
  const store::Purchase created = CoinPurchase();

  Browser browser(*pipeline_);
  EXPECT_EQ(browser.Get("/console/money?id=" + created.id).result_int(), 303);  // no session
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse page = browser.Get("/console/money?id=" + created.id);
  ASSERT_EQ(page.result_int(), 200) << page.body();
  const std::string& body = page.body();
  EXPECT_NE(body.find("<h2>Purchase " + created.id + "</h2>"), std::string::npos);
  EXPECT_NE(body.find("<strong>succeeded</strong>"), std::string::npos);
  // Without Accept-Language, amounts are written in English.
  EXPECT_NE(body.find("€0.99 (tax €0.16)"), std::string::npos) << body;
  // Its purchase journal: the provider account and the sale.
  EXPECT_NE(body.find("<td>provider:stripe</td><td class=\"num\">€0.99</td>"), std::string::npos)
      << body;
  // A browser set to German reads German amounts; French, French ones.
  browser.accept_language = "de-DE,de;q=0.9,en;q=0.5";
  http::RawResponse german = browser.Get("/console/money?id=" + created.id);
  EXPECT_NE(german.body().find("0,99\u00a0€ (tax 0,16\u00a0€)"), std::string::npos)
      << german.body();
  EXPECT_NE(german[field::vary].find("Accept-Language"), std::string::npos);
  browser.accept_language = "fr-CA";
  EXPECT_NE(browser.Get("/console/money?id=" + created.id).body().find("0,99\u00a0€"),
            std::string::npos);
  browser.accept_language = "";

  http::RawResponse none = browser.Get("/console/money?id=pur_000000000000000000000000");
  ASSERT_EQ(none.result_int(), 200);
  EXPECT_NE(none.body().find("Nothing found for <code>pur_000000000000000000000000</code>"),
            std::string::npos);
  http::RawResponse other = browser.Get("/console/money?id=%3Cb%3E");
  EXPECT_NE(other.body().find("Nothing found for <code>&lt;b&gt;</code>"), std::string::npos);
  EXPECT_NE(browser.Get("/console/attention").body().find("Nothing needs a person"),
            std::string::npos);
}

TEST_F(ConsoleTest, MoneyLooksUpAGiftWithItsCoinsDiamondsAndJournal) {
  CoinPurchase();  // cus_1's 70 coins
  store::Creator creator;
  creator.owner = "app";
  creator.id = "cus_creator";
  creator.market = "BR";
  creator.age = 25;
  creator.tax_identity_json = R"({"status":"verified","country":"BR"})";
  creator.created_at_ms = NowMillis();
  Result<store::Creator> registered = store_->PutCreator(creator);
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  store::GiftRecord gift;
  gift.owner = "app";
  gift.market = "DE";
  gift.sender_id = "cus_1";
  gift.creator_id = "cus_creator";
  gift.creator_market = "BR";
  gift.live_id = "live_42";
  gift.gift = "heart";
  gift.quantity = 12;
  gift.coins = 60;
  gift.diamonds = 30;
  gift.created_at_ms = NowMillis();
  Result<store::GiftRecord> sent = store_->SendGift(gift, {});
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();

  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse page = browser.Get("/console/money?id=" + sent->id);
  ASSERT_EQ(page.result_int(), 200) << page.body();
  const std::string& body = page.body();
  EXPECT_NE(body.find("<h2>Gift " + sent->id + "</h2>"), std::string::npos) << body;
  EXPECT_NE(body.find("heart × 12"), std::string::npos);
  EXPECT_NE(body.find("cus_creator in BR"), std::string::npos);
  EXPECT_NE(body.find("live_42"), std::string::npos);
  EXPECT_NE(body.find("<th>Coins spent</th><td>60</td>"), std::string::npos);
  EXPECT_NE(body.find("<th>Diamonds credited</th><td>30</td>"), std::string::npos);
  // Its journal moves coins and diamonds, written as counts with their unit.
  EXPECT_NE(body.find("<h2>Ledger</h2>"), std::string::npos);
  EXPECT_EQ(body.find("No journal posted"), std::string::npos);
}

}  // namespace
}  // namespace mg::console::testing
