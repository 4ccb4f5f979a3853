// POST /v1/webhooks/{provider} through the pipeline: signatures, duplicates,
// unknown references, and the purchase moves with their outbox events.
#include <boost/json/serialize.hpp>
#include <thread>
#include <vector>

#include "adyen/adyen_webhook.h"
#include "api_test_support.h"
#include "stripe/stripe_webhook.h"

namespace mg::api::testing {
namespace {

using store::PurchaseState;
using namespace std::chrono_literals;

const Secret kStripeSecret("whsec_route_test");
const Secret kPixSecret("pix_route_test");
const Secret kAdyenKey("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");

class WebhookRouteTest : public ApiTest {
 protected:
  void SetUp() override {
    providers::ProviderRegistry kinds = providers::ProviderRegistry::WithBuiltins();
    routes_config_.webhooks["stripe"] = {kinds.Find("stripe"), kStripeSecret};
    routes_config_.webhooks["adyen"] = {kinds.Find("adyen"), kAdyenKey};
    routes_config_.webhooks["pix"] = {kinds.Find("pix"), kPixSecret};
    routes_config_.webhooks["unsigned"] = {kinds.Find("stripe"), Secret()};
    ApiTest::SetUp();
  }

  // A purchase as the charge left it: waiting for the provider's word.
  store::Purchase StoredPurchase(const std::string& provider, const std::string& reference,
                                 PurchaseState state = PurchaseState::kPending,
                                 int64_t total = 1130, const std::string& currency = "EUR") {
    store::Purchase purchase;
    purchase.market = currency == "BRL" ? "BR" : "DE";
    purchase.customer_id = "c_webhook";
    purchase.items_json = "[]";
    purchase.quote_json = "{}";
    purchase.currency = currency;
    purchase.subtotal_minor = purchase.total_minor = total;
    purchase.payment_method = "card";
    purchase.provider = provider;
    purchase.provider_reference = reference;
    purchase.state = state;
    if (state == PurchaseState::kSucceeded) purchase.captured_minor = total;
    purchase.created_at_ms = purchase.updated_at_ms = clock_.Now().time_since_epoch() / 1ms;
    Result<store::Purchase> created = store_->CreatePurchase(purchase, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : purchase;
  }

  PurchaseState StateOf(const std::string& id) const {
    Result<store::Purchase> purchase = store_->GetPurchase(id);
    EXPECT_TRUE(purchase.ok());
    return purchase.ok() ? purchase->state : PurchaseState::kCreated;
  }

  int64_t NowSeconds() const { return clock_.Now().time_since_epoch() / 1s; }

  static std::string StripeEvent(const std::string& event_id, const std::string& type,
                                 const std::string& charge) {
    return boost::json::serialize(boost::json::object{
        {"id", event_id},
        {"object", "event"},
        {"type", type},
        {"data", {{"object", {{"id", charge}, {"object", "charge"}, {"amount", 1130}}}}}});
  }

  TestResponse PostStripe(const std::string& body, int64_t signed_at) const {
    return Post(
        "/v1/webhooks/stripe", body, {}, {},
        {{"Stripe-Signature", providers::stripe::SignPayload(body, kStripeSecret, signed_at)}});
  }

  static std::string AdyenNotification(const std::string& psp, bool success, int64_t value,
                                       const std::string& merchant_reference = "pur_x",
                                       const std::string& event_code = "AUTHORISATION",
                                       const std::string& original_reference = "") {
    providers::adyen::NotificationItem item;
    item.psp_reference = psp;
    item.original_reference = original_reference;
    item.merchant_account = "MarketgateECOM";
    item.merchant_reference = merchant_reference;
    item.value = value;
    item.currency = "EUR";
    item.event_code = event_code;
    item.success = success ? "true" : "false";
    std::string hmac = *providers::adyen::ComputeHmac(item, kAdyenKey);
    boost::json::object request{{"additionalData", {{"hmacSignature", hmac}}},
                                {"amount", {{"currency", item.currency}, {"value", item.value}}},
                                {"eventCode", item.event_code},
                                {"merchantAccountCode", item.merchant_account},
                                {"merchantReference", item.merchant_reference},
                                {"originalReference", item.original_reference},
                                {"pspReference", item.psp_reference},
                                {"success", item.success}};
    return boost::json::serialize(boost::json::object{
        {"live", "false"},
        {"notificationItems", boost::json::array{{{"NotificationRequestItem", request}}}}});
  }

  // A pending refund of all of a succeeded purchase, as the refund route
  // leaves it when the provider has not decided yet.
  store::Refund PendingRefund(const store::Purchase& purchase, const std::string& reference) {
    store::Refund refund;
    refund.purchase_id = purchase.id;
    refund.currency = purchase.currency;
    refund.amount_minor = purchase.total_minor;
    refund.reason = "requested_by_customer";
    refund.provider_reference = reference;
    refund.created_at_ms = refund.updated_at_ms = clock_.Now().time_since_epoch() / 1ms;
    Result<store::Refund> created = store_->CreateRefund(refund, {});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : refund;
  }

  store::Refund RefundNow(const std::string& id) const {
    Result<store::Refund> refund = store_->GetRefund(id);
    EXPECT_TRUE(refund.ok());
    return refund.ok() ? *refund : store::Refund{};
  }

  int64_t RefundedOf(const std::string& purchase_id) const {
    Result<store::Purchase> purchase = store_->GetPurchase(purchase_id);
    return purchase.ok() ? purchase->refunded_minor : -1;
  }

  static std::string StripeRefundEvent(const std::string& event_id, const std::string& type,
                                       const std::string& refund, const std::string& status,
                                       const std::string& our_refund) {
    return boost::json::serialize(
        boost::json::object{{"id", event_id},
                            {"object", "event"},
                            {"type", type},
                            {"data",
                             {{"object",
                               {{"id", refund},
                                {"object", "refund"},
                                {"amount", 1130},
                                {"status", status},
                                {"metadata", {{"mg_refund_id", our_refund}}}}}}}});
  }

  static std::string PixBody(const std::string& e2e, const std::string& txid,
                             const std::string& valor) {
    return boost::json::serialize(boost::json::object{
        {"pix", boost::json::array{boost::json::object{{"endToEndId", e2e},
                                                       {"txid", txid},
                                                       {"valor", valor},
                                                       {"horario", "2026-06-01T10:00:00.000Z"}}}}});
  }
};

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

TEST_F(WebhookRouteTest, ARequiresActionPurchaseFailsOnAFailedCharge) {
  store::Purchase purchase = StoredPurchase("stripe", "ch_sca_1", PurchaseState::kRequiresAction);
  TestResponse response =
      PostStripe(StripeEvent("evt_2", "charge.failed", "ch_sca_1"), NowSeconds());
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Int("applied"), 1);
  EXPECT_EQ(StateOf(purchase.id), PurchaseState::kFailed);
  EXPECT_EQ(CountRows("spends"), 0);
  EXPECT_EQ(CountRows("outbox_events"), 1);
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

// Defect 2 of issue 14: refund webhooks were ignored, so a refund Adyen
// answered with "received" stayed pending for ever.
TEST_F(WebhookRouteTest, AdyenRefundAndRefundFailedFinishRefundsByOurReference) {
  store::Purchase paid = StoredPurchase("adyen", "8815000000000010", PurchaseState::kSucceeded);
  store::Refund refund = PendingRefund(paid, "");  // "received" names no refund psp
  TestResponse done = Post(
      "/v1/webhooks/adyen",
      AdyenNotification("8815000000000011", true, 1130, refund.id, "REFUND", "8815000000000010"));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Int("applied"), 1);
  EXPECT_EQ(RefundNow(refund.id).state, store::RefundState::kSucceeded);
  EXPECT_EQ(RefundNow(refund.id).provider_reference, "8815000000000011");
  EXPECT_EQ(RefundedOf(paid.id), 1130);

