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
  store::ProviderAttempt CallAndCrash(const store::Purchase& purchase, const std::string& token) {
    const std::string key =
        providers::DeriveIdempotencyKey(purchase.id, 1, providers::Operation::kAuthorize);
    store::ProviderAttempt attempt;
    attempt.purchase_id = purchase.id;
    attempt.provider = "sandbox";
    attempt.operation = store::AttemptOperation::kAuthorize;
    attempt.amount_minor = purchase.total_minor;
    attempt.idempotency_key = key;
    attempt.key_attempt = 1;
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
      EXPECT_TRUE(sandbox().Authorize(request).ok());
    }
    return started.ok() ? *started : attempt;
  }

  ReconcileReport Reconcile(ReconcileOptions options = {}) {
    Result<ReconcileReport> report = Reconciler(Deps(), options).RunOnce();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : ReconcileReport{};
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

}  // namespace
}  // namespace mg::api::testing
