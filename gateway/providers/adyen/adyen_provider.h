// The `adyen` adapter: HTTP mechanics for Checkout API v71. Wire mapping
// lives in adyen_transformers.h.
//
// Config (docs/providers.md): base_url (default
// https://checkout-test.adyen.com), api_key (X-API-Key), settings
// "merchant_account" (required). Every POST carries Idempotency-Key.
// Adyen's Checkout API has no payment lookup: GetStatus answers pending
// (the outcome arrives by webhook) and never proves absence.
//
// 3-D Secure 2 (adyen_three_ds.h): Authorize sends what request.sca asks.
// When a payment that claimed the low-value exemption is refused
// "Authentication required" (a soft decline), Authorize retries it once at
// once with 3-D Secure asked and no exemption, under a key derived from the
// first (adyen::AuthenticationRetryKey); that retry usually answers
// requires_action, and a second refusal is declined
// kAuthenticationRequired. CompleteAction submits the shopper's return to
// /payments/details. Capture is decided by the /payments call (no
// manualCapture when request.capture), so CompleteAction sends no capture
// of its own: a payment authorised after its challenge is captured as its
// /payments asked.
//
// Payouts go through the balance platform's Transfers API v4
// (adyen_transfers.h), at settings "transfers_base_url" from
// "balance_account_id" (both or neither; without them Payout refuses with
// kFailedPrecondition), with "transfer_priority" (default "regular"). The
// same X-API-Key authenticates both APIs.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "adyen/adyen_transfers.h"
#include "adyen/adyen_transformers.h"
#include "base/secret.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {

class AdyenProvider final : public PaymentProvider {
 public:
  // `transfers` empty: the instance takes payments only.
  AdyenProvider(std::string id, adyen::AdyenAccount account, Secret api_key,
                std::shared_ptr<outbound::HttpClient> http,
                std::optional<adyen::TransferAccount> transfers = std::nullopt);

  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override;
  Result<PaymentResult> Capture(const CaptureRequest& request) const override;
  Result<PaymentResult> Void(const VoidRequest& request) const override;
  Result<PaymentResult> Refund(const RefundRequest& request) const override;
  // POST /payments/details with request.details' redirectResult or
  // threeDSResult (kInvalidArgument without either). The pspReference may
  // first arrive in this answer.
  Result<PaymentResult> CompleteAction(const CompleteActionRequest& request) const override;
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override;
  Result<PaymentResult> Payout(const PayoutRequest& request) const override;
  // By reference: GET /transfers/{id}. Without one: pending + ambiguous,
  // since the Transfers API finds no transfer by our reference.
  Result<PaymentResult> GetPayoutStatus(const PayoutStatusRequest& request) const override;

 private:
  using Mapper = PaymentResult (*)(std::string_view, const outbound::HttpResponse&);
  PaymentResult Call(outbound::HttpRequest request, const std::string& idempotency_key,
                     Mapper map) const;

  std::string id_;
  adyen::AdyenAccount account_;
  Secret api_key_;
  std::shared_ptr<outbound::HttpClient> http_;
  std::optional<adyen::TransferAccount> transfers_;
};

// Builds the adapter from its validated config (the adyen kind's factory,
// adyen_kind.cc). Errors (kInvalidArgument): a setting it needs is missing or bad.
Result<std::unique_ptr<PaymentProvider>> MakeAdyenProvider(const ProviderConfig& config);

}  // namespace mg::providers
