// The Reconciler with the in-process sandbox provider: what a crash between a
// provider call and the record of its answer leaves behind is settled from
// the provider's own word, and a payment that never reached the provider is
// resumed by the client's retry with the same key.
#include "gateway/api/reconciliation.h"

#include "api_test_support.h"
#include "currency/currency_code.h"
#include "gateway/store/request_fingerprint.h"

namespace mg::api::testing {
namespace {

using store::AttemptState;
using store::PurchaseState;
using namespace std::chrono_literals;

class ReconciliationTest : public ApiTest {
 protected:
  store::UnixMillis NowMillis() const { return clock_.Now().time_since_epoch() / 1ms; }

  // A created DE purchase of coins_70 (4,99 €) routed to the sandbox, as
  // POST /v1/purchases stores it before the provider is called.
  store::Purchase CreatedPurchase(const store::IdempotencyLease* lease = nullptr) {
    store::Purchase purchase;
    purchase.market = "DE";
    purchase.customer_id = "c_1";
    purchase.items_json = R"([{"sku":"coins_70","quantity":1}])";
    purchase.quote_json = "{}";
    purchase.currency = "EUR";
    purchase.subtotal_minor = purchase.total_minor = 499;
    purchase.payment_method = "card";
    purchase.provider = "sandbox";
    purchase.created_at_ms = purchase.updated_at_ms = NowMillis();
    Result<store::Purchase> created =
        store_->CreatePurchase(purchase, store::Effects::Holding(lease));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : purchase;
  }

  // The attempt recorded before the call; with `token`, the call is made and
  // its answer lost (the process dies before recording it).
  store::ProviderAttempt CallAndCrash(const store::Purchase& purchase, const std::string& token,
                                      const std::string& instance = "sandbox",
                                      int key_attempt = 1) {
    const std::string key =
        providers::DeriveIdempotencyKey(purchase.id, key_attempt, providers::Operation::kAuthorize);
    store::ProviderAttempt attempt;
    attempt.purchase_id = purchase.id;
    attempt.provider = instance;
    attempt.operation = store::AttemptOperation::kAuthorize;
    attempt.amount_minor = purchase.total_minor;
    attempt.idempotency_key = key;
    attempt.key_attempt = key_attempt;
    attempt.started_at_ms = NowMillis();
    Result<store::ProviderAttempt> started = store_->RecordAttemptStarted(attempt);
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    if (!token.empty()) {
      providers::AuthorizeRequest request{
          .amount = Money(purchase.total_minor, *CurrencyCode::Parse("EUR"))};
      request.purchase_id = purchase.id;
      request.payment_method = "card";
      request.payment_token = token;
      request.idempotency_key = key;
      request.capture = true;
      EXPECT_TRUE(app_->providers().Find(instance)->Authorize(request).ok());
    }
    return started.ok() ? *started : attempt;
  }

  ReconcileReport Reconcile(ReconcileOptions options = {}) {
    Result<ReconcileReport> report = Reconciler(Deps(), options).RunOnce();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : ReconcileReport{};
  }

  // The value of a sample in GET /metrics, or -1 when absent.
  double Metric(const std::string& sample) const {
    const std::string text = metrics_->RenderText();
    const size_t at = text.find("\n" + sample + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + sample.size() + 2));
  }

  static std::chrono::milliseconds options_initial_backoff() {
    return ReconcileOptions{}.initial_backoff;
  }

  AttemptState AttemptStateOf(const std::string& purchase_id) const {
    Result<std::vector<store::ProviderAttempt>> attempts = store_->ListAttempts(purchase_id);
    EXPECT_TRUE(attempts.ok() && attempts->size() == 1u);
    return attempts.ok() && !attempts->empty() ? attempts->front().state : AttemptState::kStarted;
  }
};

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

// Defect 4 of issue 14: a pass always re-read the same oldest batch, so
// attempts no look could settle (here: at a provider no longer configured)
// kept every later attempt waiting for ever.
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
