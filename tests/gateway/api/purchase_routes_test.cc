// POST /v1/purchases and GET /v1/purchases/{id} through the pipeline, on a
// real SQLite store with the shipped DE and IN markets and the sandbox.
#include <gmock/gmock.h>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

class PurchaseRoutesTest : public ApiTest {};

TEST_F(PurchaseRoutesTest, SucceededCreditsCoinsRecordsSpendAndEnqueuesEvent) {
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_70"), "key-1");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("object"), "purchase");
  EXPECT_EQ(r.Text("state"), "succeeded");
  EXPECT_EQ(r.Text("market"), "DE");
  EXPECT_EQ(r.Int("coins_credited"), 70);
  // 0.99 EUR gross, 19 % included: net round(99 * 100 / 119) = 83, tax 16.
  EXPECT_EQ(r.Int("amounts.total.amount"), 99);
  EXPECT_EQ(r.Int("amounts.tax.amount"), 16);
  EXPECT_EQ(r.Int("amounts.subtotal.amount"), 83);
  EXPECT_EQ(r.Int("amounts.captured.amount"), 99);
  EXPECT_EQ(r.Text("amounts.total.currency"), "EUR");
  EXPECT_EQ(r.Text("amounts.total.formatted"), "0,99\u00a0€");
  EXPECT_EQ(r.Text("payment.method"), "card");
  // DE routes cards to adyen (weight 80) and stripe (20), both the sandbox here.
  EXPECT_THAT(r.Text("payment.provider"), ::testing::AnyOf("adyen", "stripe"));
  EXPECT_FALSE(r.Text("payment.provider_reference").empty());
  EXPECT_TRUE(r.At("next_action").is_null());
  EXPECT_EQ(r.Text("quote.object"), "quote");
  EXPECT_EQ(r.Int("created"), 1'780'308'000);
  EXPECT_FALSE(r.Text("request_id").empty());
  ASSERT_EQ(r.At("attempts").as_array().size(), 1u);
  EXPECT_EQ(r.Text("attempts.0.operation"), "authorize");
  EXPECT_EQ(r.Text("attempts.0.state"), "succeeded");
  EXPECT_EQ(r.Text("attempts.0.provider"), r.Text("payment.provider"));
  EXPECT_EQ(r.Text("attempts.0.idempotency_key").rfind("mg-authorize-", 0), 0u);

  EXPECT_EQ(CountRows("purchases"), 1);
  EXPECT_EQ(CountRows("spends"), 1);
  Result<int64_t> spent =
      store_->SpendInWindow("c_1", "DE", 1'780'308'000'000 - 1, 1'780'308'000'000);
  ASSERT_TRUE(spent.ok());
  EXPECT_EQ(*spent, 99);
  Result<std::vector<store::OutboxEvent>> events = store_->ClaimDueEvents(1'780'308'000'000, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "purchase.succeeded");
  EXPECT_NE((*events)[0].payload_json.find(r.Text("id")), std::string::npos);
  const std::string metrics = metrics_->RenderText();
  EXPECT_NE(metrics.find("purchases_total{market=\"DE\",state=\"succeeded\"} 1"),
            std::string::npos);
  // What the console's figures read: the amount taken, the provider call's time.
  EXPECT_NE(metrics.find("purchase_volume_minor_total{market=\"DE\",currency=\"EUR\"} 99\n"),
            std::string::npos);
  EXPECT_NE(metrics.find("provider_call_seconds_count{market=\"DE\",provider=\"" +
                         r.Text("payment.provider") + "\",operation=\"authorize\"} 1\n"),
            std::string::npos)
      << metrics;
  EXPECT_EQ(metrics.find("purchase_declines_total{"), std::string::npos);

  TestResponse got = Get("/v1/purchases/" + r.Text("id"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Text("state"), "succeeded");
  EXPECT_EQ(got.At("attempts"), r.At("attempts"));
  EXPECT_EQ(got.At("quote"), r.At("quote"));
  EXPECT_EQ(got.At("amounts"), r.At("amounts"));
}

TEST_F(PurchaseRoutesTest, ScaRequiredByDecisionIsAskedOfTheProvider) {
  // 99.99 EUR is not below the PSD2 low-value limit of 30 EUR.
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_7000"), "key-sca");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("quote.decision.requirements.0.type"), "sca");
  EXPECT_EQ(sandbox().last_sca().ask, providers::ScaAsk::kAuthenticate);
  EXPECT_EQ(sandbox().last_sca().regime, "psd2");
  // The sandbox's tok_success says nothing of authentication: not counted as done.
  EXPECT_EQ(r.Text("payment.authentication"), "none");
}

TEST_F(PurchaseRoutesTest, ALowValuePurchaseAsksForTheExemption) {
  // 0.99 EUR: below PSD2's 30 EUR, the first payment since the last SCA.
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_70"), "key-lv");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(sandbox().last_sca().ask, providers::ScaAsk::kLowValueExemption);
  EXPECT_TRUE(sandbox().last_sca().regime.empty());
}

TEST_F(PurchaseRoutesTest, ScaChallengeGivesRequiresActionWithNextAction) {
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_7000", "tok_sca_challenge"), "k-3ds");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.Text("state"), "requires_action");
  EXPECT_EQ(r.Int("coins_credited"), 0);
  EXPECT_EQ(r.Text("next_action.type"), "challenge");
  EXPECT_NE(r.Text("next_action.url").find("/3ds/challenge?purchase=" + r.Text("id")),
            std::string::npos);
  EXPECT_EQ(CountRows("spends"), 0);
  EXPECT_EQ(Get("/v1/purchases/" + r.Text("id")).Text("state"), "requires_action");
}

TEST_F(PurchaseRoutesTest, AsyncPaymentIsPending) {
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_70", "tok_async_pending"), "k-p");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "pending");
  EXPECT_EQ(r.Int("coins_credited"), 0);
}

TEST_F(PurchaseRoutesTest, DeclinedIs402AndThePurchaseIsPersistedFailed) {
  TestResponse r =
      Post("/v1/purchases", PurchaseBody("coins_70", "tok_insufficient_funds"), "key-d");
  ASSERT_EQ(r.status, 402) << r.body;
  EXPECT_EQ(r.Text("error.type"), "payment_error");
  EXPECT_EQ(r.Text("error.code"), "payment_declined");
  EXPECT_EQ(r.Text("error.details.decline_reason"), "insufficient_funds");
  std::string id = r.Text("error.details.purchase");
  ASSERT_FALSE(id.empty());
  TestResponse got = Get("/v1/purchases/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Text("state"), "failed");
  EXPECT_EQ(got.Int("coins_credited"), 0);
  EXPECT_EQ(got.Text("attempts.0.state"), "declined");
  EXPECT_EQ(got.Text("attempts.0.provider_code"), "insufficient_funds");
  EXPECT_EQ(CountRows("spends"), 0);
  // The decline is the key's answer.
  TestResponse again =
      Post("/v1/purchases", PurchaseBody("coins_70", "tok_insufficient_funds"), "key-d");
  EXPECT_EQ(again.status, 402);
  EXPECT_EQ(again.body, r.body);
  EXPECT_EQ(again.replayed, "true");
  // Counted once, by the provider's reason; nothing taken.
  const std::string metrics = metrics_->RenderText();
  EXPECT_NE(
      metrics.find("purchase_declines_total{market=\"DE\",reason=\"insufficient_funds\"} 1\n"),
      std::string::npos)
      << metrics;
  EXPECT_EQ(metrics.find("purchase_volume_minor_total{"), std::string::npos);
}

TEST_F(PurchaseRoutesTest, ReplayReturnsIdenticalBytesAndHeader) {
  TestResponse first = Post("/v1/purchases", PurchaseBody(), "key-r");
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(first.replayed, "");
  clock_.Advance(std::chrono::minutes(5));
  // Member order and spacing do not change the request's fingerprint.
  std::string reordered =
      R"({ "payment": {"token": "tok_success", "method": "card"}, "locale": "de-DE",)"
      R"( "market": "DE", "items": [{"quantity": 1, "sku": "coins_70"}],)"
      R"( "customer": {"consent_immediate_delivery": true, "age": 30, "id": "c_1"}}  )";
  TestResponse second = Post("/v1/purchases", reordered, "key-r");
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.replayed, "true");
  EXPECT_EQ(CountRows("purchases"), 1);
  EXPECT_EQ(sandbox().authorizations(), 1);
}

TEST_F(PurchaseRoutesTest, SameKeyOtherBodyIs409) {
  ASSERT_EQ(Post("/v1/purchases", PurchaseBody("coins_70"), "key-c").status, 201);
  TestResponse r = Post("/v1/purchases", PurchaseBody("coins_350"), "key-c");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.Text("error.type"), "idempotency_error");
  EXPECT_EQ(r.Text("error.code"), "idempotency_key_reused");
  EXPECT_EQ(r.Text("error.param"), "Idempotency-Key");
  EXPECT_EQ(CountRows("purchases"), 1);
}

TEST_F(PurchaseRoutesTest, MissingKeyIs400AndNothingIsWritten) {
  TestResponse r = Post("/v1/purchases", PurchaseBody());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Text("error.code"), "idempotency_key_missing");
  EXPECT_EQ(r.Text("error.param"), "Idempotency-Key");
  for (const auto& [table, rows] : CountAll()) EXPECT_EQ(rows, 0) << table;
  EXPECT_EQ(sandbox().authorizations(), 0);
}

