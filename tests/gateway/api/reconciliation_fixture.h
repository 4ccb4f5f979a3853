// The Reconciler's test fixture: the in-process sandbox provider, purchases
// as POST /v1/purchases stores them before calling it, and provider calls
// whose answer a crash lost.
#pragma once

#include "api_test_support.h"
#include "currency/currency_code.h"
#include "gateway/api/reconciliation.h"
#include "gateway/store/request_fingerprint.h"

namespace mg::api::testing {

using store::AttemptState;
using store::PurchaseState;
using namespace std::chrono_literals;

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

}  // namespace mg::api::testing
