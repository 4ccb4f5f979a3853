#include "stripe/stripe_listing.h"

#include <gtest/gtest.h>

namespace mg::providers::stripe {
namespace {

TEST(StripeListingTest, AsksForOneRangeOfIntentsWithRefundsExpandedAndPagesOn) {
  ChargeListRequest range{std::chrono::sys_seconds(std::chrono::seconds(100)),
                          std::chrono::sys_seconds(std::chrono::seconds(200))};
  outbound::HttpRequest first = BuildListCharges("https://api.stripe.com", range, "");
  EXPECT_EQ(first.method, "GET");
  EXPECT_EQ(first.url,
            "https://api.stripe.com/v1/payment_intents?limit=100&created%5Bgte%5D=100"
            "&created%5Blt%5D=200&expand%5B%5D=data.latest_charge.refunds");
  EXPECT_NE(BuildListCharges("https://x", range, "pi_9").url.find("&starting_after=pi_9"),
            std::string::npos);
}

TEST(StripeListingTest, ReadsIntentsInIsoMinorUnitsWithTheirRefunds) {
  outbound::HttpResponse response;
  response.status = 200;
  response.body = R"({"object": "list", "has_more": true, "data": [
    {"id": "pi_1", "object": "payment_intent", "amount": 1000, "currency": "eur",
     "status": "succeeded", "created": 150, "metadata": {"mg_purchase_id": "pur_1"},
     "latest_charge": {"id": "ch_1", "object": "charge", "payment_intent": "pi_1",
       "amount_refunded": 400, "refunds": {"object": "list", "has_more": false, "data": [
         {"id": "re_1", "amount": 400, "status": "succeeded"},
         {"id": "re_2", "amount": 100, "status": "canceled"}]}}},
    {"id": "pi_2", "object": "payment_intent", "amount": 500, "currency": "jpy",
     "status": "canceled", "created": 160, "metadata": {}, "latest_charge": {"id": "ch_2",
       "object": "charge", "amount_refunded": 500,
       "refunds": {"object": "list", "has_more": false, "data": []}}},
    {"id": "pi_3", "object": "payment_intent", "amount": 10000, "currency": "isk",
     "status": "requires_payment_method", "created": 170, "latest_charge": null,
     "last_payment_error": {"code": "card_declined"}, "metadata": {"mg_purchase_id": "pur_3"}},
    {"id": "pi_4", "object": "payment_intent", "amount": 700, "currency": "usd",
     "status": "requires_capture", "created": 180, "latest_charge": {"id": "ch_4",
       "object": "charge", "amount_refunded": 0,
       "refunds": {"object": "list", "has_more": false, "data": []}}},
    {"id": "pi_5", "object": "payment_intent", "amount": 700, "currency": "usd",
     "status": "requires_action", "created": 190, "latest_charge": null}]})";
  Result<ChargePage> page = MapChargeList("stripe_eu", response);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->has_more);
  ASSERT_EQ(page->charges.size(), 5u);
  const ListedCharge& c1 = page->charges[0];
  EXPECT_EQ(c1.provider, "stripe_eu");
  EXPECT_EQ(c1.id, "pi_1");  // the reference the store holds
  EXPECT_EQ(c1.merchant_reference, "pur_1");
  EXPECT_EQ(c1.currency, "EUR");
  EXPECT_EQ(c1.created_unix, 150);
  EXPECT_EQ(c1.state, ListedCharge::State::kCaptured);
  ASSERT_EQ(c1.refunds.size(), 2u);
  EXPECT_EQ(c1.refunds[0].id, "re_1");
  EXPECT_EQ(c1.refunds[0].state, ListedRefund::State::kSucceeded);
  EXPECT_EQ(c1.refunds[1].state, ListedRefund::State::kFailed);
  EXPECT_EQ(page->charges[1].amount_minor, 500);  // JPY: zero-decimal at both
  EXPECT_EQ(page->charges[1].state, ListedCharge::State::kVoided);
  EXPECT_EQ(page->charges[2].amount_minor, 100);  // ISK: two decimals at Stripe, none in ISO
  EXPECT_EQ(page->charges[2].state, ListedCharge::State::kFailed);
  EXPECT_EQ(page->charges[3].state, ListedCharge::State::kAuthorized);
  EXPECT_EQ(page->charges[4].state, ListedCharge::State::kPending);
}

TEST(StripeListingTest, AnErrorOrAPartialAnswerIsNeverAnEmptyList) {
  outbound::HttpResponse error;
  error.status = 500;
  error.body = R"({"error": {"type": "api_error"}})";
  EXPECT_EQ(MapChargeList("stripe", error).status().code(), ErrorCode::kUnavailable);
  outbound::HttpResponse unexpanded;
  unexpanded.status = 200;
  unexpanded.body = R"({"object": "list", "has_more": false, "data": [
    {"id": "pi_1", "object": "payment_intent", "amount": 1000, "currency": "eur",
     "status": "succeeded", "latest_charge": {"id": "ch_1", "amount_refunded": 300}}]})";
  EXPECT_EQ(MapChargeList("stripe", unexpanded).status().code(), ErrorCode::kUnavailable);
  outbound::HttpResponse charge_id_only;
  charge_id_only.status = 200;
  charge_id_only.body = R"({"object": "list", "has_more": false, "data": [
    {"id": "pi_1", "object": "payment_intent", "amount": 1000, "currency": "eur",
     "status": "succeeded", "latest_charge": "ch_1"}]})";
  EXPECT_EQ(MapChargeList("stripe", charge_id_only).status().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace mg::providers::stripe
