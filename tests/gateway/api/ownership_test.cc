// Defect 7 of issue 14: any key with the purchases scope could read or refund
// any purchase. Records belong to the account of the key that created them;
// another account gets the 404 of an unknown id and changes nothing.
#include "api_test_support.h"

namespace mg::api::testing {
namespace {

class OwnershipTest : public ApiTest {
 protected:
  std::string Buy() {
    TestResponse r = Post("/v1/purchases", PurchaseBody("coins_1400"), "own-buy");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Text("id");
  }
  TestResponse Refund(const std::string& purchase, const std::string& key,
                      const std::string& api_key) {
    return Post("/v1/refunds", R"({"purchase": ")" + purchase + R"(", "amount": "1.00"})", key,
                api_key);
  }
};

TEST_F(OwnershipTest, AnotherAccountCannotSeeOrRefundAPurchase) {
  const std::string purchase = Buy();
  TestResponse hidden = Get("/v1/purchases/" + purchase, kOtherPurchasesKey);
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(hidden.Text("error.code"), "not_found");
  // The same answer as for an id that does not exist: it tells nothing.
  TestResponse unknown = Get("/v1/purchases/pur_000000000000000000000000", kOtherPurchasesKey);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(hidden.Text("error.param"), unknown.Text("error.param"));

  auto before = CountAll();
  TestResponse refused = Refund(purchase, "own-r-other", kOtherPurchasesKey);
  EXPECT_EQ(refused.status, 404) << refused.body;
  EXPECT_EQ(refused.Text("error.param"), "purchase");
  EXPECT_EQ(sandbox().refunds(), 0);
  auto after = CountAll();
  after.erase("idempotency_keys");  // the refused request's key is kept for its replay
  before.erase("idempotency_keys");
  EXPECT_EQ(after, before);
}

TEST_F(OwnershipTest, KeysOfOneAccountShareItsRecords) {
  const std::string purchase = Buy();
  EXPECT_EQ(Get("/v1/purchases/" + purchase, kTwinPurchasesKey).status, 200);
  TestResponse refund = Refund(purchase, "own-r-twin", kTwinPurchasesKey);
  ASSERT_EQ(refund.status, 201) << refund.body;
  // The refund belongs to the account too: the other account cannot read it.
  EXPECT_EQ(Get("/v1/refunds/" + refund.Text("id"), kPurchasesKey).status, 200);
  EXPECT_EQ(Get("/v1/refunds/" + refund.Text("id"), kOtherPurchasesKey).status, 404);
}

TEST_F(OwnershipTest, AdBookingsBelongToTheirAccount) {
  const std::string body =
      R"({"market": "DE", "customer": {"age": 35}, "payment_terms": "invoice",)"
      R"( "ad": {"format": "in_feed", "category": "other", "budget": "500.00",)"
      R"( "audience_min_age": 18, "targeting": {"profiling": true, "consent": true},)"
      R"( "flight": {"start": "2026-06-10", "end": "2026-06-20"},)"
      R"( "advertiser": {"name": "Beispiel GmbH", "vat_id": "DE136695976",)"
      R"( "billing_country": "DE"}}})";
  TestResponse booked = Post("/v1/ad_bookings", body, "own-adb", kAdsKey);
  ASSERT_EQ(booked.status, 201) << booked.body;
  EXPECT_EQ(Get("/v1/ad_bookings/" + booked.Text("id"), kAdsKey).status, 200);
  EXPECT_EQ(Get("/v1/ad_bookings/" + booked.Text("id"), kOtherAdsKey).status, 404);
}

}  // namespace
}  // namespace mg::api::testing
