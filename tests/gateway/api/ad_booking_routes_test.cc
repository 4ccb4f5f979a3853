// POST /v1/ad_bookings: invoice terms with a due date in the market's zone,
// card prepayment, B2B reverse charge, flight dates and refusals.
#include <gmock/gmock.h>

#include "api_test_support.h"
#include "gateway/api/reconciliation.h"

namespace mg::api::testing {
namespace {

class AdBookingRoutesTest : public ApiTest {
 protected:
  // DE in_feed, CPM budget 500.00 EUR, profiling with consent, adults only.
  static std::string Body(const std::string& terms, const std::string& vat_id = "DE136695976",
                          const std::string& flight_start = "2026-06-10",
                          const std::string& flight_end = "2026-06-20",
                          const std::string& extra = "") {
    std::string advertiser = R"({"name": "Beispiel GmbH")";
    if (!vat_id.empty()) {
      advertiser += R"(, "vat_id": ")" + vat_id + R"(", "billing_country": "DE")";
    }
    advertiser += "}";
    return R"({"market": "DE", "customer": {"age": 35}, "payment_terms": ")" + terms + R"(",)" +
           extra +
           R"( "ad": {"format": "in_feed", "category": "other", "budget": "500.00",)"
           R"( "audience_min_age": 18, "targeting": {"profiling": true, "consent": true},)"
           R"( "flight": {"start": ")" +
           flight_start + R"(", "end": ")" + flight_end + R"("}, "advertiser": )" + advertiser +
           "}}";
  }
  static constexpr const char* kCard = R"( "payment": {"token": "tok_success"},)";
};

TEST_F(AdBookingRoutesTest, InvoiceWithReverseChargeAndDueDate) {
  TestResponse r = Post("/v1/ad_bookings", Body("invoice"), "adb-1", kAdsKey);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("object"), "ad_booking");
  EXPECT_EQ(r.Text("state"), "invoiced");
  EXPECT_EQ(r.Text("payment_terms"), "invoice");
  // 2026-06-01 in Berlin + the market's 30 invoice days.
  EXPECT_EQ(r.Text("due_date"), "2026-07-01");
  EXPECT_EQ(r.Text("flight.start"), "2026-06-10");
  EXPECT_EQ(r.Text("flight.end"), "2026-06-20");
  // The Irish entity sells to a German business: reverse charge, no VAT.
  EXPECT_EQ(r.Int("amounts.subtotal.amount"), 50000);
  EXPECT_EQ(r.Int("amounts.tax.amount"), 0);
  EXPECT_EQ(r.Int("amounts.total.amount"), 50000);
  EXPECT_NE(r.Text("reverse_charge.note").find("Reverse charge"), std::string::npos);
  EXPECT_FALSE(r.Text("reverse_charge.legal_reference").empty());
  EXPECT_TRUE(r.At("disclosure.label_required").as_bool());
  EXPECT_EQ(r.Text("disclosure.label"), "Werbung");
  EXPECT_EQ(r.Text("payment.provider"), "invoice");
  EXPECT_EQ(r.Text("advertiser.name"), "Beispiel GmbH");
  EXPECT_EQ(sandbox().authorizations(), 0);

  TestResponse got = Get("/v1/ad_bookings/" + r.Text("id"), kAdsKey);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.At("flight"), r.At("flight"));
  EXPECT_EQ(got.Text("due_date"), "2026-07-01");
  EXPECT_EQ(got.At("amounts"), r.At("amounts"));

  Result<std::vector<store::OutboxEvent>> events = store_->ClaimDueEvents(1'780'308'000'000, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "ad_booking.invoiced");
}

TEST_F(AdBookingRoutesTest, CardPrepaymentIsConfirmedAndChargesVatWithoutVatId) {
  TestResponse r =
      Post("/v1/ad_bookings", Body("card_prepayment", "", "2026-06-01", "2026-06-01", kCard),
           "adb-card", kAdsKey);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "confirmed");
  EXPECT_TRUE(r.At("due_date").is_null());
  EXPECT_TRUE(r.At("reverse_charge").is_null());
  EXPECT_EQ(r.Int("amounts.tax.amount"), 9500);  // 500.00 * 19 %
  EXPECT_EQ(r.Int("amounts.total.amount"), 59500);
  EXPECT_EQ(r.Text("tax_lines.0.name"), "MwSt.");
  EXPECT_EQ(r.Text("payment.method"), "card");
  // DE routes cards to adyen (weight 80) and stripe (20), both the sandbox here.
  EXPECT_THAT(r.Text("payment.provider"), ::testing::AnyOf("adyen", "stripe"));
  EXPECT_EQ(sandbox().authorizations(), 1);
}

TEST_F(AdBookingRoutesTest, DeclinedCardIs402) {
  std::string body = Body("card_prepayment", "DE136695976", "2026-06-10", "2026-06-20",
                          R"( "payment": {"token": "tok_do_not_honor"},)");
  TestResponse r = Post("/v1/ad_bookings", body, "adb-declined", kAdsKey);
  ASSERT_EQ(r.status, 402) << r.body;
  EXPECT_EQ(r.Text("error.code"), "payment_declined");
  EXPECT_EQ(Get("/v1/ad_bookings/" + r.Text("error.details.ad_booking"), kAdsKey).Text("state"),
            "failed");
}