  store::Purchase other = StoredPurchase("adyen", "8815000000000020", PurchaseState::kSucceeded);
  store::Refund failing = PendingRefund(other, "");
  // REFUND success=true (validations passed), then REFUND_FAILED.
  ASSERT_EQ(Post("/v1/webhooks/adyen", AdyenNotification("8815000000000021", true, 1130, failing.id,
                                                         "REFUND", "8815000000000020"))
                .status,
            200);
  EXPECT_EQ(RefundNow(failing.id).state, store::RefundState::kSucceeded);
  TestResponse failed =
      Post("/v1/webhooks/adyen", AdyenNotification("8815000000000021", true, 1130, failing.id,
                                                   "REFUND_FAILED", "8815000000000020"));
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.Int("applied"), 1);
  // The scheme returned it: the refund failed after all and its amount is
  // refundable again.
  EXPECT_EQ(RefundNow(failing.id).state, store::RefundState::kFailed);
  EXPECT_EQ(RefundedOf(other.id), 0);
  EXPECT_EQ(StateOf(other.id), PurchaseState::kSucceeded);
  // A late REFUND success never revives a failed refund.
  TestResponse late = Post(
      "/v1/webhooks/adyen",
      AdyenNotification("8815000000000021", true, 1130, failing.id, "REFUND", "8815000000000020"));
  EXPECT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(RefundNow(failing.id).state, store::RefundState::kFailed);
}

TEST_F(WebhookRouteTest, AdyenRefundFailedBeforeAnyRefundEventFailsTheRefundAndReleasesIt) {
  store::Purchase paid = StoredPurchase("adyen", "8815000000000030", PurchaseState::kSucceeded);
  store::Refund refund = PendingRefund(paid, "");
  EXPECT_EQ(RefundedOf(paid.id), 1130);
  TestResponse failed =
      Post("/v1/webhooks/adyen", AdyenNotification("8815000000000031", true, 1130, refund.id,
                                                   "REFUND_FAILED", "8815000000000030"));
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.Int("applied"), 1);
  EXPECT_EQ(RefundNow(refund.id).state, store::RefundState::kFailed);
  EXPECT_EQ(RefundedOf(paid.id), 0);
  EXPECT_EQ(StateOf(paid.id), PurchaseState::kSucceeded);
}

