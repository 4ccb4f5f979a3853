// The Reconciler settles payments: what a crash between a provider call and
// the record of its answer leaves behind is settled from the provider's own
// word, and a payment that never reached the provider is resumed by the
// client's retry with the same key.
#include "reconciliation_fixture.h"

namespace mg::api::testing {
namespace {

TEST_F(ReconciliationTest, AChargeWhoseAnswerWasLostSucceedsWithItsSpendAndEvent) {
  store::Purchase purchase = CreatedPurchase();
  CallAndCrash(purchase, "tok_success");
  clock_.Advance(61s);

  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.examined, 1);
  EXPECT_EQ(report.settled, 1);
  Result<store::Purchase> settled = store_->GetPurchase(purchase.id);
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->state, PurchaseState::kSucceeded);
  EXPECT_EQ(settled->captured_minor, 499);
  EXPECT_FALSE(settled->provider_reference.empty());
  EXPECT_EQ(AttemptStateOf(purchase.id), AttemptState::kSucceeded);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("outbox_events"), 1);

  // Nothing is left in doubt: a second pass examines nothing.
  EXPECT_EQ(Reconcile().examined, 0);
  EXPECT_EQ(CountRows("spends"), 1);
}

TEST_F(ReconciliationTest, AnAsynchronousChargeWaitsAsPendingForItsWebhook) {
  store::Purchase purchase = CreatedPurchase();
  CallAndCrash(purchase, "tok_async_pending");
  clock_.Advance(61s);
  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.waiting, 1);
  Result<store::Purchase> waiting = store_->GetPurchase(purchase.id);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->state, PurchaseState::kPending);
  EXPECT_FALSE(waiting->provider_reference.empty());  // what the webhook will name
  EXPECT_EQ(AttemptStateOf(purchase.id), AttemptState::kPending);
  EXPECT_EQ(CountRows("spends"), 0);
  EXPECT_EQ(CountRows("outbox_events"), 1);  // purchase.pending
}

// The sandbox keeps no record of a declined authorization: to its status
// call a decline is "no such payment", so the purchase is left for the
// client's retry (which is declined again) rather than failed here.
TEST_F(ReconciliationTest, ADeclineTheProviderDoesNotRememberIsNotCharged) {
  store::Purchase purchase = CreatedPurchase();
  CallAndCrash(purchase, "tok_card_declined");
  clock_.Advance(61s);
  EXPECT_EQ(Reconcile().not_charged, 1);
  EXPECT_EQ(store_->GetPurchase(purchase.id)->state, PurchaseState::kCreated);
  EXPECT_EQ(AttemptStateOf(purchase.id), AttemptState::kRetryableError);
  EXPECT_EQ(CountRows("spends"), 0);
}

TEST_F(ReconciliationTest, AttemptsALiveProcessMayStillWaitForAreLeftAlone) {
  store::Purchase purchase = CreatedPurchase();
  CallAndCrash(purchase, "tok_success");
  clock_.Advance(59s);
  EXPECT_EQ(Reconcile().examined, 0);
  EXPECT_EQ(store_->GetPurchase(purchase.id)->state, PurchaseState::kCreated);
  EXPECT_EQ(AttemptStateOf(purchase.id), AttemptState::kStarted);
}

TEST_F(ReconciliationTest, APaymentThatNeverReachedTheProviderIsResumedByTheClientsRetry) {
  const std::string body = PurchaseBody();
  Result<std::string> fingerprint = store::RequestFingerprint("POST", "/v1/purchases", body);
  ASSERT_TRUE(fingerprint.ok());
  // The first request took the key ("purchases" is the API key's name),
  // created the purchase, recorded the attempt and died before sending it.
  Result<store::IdempotencyBegin> begin =
      store_->BeginIdempotent("purchases", "crash-1", *fingerprint, NowMillis());
  ASSERT_TRUE(begin.ok() && begin->outcome == store::IdempotencyOutcome::kNew);
  store::Purchase purchase = CreatedPurchase(&begin->lease);
  CallAndCrash(purchase, /*token=*/"");
  clock_.Advance(61s);

  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.not_charged, 1);
  EXPECT_EQ(store_->GetPurchase(purchase.id)->state, PurchaseState::kCreated);
  EXPECT_EQ(AttemptStateOf(purchase.id), AttemptState::kRetryableError);
  EXPECT_EQ(sandbox().authorizations(), 0);

  TestResponse retried = Post("/v1/purchases", body, "crash-1");
  ASSERT_EQ(retried.status, 201) << retried.body;
  EXPECT_EQ(retried.Text("id"), purchase.id);
  EXPECT_EQ(retried.Text("state"), "succeeded");
  EXPECT_EQ(sandbox().authorizations(), 1);
  EXPECT_EQ(CountRows("purchases"), 1);
}