TEST_F(PurchaseRoutesTest, MinorIsDeniedAndNothingIsCharged) {
  std::string body = PurchaseBody();
  body.replace(body.find("\"age\": 30"), 9, "\"age\": 16");
  TestResponse r = Post("/v1/purchases", body, "key-minor");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Text("error.type"), "compliance_error");
  EXPECT_EQ(r.Text("error.code"), "compliance_denied");
  EXPECT_EQ(r.Text("error.details.outcome"), "deny");
  EXPECT_EQ(r.Text("error.details.failed_checks.0.rule_id"), "platform.age.coins");
  EXPECT_FALSE(r.Text("error.details.failed_checks.0.legal_reference").empty());
  EXPECT_EQ(sandbox().authorizations(), 0);
  EXPECT_EQ(CountRows("purchases"), 0);
  EXPECT_EQ(CountRows("spends"), 0);
  EXPECT_EQ(CountRows("outbox_events"), 0);
  // The denial is stored as the key's answer.
  TestResponse again = Post("/v1/purchases", body, "key-minor");
  EXPECT_EQ(again.body, r.body);
  EXPECT_EQ(again.replayed, "true");
}

TEST_F(PurchaseRoutesTest, UnknownAgeNeedsVerificationFirst) {
  std::string body = PurchaseBody();
  body.replace(body.find("\"age\": 30, "), 11, "");
  TestResponse r = Post("/v1/purchases", body, "key-age");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.Text("error.code"), "age_verification_required");
  EXPECT_EQ(r.Text("error.param"), "customer.age");
  EXPECT_EQ(sandbox().authorizations(), 0);
}

