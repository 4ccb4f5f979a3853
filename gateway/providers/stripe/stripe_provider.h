// The `stripe` adapter: HTTP mechanics for the Charges API. Wire mapping
// lives in stripe_transformers.h.
//
// Config (docs/providers.md): base_url (default https://api.stripe.com),
// api_key (secret key, sent as a Bearer token), http options. Every POST
// carries the request's Idempotency-Key.
#pragma once

#include <memory>
#include <string>

#include "gateway/providers/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/secret.h"

namespace mg::providers {

class StripeProvider final : public PaymentProvider {
 public:
  StripeProvider(std::string id, std::string base_url, Secret api_key,
                 std::shared_ptr<HttpClient> http);

  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override;
  Result<PaymentResult> Capture(const CaptureRequest& request) const override;
  Result<PaymentResult> Void(const VoidRequest& request) const override;
  Result<PaymentResult> Refund(const RefundRequest& request) const override;
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override;

 private:
  using Mapper = PaymentResult (*)(std::string_view, const HttpResponse&);
  PaymentResult Call(HttpRequest request, std::string_view idempotency_key, Mapper map) const;

  std::string id_;
  std::string base_url_;
  Secret api_key_;
  std::shared_ptr<HttpClient> http_;
};

}  // namespace mg::providers
