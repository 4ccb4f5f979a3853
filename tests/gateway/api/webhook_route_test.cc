// POST /v1/webhooks/{provider} through the pipeline: signatures, duplicates,
// unknown references, and the purchase (and ad booking) moves with their
// outbox events.
#include "webhook_route_fixture.h"

namespace mg::api::testing {
namespace {

TEST_F(WebhookRouteTest, ValidStripeEventSettlesThePendingPurchaseOnce) {
  store::Purchase purchase = StoredPurchase("stripe", "ch_pending_1");
  std::string body = StripeEvent("evt_1", "charge.succeeded", "ch_pending_1");

  TestResponse first = PostStripe(body, NowSeconds());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Int("applied"), 1);
  EXPECT_EQ(first.Int("duplicates"), 0);
  Result<store::Purchase> settled = store_->GetPurchase(purchase.id);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->state, PurchaseState::kSucceeded);
  EXPECT_EQ(settled->captured_minor, 1130);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("outbox_events"), 1);

  // The provider delivers it again (signed anew): acknowledged, nothing more.
  clock_.Advance(5s);
  TestResponse again = PostStripe(body, NowSeconds());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Int("applied"), 0);
  EXPECT_EQ(again.Int("duplicates"), 1);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("outbox_events"), 1);
}

// Eight deliveries of one event at once: exactly one settles the purchase
// and counts its spend; the others are duplicates or told to retry (503).
TEST_F(WebhookRouteTest, ConcurrentDeliveriesOfOneEventApplyItOnce) {
  store::Purchase purchase = StoredPurchase("stripe", "ch_race_1");
  std::string body = StripeEvent("evt_race", "charge.succeeded", "ch_race_1");
  std::vector<TestResponse> responses(8);
  std::vector<std::thread> threads;
  for (TestResponse& response : responses) {
    threads.emplace_back([&] { response = PostStripe(body, NowSeconds()); });
  }
  for (std::thread& thread : threads) thread.join();
  int applied = 0;
  for (const TestResponse& response : responses) {
    EXPECT_TRUE(response.status == 200 || response.status == 503) << response.body;
    if (response.status == 200) applied += static_cast<int>(response.Int("applied"));
  }
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("outbox_events"), 1);
}

// Issue 17: a soft decline (authentication_required) fails a charge and is
// retried with 3-D Secure on the same payment, which then waits for the
// shopper: the failed charge's event must not fail the purchase. Its
// confirmation or its expiry decides.
TEST_F(WebhookRouteTest, AFailedChargeDoesNotFailAPurchaseWaitingForTheShopper) {
  store::Purchase purchase = StoredPurchase("stripe", "pi_sca_1", PurchaseState::kRequiresAction);
  TestResponse response =
      PostStripe(StripeEvent("evt_2", "charge.failed", "pi_sca_1"), NowSeconds());
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Int("applied"), 0);
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kRequiresAction);
  EXPECT_EQ(CountRows("outbox_events"), 0);
}

TEST_F(WebhookRouteTest, AFailedChargeDoesNotFailAPurchaseItsRequestIsStillCharging) {
  store::Purchase purchase = StoredPurchase("stripe", "pi_sca_2", PurchaseState::kCreated);
  TestResponse response =
      PostStripe(StripeEvent("evt_3", "charge.failed", "pi_sca_2"), NowSeconds());
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kCreated);
}

TEST_F(WebhookRouteTest, TamperedBodyIsRefusedAndChangesNothing) {
  store::Purchase purchase = StoredPurchase("stripe", "ch_pending_2");
  std::string body = StripeEvent("evt_3", "charge.failed", "ch_pending_2");
  std::string header = providers::stripe::SignPayload(body, kStripeSecret, NowSeconds());
  std::string tampered = StripeEvent("evt_3", "charge.succeeded", "ch_pending_2");
  TestResponse response =
      Post("/v1/webhooks/stripe", tampered, {}, {}, {{"Stripe-Signature", header}});
  EXPECT_EQ(response.status, 401) << response.body;
  EXPECT_EQ(response.Text("error.code"), "unauthenticated");
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);
  EXPECT_EQ(CountRows("idempotency_keys"), 0);
  EXPECT_EQ(CountRows("outbox_events"), 0);

  TestResponse unsigned_call = Post("/v1/webhooks/stripe", body);
  EXPECT_EQ(unsigned_call.status, 401) << unsigned_call.body;
}

TEST_F(WebhookRouteTest, StaleSignatureIsRefused) {
  store::Purchase purchase = StoredPurchase("stripe", "ch_pending_3");
  std::string body = StripeEvent("evt_4", "charge.succeeded", "ch_pending_3");
  TestResponse stale = PostStripe(body, NowSeconds() - 301);
  EXPECT_EQ(stale.status, 401) << stale.body;
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);
  // Just inside the window it is accepted: the refusal was about age.
  TestResponse fresh = PostStripe(body, NowSeconds() - 299);
  EXPECT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

