// The Reconciler settles what is given back: a second charge is refunded,
// counted and announced once, and a refund in doubt or pending keeps its
// amount until the provider says what became of it.
#include "reconciliation_fixture.h"

namespace mg::api::testing {
namespace {

// Defect 6 of issue 14: when a second charge was found, it was dropped
// without a log line or a metric, and the customer paid twice.
TEST_F(ReconciliationTest, ASecondChargeIsRefundedCountedAndAnnouncedOnce) {
  TestResponse bought = Post("/v1/purchases", PurchaseBody(), "dup-1");
  ASSERT_EQ(bought.status, 201) << bought.body;
  const std::string provider = bought.Text("payment.provider");
  Result<store::Purchase> purchase = store_->GetPurchase(bought.Text("id"));
  ASSERT_TRUE(purchase.ok());
  // A second call, at pix, for the same purchase: it charged, and its answer
  // was lost.
  CallAndCrash(*purchase, "tok_success", "pix", /*key_attempt=*/2);
  const int refunds_before = sandbox().refunds();
  clock_.Advance(61s);

  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.duplicates, 1);
  EXPECT_EQ(sandbox().refunds(), refunds_before + 1);
  EXPECT_EQ(Metric(R"(mg_duplicate_charges_total{provider="pix",reversal="refunded"})"), 1);
  Result<store::Purchase> after = store_->GetPurchase(purchase->id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->state, PurchaseState::kSucceeded);
  EXPECT_EQ(after->provider, provider);  // the purchase keeps its own payment
  EXPECT_EQ(after->refunded_minor, 0);   // the customer's refundable amount is untouched
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("refunds"), 0);
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(purchase->id);
  ASSERT_TRUE(attempts.ok());
  int reversals = 0;
  for (const store::ProviderAttempt& attempt : *attempts) {
    if (attempt.operation == store::AttemptOperation::kRefund) {
      ++reversals;
      EXPECT_EQ(attempt.provider, "pix");
      EXPECT_EQ(attempt.state, AttemptState::kSucceeded);
    }
  }
  EXPECT_EQ(reversals, 1);

  // Learnt again (a second pass, a webhook): neither refunded nor counted twice.
  clock_.Advance(61s);
  EXPECT_EQ(Reconcile().examined, 0);
  EXPECT_EQ(sandbox().refunds(), refunds_before + 1);
  EXPECT_EQ(Metric(R"(mg_duplicate_charges_total{provider="pix",reversal="refunded"})"), 1);
}

// Defects 2 and 5 of issue 14: a refund whose answer was lost (a 5xx, a
// timeout) was failed and its amount released, so a retry refunded twice;
// a pending one was never looked at again.
TEST_F(ReconciliationTest, ARefundInDoubtKeepsItsAmountAndIsSentAgainWithItsKey) {
  TestResponse bought = Post("/v1/purchases", PurchaseBody(), "buy-r");
  ASSERT_EQ(bought.status, 201) << bought.body;
  providers::PaymentResult lost;
  lost.outcome = providers::Outcome::kPending;
  lost.ambiguous = true;
  lost.provider_code = "http_502";
  ScriptRefund({.act = true, .answer = lost});  // refunded, answer lost

  TestResponse refund =
      Post("/v1/refunds", R"({"purchase": ")" + bought.Text("id") + R"("})", "refund-r");
  ASSERT_EQ(refund.status, 201) << refund.body;
  EXPECT_EQ(refund.Text("state"), "pending");
  // Its amount stays taken: nothing more can be refunded meanwhile.
  TestResponse more =
      Post("/v1/refunds", R"({"purchase": ")" + bought.Text("id") + R"(", "amount": "0.01"})",
           "refund-more");
  EXPECT_EQ(more.status, 422) << more.body;
  EXPECT_EQ(more.Text("error.code"), "refund_exceeds_captured");

  clock_.Advance(61s);
  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.settled, 1);
  TestResponse settled = Get("/v1/refunds/" + refund.Text("id"));
  EXPECT_EQ(settled.Text("state"), "succeeded");
  EXPECT_EQ(Get("/v1/purchases/" + bought.Text("id")).Text("state"), "refunded");
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(bought.Text("id"));
  ASSERT_TRUE(attempts.ok());
  std::vector<std::string> refund_keys;
  for (const store::ProviderAttempt& attempt : *attempts) {
    if (attempt.operation == store::AttemptOperation::kRefund) {
      refund_keys.push_back(attempt.idempotency_key);
    }
  }
  ASSERT_EQ(refund_keys.size(), 1u);  // the repeat is the same attempt, same key
}

TEST_F(ReconciliationTest, APendingRefundTheProviderFailsReleasesItsAmount) {
  TestResponse bought = Post("/v1/purchases", PurchaseBody(), "buy-f");
  ASSERT_EQ(bought.status, 201) << bought.body;
  providers::PaymentResult received;
  received.outcome = providers::Outcome::kPending;
  received.provider_reference = "re_pending_1";
  ScriptRefund({.act = false, .answer = received});
  TestResponse refund =
      Post("/v1/refunds", R"({"purchase": ")" + bought.Text("id") + R"("})", "refund-f");
  ASSERT_EQ(refund.status, 201) << refund.body;
  EXPECT_EQ(refund.Text("state"), "pending");
  EXPECT_EQ(refund.Text("provider_reference"), "re_pending_1");

  providers::PaymentResult failed;
  failed.outcome = providers::Outcome::kDeclined;
  failed.provider_reference = "re_pending_1";
  ScriptRefundStatus({.act = false, .answer = failed});
  clock_.Advance(61s);
  EXPECT_EQ(Reconcile().settled, 1);
  EXPECT_EQ(Get("/v1/refunds/" + refund.Text("id")).Text("state"), "failed");
  TestResponse purchase = Get("/v1/purchases/" + bought.Text("id"));
  EXPECT_EQ(purchase.Text("state"), "succeeded");
  EXPECT_EQ(purchase.Int("amounts.refunded.amount"), 0);
  // Released: the whole amount can be refunded again.
  TestResponse again =
      Post("/v1/refunds", R"({"purchase": ")" + bought.Text("id") + R"("})", "refund-f2");
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.Text("state"), "succeeded");
}

}  // namespace
}  // namespace mg::api::testing
