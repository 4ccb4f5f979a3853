#include "stripe/stripe_listing.h"

#include <gtest/gtest.h>

namespace mg::providers::stripe {
namespace {

TEST(StripeListingTest, AsksForOneRangeWithRefundsExpandedAndPagesOn) {
  ChargeListRequest range{std::chrono::sys_seconds(std::chrono::seconds(100)),
                          std::chrono::sys_seconds(std::chrono::seconds(200))};
  outbound::HttpRequest first = BuildListCharges("https://api.stripe.com", range, "");
  EXPECT_EQ(first.method, "GET");
  EXPECT_EQ(first.url,
            "https://api.stripe.com/v1/charges?limit=100&created%5Bgte%5D=100&created%5Blt%5D=200"
            "&expand%5B%5D=data.refunds");
  EXPECT_NE(BuildListCharges("https://x", range, "ch_9").url.find("&starting_after=ch_9"),
            std::string::npos);
}

TEST(StripeListingTest, ReadsChargesInIsoMinorUnitsWithTheirRefunds) {
  outbound::HttpResponse response;
  response.status = 200;
  response.body = R"({"object": "list", "has_more": true, "data": [
    {"id": "ch_1", "object": "charge", "amount": 1000, "currency": "eur", "status": "succeeded",
     "captured": true, "created": 150, "metadata": {"mg_purchase_id": "pur_1"},
     "amount_refunded": 400, "refunds": {"object": "list", "has_more": false, "data": [
       {"id": "re_1", "amount": 400, "status": "succeeded"},
       {"id": "re_2", "amount": 100, "status": "canceled"}]}},
    {"id": "ch_2", "object": "charge", "amount": 500, "currency": "jpy", "status": "succeeded",
     "captured": false, "refunded": true, "created": 160, "metadata": {},
     "amount_refunded": 500, "refunds": {"object": "list", "has_more": false, "data": []}},
    {"id": "ch_3", "object": "charge", "amount": 10000, "currency": "isk", "status": "failed",
     "captured": false, "created": 170, "metadata": {"mg_purchase_id": "pur_3"}}]})";
  Result<ChargePage> page = MapChargeList("stripe_eu", response);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->has_more);
  ASSERT_EQ(page->charges.size(), 3u);
  const ListedCharge& c1 = page->charges[0];
  EXPECT_EQ(c1.provider, "stripe_eu");
  EXPECT_EQ(c1.merchant_reference, "pur_1");
  EXPECT_EQ(c1.currency, "EUR");
  EXPECT_EQ(c1.state, ListedCharge::State::kCaptured);
  ASSERT_EQ(c1.refunds.size(), 2u);
  EXPECT_EQ(c1.refunds[0].state, ListedRefund::State::kSucceeded);
  EXPECT_EQ(c1.refunds[1].state, ListedRefund::State::kFailed);
  EXPECT_EQ(page->charges[1].amount_minor, 500);  // JPY: zero-decimal at both
  EXPECT_EQ(page->charges[1].state, ListedCharge::State::kVoided);
  EXPECT_EQ(page->charges[2].amount_minor, 100);  // ISK: two decimals at Stripe, none in ISO
  EXPECT_EQ(page->charges[2].state, ListedCharge::State::kFailed);
}

TEST(StripeListingTest, AnErrorOrAPartialAnswerIsNeverAnEmptyList) {
  outbound::HttpResponse error;
  error.status = 500;
  error.body = R"({"error": {"type": "api_error"}})";
  EXPECT_EQ(MapChargeList("stripe", error).status().code(), ErrorCode::kUnavailable);
  outbound::HttpResponse unexpanded;
  unexpanded.status = 200;
  unexpanded.body = R"({"object": "list", "has_more": false, "data": [
    {"id": "ch_1", "object": "charge", "amount": 1000, "currency": "eur", "status": "succeeded",
     "captured": true, "amount_refunded": 300}]})";
  EXPECT_EQ(MapChargeList("stripe", unexpanded).status().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace mg::providers::stripe