TEST_F(ReconciliationTest, ACallInDoubtIsClosedByTheWebhookThatSettledItsPurchase) {
  // A provider without a payment lookup (Adyen): only its webhook, matched by
  // our reference, settled the purchase; the call in doubt learns from it.
  store::Purchase purchase = CreatedPurchase();
  store::ProviderAttempt attempt = CallAndCrash(purchase, "", "removed_provider");
  ASSERT_TRUE(store_
                  ->TransitionPurchase(purchase.id, {PurchaseState::kCreated},
                                       PurchaseState::kSucceeded,
                                       store::PaymentChanges::At(NowMillis())
                                           .set_provider("removed_provider")
                                           .set_provider_reference("psp_1")
                                           .set_captured_minor(499),
                                       {})
                  .ok());
  clock_.Advance(61s);

  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.settled, 1);
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(purchase.id);
  ASSERT_TRUE(attempts.ok() && attempts->size() == 1u);
  EXPECT_EQ(attempts->front().state, AttemptState::kSucceeded);
  EXPECT_EQ(attempts->front().provider_reference, "psp_1");
  EXPECT_EQ(attempts->front().provider_code, "settled_by_webhook");
  EXPECT_EQ(Reconcile().examined, 0);
}

TEST_F(ReconciliationTest, ACallInDoubtIsClosedByTheWebhookThatDeclinedItsPurchase) {
  store::Purchase purchase = CreatedPurchase();
  CallAndCrash(purchase, "", "removed_provider");
  ASSERT_TRUE(store_
                  ->TransitionPurchase(purchase.id, {PurchaseState::kCreated},
                                       PurchaseState::kFailed,
                                       store::PaymentChanges::At(NowMillis())
                                           .set_provider("removed_provider")
                                           .set_provider_reference("psp_2"),
                                       {})
                  .ok());
  clock_.Advance(61s);
  EXPECT_EQ(Reconcile().settled, 1);
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(purchase.id);
  ASSERT_TRUE(attempts.ok() && attempts->size() == 1u);
  EXPECT_EQ(attempts->front().state, AttemptState::kDeclined);
  EXPECT_EQ(attempts->front().provider_reference, "psp_2");
  EXPECT_EQ(store_->GetPurchase(purchase.id)->state, PurchaseState::kFailed);
}

// Soak finding (issue 14): a lookup made while a resume with the same key
// was still in flight found nothing, and that "proof" then failed the resume
// too, although it charged: the purchase ended failed with a charge.
TEST_F(ReconciliationTest, ALookupWaitsForANewerCallWithTheSameKeyAndProvesNothingForIt) {
  store::Purchase purchase = CreatedPurchase();
  store::ProviderAttempt first = CallAndCrash(purchase, "");  // never sent
  clock_.Advance(61s);
  CallAndCrash(purchase, "");  // the client's retry resends it: same key, in flight

  ReconcileReport early = Reconcile();
  EXPECT_EQ(early.unresolved, 1);  // the old one waits; the young one is not due
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(purchase.id);
  ASSERT_TRUE(attempts.ok() && attempts->size() == 2u);
  EXPECT_EQ(attempts->front().state, AttemptState::kStarted);
  EXPECT_NE(attempts->front().last_check.find("in flight"), std::string::npos)
      << attempts->front().last_check;

  // The resend lands (the provider charges), and its answer is lost.
  providers::AuthorizeRequest request{.amount = Money(499, *CurrencyCode::Parse("EUR"))};
  request.purchase_id = purchase.id;
  request.payment_method = "card";
  request.payment_token = "tok_success";
  request.idempotency_key = first.idempotency_key;
  request.capture = true;
  ASSERT_TRUE(app_->providers().Find("sandbox")->Authorize(request).ok());
  clock_.Advance(61s + options_initial_backoff());

  Reconcile();
  EXPECT_EQ(store_->GetPurchase(purchase.id)->state, PurchaseState::kSucceeded);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(Reconcile().examined, 0);
}