TEST_F(WebhookRouteTest, StripeRefundEventsFinishRefundsByReferenceOrMetadata) {
  store::Purchase paid = StoredPurchase("stripe", "ch_paid_1", PurchaseState::kSucceeded);
  store::Refund refund = PendingRefund(paid, "re_stripe_1");
  TestResponse done = PostStripe(
      StripeRefundEvent("evt_r1", "refund.updated", "re_stripe_1", "succeeded", ""), NowSeconds());
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Int("applied"), 1);
  EXPECT_EQ(RefundNow(refund.id).state, store::RefundState::kSucceeded);

  // The answer to the refund call was lost: no reference stored, our id in
  // the metadata.
  store::Purchase other = StoredPurchase("stripe", "ch_paid_2", PurchaseState::kSucceeded);
  store::Refund lost = PendingRefund(other, "");
  TestResponse failed = PostStripe(
      StripeRefundEvent("evt_r2", "refund.failed", "re_stripe_2", "failed", lost.id), NowSeconds());
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.Int("applied"), 1);
  EXPECT_EQ(RefundNow(lost.id).state, store::RefundState::kFailed);
  EXPECT_EQ(RefundNow(lost.id).provider_reference, "re_stripe_2");
  EXPECT_EQ(RefundedOf(other.id), 0);  // released

  // A refund of some other charge is acknowledged and changes nothing.
  TestResponse foreign = PostStripe(
      StripeRefundEvent("evt_r3", "refund.updated", "re_foreign", "succeeded", ""), NowSeconds());
  EXPECT_EQ(foreign.status, 200) << foreign.body;
  EXPECT_EQ(foreign.Int("applied"), 0);
}

TEST_F(WebhookRouteTest, PixDevolucaoFinishesTheRefund) {
  store::Purchase paid = StoredPurchase("pix", "txid0000000000000000000000009",
                                        PurchaseState::kSucceeded, 1990, "BRL");
  store::Refund refund = PendingRefund(paid, "D0000000000000000000000000000001");
  const std::string body = boost::json::serialize(
      boost::json::object{{"pix", boost::json::array{boost::json::object{
                                      {"endToEndId", "E9"},
                                      {"txid", "txid0000000000000000000000009"},
                                      {"valor", "19.90"},
                                      {"horario", "2026-06-01T10:00:00.000Z"},
                                      {"devolucoes", boost::json::array{boost::json::object{
                                                         {"id", "D0000000000000000000000000000001"},
                                                         {"rtrId", "D1"},
                                                         {"valor", "19.90"},
                                                         {"status", "DEVOLVIDO"}}}}}}}});
  TestResponse response = Post(
      "/v1/webhooks/pix", body, {}, {},
      {{"X-Sandbox-Signature", providers::stripe::SignPayload(body, kPixSecret, NowSeconds())}});
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(RefundNow(refund.id).state, store::RefundState::kSucceeded);
  EXPECT_EQ(StateOf(paid.id), PurchaseState::kRefunded);
}

}  // namespace
}  // namespace mg::api::testing