TEST_F(PurchaseRoutesTest, SuspendedMarketIs451WithReasonAndLegalReference) {
  std::string body = PurchaseBody();
  body.replace(body.find("\"DE\""), 4, "\"IN\"");
  body.replace(body.find("de-DE"), 5, "en-IN");
  TestResponse r = Post("/v1/purchases", body, "key-in");
  ASSERT_EQ(r.status, 451) << r.body;
  EXPECT_EQ(r.Text("error.type"), "compliance_error");
  EXPECT_EQ(r.Text("error.code"), "market_suspended");
  EXPECT_NE(r.Text("error.details.reason").find("banned in India"), std::string::npos);
  EXPECT_NE(r.Text("error.details.legal_reference").find("s.69A"), std::string::npos);
  EXPECT_EQ(r.Text("error.details.since"), "2020-06-29");
  EXPECT_EQ(CountRows("purchases"), 0);
  EXPECT_EQ(sandbox().authorizations(), 0);
}

TEST_F(PurchaseRoutesTest, CardNumberTokenIsRefused) {
  TestResponse r =
      Post("/v1/purchases", PurchaseBody("coins_70", "4242 4242 4242 4242"), "key-pan");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Text("error.param"), "payment.token");
  EXPECT_EQ(r.body.find("4242"), std::string::npos);
  for (const auto& [table, rows] : CountAll()) EXPECT_EQ(rows, 0) << table;
}