TEST_F(WebhookRouteTest, UnknownReferenceIsNotRememberedSoThatARetryApplies) {
  std::string body = StripeEvent("evt_5", "charge.succeeded", "ch_not_yet");
  TestResponse unknown = PostStripe(body, NowSeconds());
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(unknown.Text("error.param"), "provider_reference");
  EXPECT_EQ(CountRows("idempotency_keys"), 0);

  store::Purchase purchase = StoredPurchase("stripe", "ch_not_yet");
  TestResponse retried = PostStripe(body, NowSeconds());
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

TEST_F(WebhookRouteTest, ProviderWithoutEndpointOrSecretIsRefused) {
  std::string body = StripeEvent("evt_6", "charge.succeeded", "ch_x");
  EXPECT_EQ(Post("/v1/webhooks/sandbox", body, {}, {}).status, 404);
  TestResponse no_secret = Post(
      "/v1/webhooks/unsigned", body, {}, {},
      {{"Stripe-Signature", providers::stripe::SignPayload(body, Secret("any"), NowSeconds())}});
  EXPECT_EQ(no_secret.status, 401) << no_secret.body;
}

TEST_F(WebhookRouteTest, MalformedSignedBodyIsBadRequest) {
  std::string body = R"({"not": "an event"})";
  TestResponse response = PostStripe(body, NowSeconds());
  EXPECT_EQ(response.status, 400) << response.body;
}

TEST_F(WebhookRouteTest, AdyenRefusalFailsThePurchaseAndATamperedItemIsRefused) {
  store::Purchase refused = StoredPurchase("adyen", "8815000000000001");
  TestResponse response =
      Post("/v1/webhooks/adyen", AdyenNotification("8815000000000001", false, 1130));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Int("applied"), 1);
  EXPECT_EQ(StateOf(refused.id), PurchaseState::kFailed);

  store::Purchase pending = StoredPurchase("adyen", "8815000000000002");
  std::string body = AdyenNotification("8815000000000002", true, 1130);
  body.replace(body.find("1130"), 4, "1");  // the signed amount no longer matches
  EXPECT_EQ(Post("/v1/webhooks/adyen", body).status, 401);
  EXPECT_EQ(StateOf(pending.id), PurchaseState::kPending);
}

TEST_F(WebhookRouteTest, PixPaymentOfTheWrongAmountDoesNotSettle) {
  store::Purchase purchase =
      StoredPurchase("pix", "txid0000000000000000000000001", PurchaseState::kPending, 1990, "BRL");
  auto post_pix = [&](const std::string& body) {
    return Post(
        "/v1/webhooks/pix", body, {}, {},
        {{"X-Sandbox-Signature", providers::stripe::SignPayload(body, kPixSecret, NowSeconds())}});
  };
  TestResponse partial = post_pix(PixBody("E1", "txid0000000000000000000000001", "10.00"));
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_EQ(partial.Int("applied"), 0);
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kPending);

  TestResponse paid = post_pix(PixBody("E2", "txid0000000000000000000000001", "19.90"));
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(paid.Int("applied"), 1);
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kSucceeded);
}

// Defect 3 of issue 14: an Adyen payment whose answer was lost has no
// pspReference in the store, and its AUTHORISATION was refused with a 404
// although it names our purchase as merchantReference.
TEST_F(WebhookRouteTest, APaymentWhoseAnswerWasLostIsFoundByOurReference) {
  store::Purchase lost = StoredPurchase("adyen", "", PurchaseState::kCreated);
  TestResponse response =
      Post("/v1/webhooks/adyen", AdyenNotification("8815000000000077", true, 1130, lost.id));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Int("applied"), 1);
  Result<store::Purchase> settled = store_->GetPurchase(lost.id);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->state, PurchaseState::kSucceeded);
  EXPECT_EQ(settled->provider_reference, "8815000000000077");
  EXPECT_EQ(CountRows("spends"), 1);
}

TEST_F(WebhookRouteTest, AnAdBookingInDoubtIsSettledByItsNotificationOnce) {
  store::AdBooking booking;
  booking.market = "DE";
  booking.advertiser_json = R"({"name":"Beispiel GmbH"})";
  booking.format = "in_feed";
  booking.flight_start_ms = 1'700'086'400'000;
  booking.flight_end_ms = 1'700'172'800'000;
  booking.currency = "EUR";
  booking.subtotal_minor = booking.total_minor = 50'000;
  booking.payment_terms = store::PaymentTerms::kCardPrepayment;
  booking.quote_json = "{}";
  booking.created_at_ms = booking.updated_at_ms = 1'700'000'000'000;
  booking.state = store::AdBookingState::kPending;
  booking.provider = "adyen";
  Result<store::AdBooking> created = store_->CreateAdBooking(booking, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  TestResponse response =
      Post("/v1/webhooks/adyen",
           AdyenNotification("8815000000000088", true, created->total_minor, created->id));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Int("applied"), 1);
  Result<store::AdBooking> settled = store_->GetAdBooking(created->id);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->state, store::AdBookingState::kConfirmed);
  EXPECT_EQ(settled->provider_reference, "8815000000000088");
  // A second charge's notification changes nothing (and is logged for a person).
  TestResponse again =
      Post("/v1/webhooks/adyen",
           AdyenNotification("8815000000000099", true, created->total_minor, created->id));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Int("applied"), 0);
  EXPECT_EQ(store_->GetAdBooking(created->id)->provider_reference, "8815000000000088");
}

}  // namespace
}  // namespace mg::api::testing
