// The `stripe` adapter: HTTP mechanics for PaymentIntents with 3-D Secure
// (stripe_provider_intents.cc: Authorize, CompleteAction), and payouts
// through Stripe Connect (stripe_provider_payouts.cc). Wire mapping lives in
// stripe_intents.h, stripe_transformers.h and stripe_payouts.h.
//
// Config (docs/providers.md): base_url (default https://api.stripe.com),
// api_key (secret key, sent as a Bearer token), http options. Every call
// carries Stripe-Version (stripe::kStripeVersion); every POST the request's
// Idempotency-Key, or one derived from it for the calls a step makes on its
// own (the capture of Authorize with capture, the 3-D Secure retry).
#pragma once

#include <memory>
#include <string>

#include "base/secret.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {

class StripeProvider final : public PaymentProvider {
 public:
  StripeProvider(std::string id, std::string base_url, Secret api_key,
                 std::shared_ptr<outbound::HttpClient> http);

  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override;
  Result<PaymentResult> Capture(const CaptureRequest& request) const override;
  Result<PaymentResult> Void(const VoidRequest& request) const override;
  Result<PaymentResult> Refund(const RefundRequest& request) const override;
  // Looks the intent up (the shopper is back) and captures it when asked.
  Result<PaymentResult> CompleteAction(const CompleteActionRequest& request) const override;
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override;
  Result<PaymentResult> GetRefundStatus(const RefundStatusRequest& request) const override;
  Result<std::vector<ListedCharge>> ListCharges(const ChargeListRequest& request) const override;
  // A transfer to the connected account, then a payout made as that
  // account; a lookup without a reference finds both by our payout id.
  Result<PaymentResult> Payout(const PayoutRequest& request) const override;
  Result<PaymentResult> GetPayoutStatus(const PayoutStatusRequest& request) const override;

 private:
  using Mapper = PaymentResult (*)(std::string_view, const outbound::HttpResponse&);
  // Sends with the secret key (and the key when not empty).
  outbound::HttpResult Send(outbound::HttpRequest request, std::string_view idempotency_key) const;
  PaymentResult Call(outbound::HttpRequest request, std::string_view idempotency_key,
                     Mapper map) const;
  // An issuer's soft decline of a payment that did not ask for 3-D Secure:
  // confirms the intent again (or creates one) with 3-D Secure requested.
  PaymentResult RetryWithThreeDSecure(const AuthorizeRequest& request,
                                      const PaymentResult& declined) const;
  // `authorized` when it is not an uncaptured authorization or `capture` is
  // false; else the capture of all of it with `key`.
  PaymentResult CaptureIfAsked(PaymentResult authorized, bool capture,
                               const std::string& key) const;
  // Step 2 of a payout, once the transfer `transfer_id` is made.
  Result<PaymentResult> SendPayout(const std::string& account, const std::string& payout_id,
                                   const Money& amount, const std::string& payout_key,
                                   const std::string& transfer_id) const;
  // GetPayoutStatus without a reference: the transfer by its group, then
  // the payout among the connected account's.
  Result<PaymentResult> FindPayout(const PayoutStatusRequest& request) const;

  std::string id_;
  std::string base_url_;
  Secret api_key_;
  std::shared_ptr<outbound::HttpClient> http_;
};

// Builds the adapter from its validated config (the stripe kind's factory,
// stripe_kind.cc). Errors (kInvalidArgument): a setting it needs is missing or bad.
Result<std::unique_ptr<PaymentProvider>> MakeStripeProvider(const ProviderConfig& config);

}  // namespace mg::providers