TEST_F(PurchaseRoutesTest, BadInputFreesTheKeyForACorrectedRetry) {
  TestResponse bad = Post("/v1/purchases", PurchaseBody("coins_71"), "key-fix");
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(bad.Text("error.param"), "items[0].sku");
  TestResponse good = Post("/v1/purchases", PurchaseBody("coins_70"), "key-fix");
  EXPECT_EQ(good.status, 201) << good.body;
  EXPECT_EQ(good.replayed, "");
}

TEST_F(PurchaseRoutesTest, UnknownPurchaseIs404) {
  TestResponse r = Get("/v1/purchases/pur_000000000000000000000000");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Text("error.param"), "id");
}

TEST_F(PurchaseRoutesTest, NeedsThePurchasesScope) {
  EXPECT_EQ(Post("/v1/purchases", PurchaseBody(), "k", kAdsKey).status, 403);
  EXPECT_EQ(Post("/v1/purchases", PurchaseBody(), "k", "sk_wrong").status, 401);
  EXPECT_EQ(CountRows("idempotency_keys"), 0);
}

// Defect 5 of issue 14: a 5xx (or 409, or a lost answer) was taken for "not
// charged" and the payment went to the next provider with a new key.
TEST_F(PurchaseRoutesTest, AProvider5xxAfterChargingEndsAtThatProviderWithOneCharge) {
  providers::PaymentResult bad_gateway;
  bad_gateway.outcome = providers::Outcome::kPending;
  bad_gateway.ambiguous = true;
  bad_gateway.provider_code = "http_502";
  ScriptAuthorize({.act = true, .answer = bad_gateway});  // charged, then 502
  TestResponse r = Post("/v1/purchases", PurchaseBody(), "key-502");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "succeeded");
  const std::string provider = r.Text("payment.provider");
  const std::string other = provider == "adyen" ? "stripe" : "adyen";
  EXPECT_EQ(sandbox().authorizations_at(provider), 2);  // the call and its repeat, one key
  EXPECT_EQ(sandbox().authorizations_at(other), 0);
  EXPECT_EQ(r.Text("attempts.0.idempotency_key"), r.Text("attempts.1.idempotency_key"));
  EXPECT_EQ(CountRows("spends"), 1);
}

TEST_F(PurchaseRoutesTest, AProvider5xxFailsOverOnlyOnceItsLookupProvesNothingWasCharged) {
  providers::PaymentResult server_error;
  server_error.outcome = providers::Outcome::kPending;
  server_error.ambiguous = true;
  server_error.provider_code = "http_500";
  ScriptAuthorize({.act = false, .answer = server_error});  // the call
  ScriptAuthorize({.act = false, .answer = server_error});  // its repeat
  TestResponse r = Post("/v1/purchases", PurchaseBody(), "key-500");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "succeeded");
  const std::string second = r.Text("payment.provider");
  const std::string first = second == "adyen" ? "stripe" : "adyen";
  EXPECT_EQ(sandbox().authorizations_at(first), 2);
  EXPECT_EQ(sandbox().authorizations_at(second), 1);
  // The lookup that proved the first provider had nothing is on record.
  bool looked_up = false;
  for (const auto& attempt : r.At("attempts").as_array()) {
    looked_up |= attempt.as_object().at("operation").as_string() == "status" &&
                 attempt.as_object().at("provider").as_string() == first;
  }
  EXPECT_TRUE(looked_up) << r.body;
}

TEST_F(PurchaseRoutesTest, AnAnswerThatStaysInDoubtIsNeverFailedOver) {
  providers::PaymentResult lost;
  lost.outcome = providers::Outcome::kPending;
  lost.ambiguous = true;
  // Charged; the repeat's answer is lost too, and the lookup times out.
  ScriptAuthorize({.act = true, .answer = lost});
  ScriptAuthorize({.act = true, .answer = lost});
  ScriptStatus({.act = false, .answer = lost});
  TestResponse r = Post("/v1/purchases", PurchaseBody(), "key-lost");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Text("state"), "pending");  // reconciliation or a webhook settles it
  const std::string provider = r.Text("payment.provider");
  const std::string other = provider == "adyen" ? "stripe" : "adyen";
  EXPECT_EQ(sandbox().authorizations_at(provider), 2);
  EXPECT_EQ(sandbox().authorizations_at(other), 0);
  EXPECT_EQ(CountRows("spends"), 0);
}

}  // namespace
}  // namespace mg::api::testing