TEST_F(AdBookingRoutesTest, FlightMayNotStartBeforeTheMarketsToday) {
  // 22:30 UTC on 31 May is already 1 June in Berlin.
  clock_.Set(std::chrono::sys_days(std::chrono::year{2026} / 5 / 31) + std::chrono::hours(22) +
             std::chrono::minutes(30));
  TestResponse r =
      Post("/v1/ad_bookings", Body("invoice", "DE136695976", "2026-05-31", "2026-06-05"),
           "adb-past", kAdsKey);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Text("error.param"), "ad.flight.start");
  TestResponse today =
      Post("/v1/ad_bookings", Body("invoice", "DE136695976", "2026-06-01", "2026-06-05"),
           "adb-today", kAdsKey);
  EXPECT_EQ(today.status, 201) << today.body;
  EXPECT_EQ(today.Text("due_date"), "2026-07-01");
}

TEST_F(AdBookingRoutesTest, RefusedCategoryIsDeniedAndNotStored) {
  std::string body = Body("invoice");
  body.replace(body.find("\"other\""), 7, "\"alcohol\"");
  TestResponse r = Post("/v1/ad_bookings", body, "adb-alcohol", kAdsKey);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Text("error.code"), "compliance_denied");
  EXPECT_EQ(r.Text("error.details.failed_checks.0.rule_id"), "eu.ads.alcohol");
  EXPECT_EQ(CountRows("ad_bookings"), 0);
}

TEST_F(AdBookingRoutesTest, NeedsTheAdsScope) {
  EXPECT_EQ(Post("/v1/ad_bookings", Body("invoice"), "adb-scope", kPurchasesKey).status, 403);
  EXPECT_EQ(Get("/v1/ad_bookings/adb_000000000000000000000000", kAdsKey).status, 404);
}

// Issue 14: a card prepayment whose answer was lost stayed pending for ever
// (its call was not recorded, so nothing could settle it).
TEST_F(AdBookingRoutesTest, ACardPaymentLeftInDoubtIsSettledByReconciliationAtItsProvider) {
  providers::PaymentResult lost;
  lost.outcome = providers::Outcome::kPending;
  lost.ambiguous = true;
  // Charged; the repeat's answer is lost too, and the lookup times out.
  ScriptAuthorize({.act = true, .answer = lost});
  ScriptAuthorize({.act = true, .answer = lost});
  ScriptStatus({.act = false, .answer = lost});
  TestResponse r =
      Post("/v1/ad_bookings", Body("card_prepayment", "", "2026-06-10", "2026-06-20", kCard),
           "adb-lost", kAdsKey);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "pending");
  const std::string id = r.Text("id");
  const std::string provider = r.Text("payment.provider");
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(id);
  ASSERT_TRUE(attempts.ok()) << attempts.status().ToString();
  ASSERT_FALSE(attempts->empty());
  EXPECT_EQ(attempts->front().provider, provider);
  EXPECT_EQ(attempts->front().state, store::AttemptState::kAmbiguous);

  clock_.Advance(std::chrono::seconds(61));
  Result<ReconcileReport> report = Reconciler(Deps(), {}).RunOnce();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_GE(report->settled, 1);

  TestResponse got = Get("/v1/ad_bookings/" + id, kAdsKey);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Text("state"), "confirmed");
  EXPECT_EQ(got.Text("payment.provider"), provider);
  EXPECT_FALSE(got.Text("payment.provider_reference").empty()) << got.body;
  const std::string other = provider == "adyen" ? "stripe" : "adyen";
  EXPECT_EQ(sandbox().authorizations_at(provider), 2);  // the call and its repeat, one key
  EXPECT_EQ(sandbox().authorizations_at(other), 0);
  EXPECT_EQ(Reconciler(Deps(), {}).RunOnce()->examined, 0);  // nothing left open
}

TEST_F(AdBookingRoutesTest, ABookingPaidNowhereFailsOnceItsProviderProvesNothingWasCharged) {
  providers::PaymentResult lost;
  lost.outcome = providers::Outcome::kPending;
  lost.ambiguous = true;
  ScriptAuthorize({.act = false, .answer = lost});  // never reached the provider
  ScriptAuthorize({.act = false, .answer = lost});
  ScriptStatus({.act = false, .answer = lost});
  TestResponse r =
      Post("/v1/ad_bookings", Body("card_prepayment", "", "2026-06-10", "2026-06-20", kCard),
           "adb-nowhere", kAdsKey);
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(r.Text("state"), "pending");
  clock_.Advance(std::chrono::seconds(61));
  ASSERT_TRUE(Reconciler(Deps(), {}).RunOnce().ok());
  TestResponse got = Get("/v1/ad_bookings/" + r.Text("id"), kAdsKey);
  EXPECT_EQ(got.Text("state"), "failed") << got.body;
  EXPECT_TRUE(got.At("payment.provider_reference").is_null()) << got.body;
}

}  // namespace
}  // namespace mg::api::testing