// Defect 4 of issue 14: a pass always re-read the same oldest batch, so
// attempts no look could settle (here: at a provider no longer configured)
// kept every later attempt waiting for ever.
TEST_F(ReconciliationTest, AttemptsThatCannotSettleDoNotBlockTheOnesBehindThem) {
  store::Purchase stuck_1 = CreatedPurchase();
  CallAndCrash(stuck_1, "", "removed_provider");
  store::Purchase stuck_2 = CreatedPurchase();
  CallAndCrash(stuck_2, "", "removed_provider");
  clock_.Advance(1s);
  store::Purchase settles = CreatedPurchase();
  CallAndCrash(settles, "tok_success");
  clock_.Advance(61s);
  ReconcileOptions options;
  options.batch_size = 2;

  ReconcileReport first = Reconcile(options);
  EXPECT_EQ(first.examined, 2);
  EXPECT_EQ(first.unresolved, 2);
  EXPECT_EQ(store_->GetPurchase(settles.id)->state, PurchaseState::kCreated);

  // Same instant: the two are not due again (backoff); the third is looked at.
  ReconcileReport second = Reconcile(options);
  EXPECT_EQ(second.examined, 1);
  EXPECT_EQ(second.settled, 1);
  EXPECT_EQ(store_->GetPurchase(settles.id)->state, PurchaseState::kSucceeded);

  // After the backoff they are looked at again, and again say why not.
  clock_.Advance(options.initial_backoff);
  EXPECT_EQ(Reconcile(options).unresolved, 2);
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(stuck_1.id);
  ASSERT_TRUE(attempts.ok() && attempts->size() == 1u);
  EXPECT_EQ(attempts->front().checks, 2);
  EXPECT_NE(attempts->front().last_check.find("not configured"), std::string::npos)
      << attempts->front().last_check;
  EXPECT_GT(attempts->front().next_check_at_ms, NowMillis());
}

TEST_F(ReconciliationTest, WhatStaysOpenPastEscalateAfterIsEscalatedOnceAndListed) {
  store::Purchase stuck = CreatedPurchase();
  store::ProviderAttempt attempt = CallAndCrash(stuck, "", "removed_provider");
  ReconcileOptions options;
  options.escalate_after = 10min;
  clock_.Advance(61s);
  EXPECT_EQ(Reconcile(options).escalated, 0);
  EXPECT_EQ(GetAdmin("/admin/needs_attention").Int("count"), 0);

  clock_.Advance(10min);
  ReconcileReport late = Reconcile(options);
  EXPECT_EQ(late.escalated, 1);
  EXPECT_EQ(Metric("mg_reconciliation_escalations_total"), 1);
  EXPECT_EQ(Metric("mg_operations_needing_attention"), 1);
  TestResponse listed = GetAdmin("/admin/needs_attention");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.Int("count"), 1);
  EXPECT_EQ(listed.Text("attempts.0.attempt"), attempt.id);
  EXPECT_EQ(listed.Text("attempts.0.purchase"), stuck.id);
  EXPECT_EQ(listed.Text("attempts.0.provider"), "removed_provider");
  EXPECT_EQ(listed.Text("attempts.0.idempotency_key"), attempt.idempotency_key);
  EXPECT_NE(listed.Text("attempts.0.last_check").find("not configured"), std::string::npos);
  // Admin only.
  EXPECT_EQ(GetAdmin("/admin/needs_attention", kPurchasesKey).status, 403);

  // Still looked at, never escalated twice.
  clock_.Advance(options.max_backoff);
  EXPECT_EQ(Reconcile(options).escalated, 0);
  EXPECT_EQ(Metric("mg_reconciliation_escalations_total"), 1);
  EXPECT_EQ(GetAdmin("/admin/needs_attention").Int("count"), 1);
}

// Defect 6 of issue 14: the retry of a purchase in doubt routed again, so a
// second provider could charge it while the first one already had.
TEST_F(ReconciliationTest, AResumedPurchaseAsksOnlyTheProviderItWasInDoubtAt) {
  const std::string body = PurchaseBody();
  Result<std::string> fingerprint = store::RequestFingerprint("POST", "/v1/purchases", body);
  ASSERT_TRUE(fingerprint.ok());
  Result<store::IdempotencyBegin> begin =
      store_->BeginIdempotent("purchases", "resume-1", *fingerprint, NowMillis());
  ASSERT_TRUE(begin.ok() && begin->outcome == store::IdempotencyOutcome::kNew);
  store::Purchase purchase = CreatedPurchase(&begin->lease);
  // DE cards route to adyen and stripe; the charge in doubt is at "pix",
  // which this config no longer routes DE cards to.
  CallAndCrash(purchase, "tok_success", "pix");
  clock_.Advance(61s);

  TestResponse retried = Post("/v1/purchases", body, "resume-1");
  ASSERT_EQ(retried.status, 201) << retried.body;
  EXPECT_EQ(retried.Text("state"), "succeeded");
  EXPECT_EQ(retried.Text("payment.provider"), "pix");
  EXPECT_EQ(sandbox().authorizations_at("adyen"), 0);
  EXPECT_EQ(sandbox().authorizations_at("stripe"), 0);
  EXPECT_EQ(sandbox().authorizations_at("pix"), 2);  // the lost call and its repeat
  Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(purchase.id);
  ASSERT_TRUE(attempts.ok());
  for (const store::ProviderAttempt& attempt : *attempts) {
    EXPECT_EQ(attempt.idempotency_key, attempts->front().idempotency_key);
  }
}

}  // namespace
}  // namespace mg::api::testing
