// The `pix` adapter: HTTP mechanics for API Pix immediate charges. Wire
// mapping lives in pix_transformers.h.
//
// Config (docs/providers.md): base_url (the PSP's API Pix root), settings
// "pix_key" (required), "expiration_seconds" (default 3600); auth either a
// static bearer token in api_key, or OAuth2 client credentials: settings
// "oauth_token_url", "client_id" and secrets "client_secret" (the token is
// cached until 30 s before it expires; the cache is the only mutable state,
// guarded by a mutex). PSPs require mutual TLS: http.client_cert_file and
// http.client_key_file. Setting "webhook_auth" says how the PSP's webhooks
// are authenticated: "mtls" (default) or "sandbox_signature"
// (pix/pix_webhook.h, read by the kind, not by the adapter).
//
// Authorize creates the charge with PUT /cob/{txid}, txid derived from the
// idempotency key; if the PUT is refused because the txid exists (a retry),
// the existing charge is read back. Capture is a read (Pix settles at once),
// Void removes an unpaid charge, Refund requests a devolucao of the payment.
//
// Payouts speak Efí's Envio de Pix (pix_envio.h) at setting
// "payout_base_url" (without it Payout refuses with kFailedPrecondition:
// API Pix has no standard payout call, so only a PSP known to speak Efí's
// protocol may be given one), from our own key "pix_key", with the same
// bearer token and client certificate as the charges.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "base/secret.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_registry.h"
#include "pix/pix_envio.h"
#include "pix/pix_transformers.h"

namespace mg::providers {

struct PixAuth {
  Secret static_token;
  std::string token_url;
  std::string client_id;
  Secret client_secret;
};

class PixProvider final : public PaymentProvider {
 public:
  PixProvider(std::string id, pix::PixAccount account, PixAuth auth,
              std::shared_ptr<outbound::HttpClient> http);

  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override;
  Result<PaymentResult> Capture(const CaptureRequest& request) const override;
  Result<PaymentResult> Void(const VoidRequest& request) const override;
  Result<PaymentResult> Refund(const RefundRequest& request) const override;
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override;
  Result<PaymentResult> GetRefundStatus(const RefundStatusRequest& request) const override;
  // pix_provider_payouts.cc
  Result<PaymentResult> Payout(const PayoutRequest& request) const override;
  Result<PaymentResult> GetPayoutStatus(const PayoutStatusRequest& request) const override;

 private:
  // Sends with the bearer token; a failed token fetch is returned as the
  // outbound::HttpResult of the token call.
  outbound::HttpResult Send(outbound::HttpRequest request) const;
  PaymentResult ReadCob(std::string_view txid) const;

  std::string id_;
  pix::PixAccount account_;
  PixAuth auth_;
  std::shared_ptr<outbound::HttpClient> http_;
  mutable std::mutex token_mu_;
  mutable Secret token_;
  mutable std::chrono::steady_clock::time_point token_expiry_{};
};

// Builds the adapter from its validated config (the pix kind's factory,
// pix_kind.cc). Errors (kInvalidArgument): a setting it needs is missing or bad.
Result<std::unique_ptr<PaymentProvider>> MakePixProvider(const ProviderConfig& config);

}  // namespace mg::providers
