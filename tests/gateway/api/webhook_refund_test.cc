// Refund events through POST /v1/webhooks/{provider}: Stripe refund.*,
// Adyen REFUND and REFUND_FAILED, Pix devolucoes finish refunds by the
// provider's reference or ours, and a failure releases the amount.
#include "webhook_route_fixture.h"

namespace mg::api::testing {
namespace {

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
