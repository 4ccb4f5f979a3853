#include "stripe/stripe_provider.h"

#include <utility>

#include "gateway/providers/provider_http.h"
#include "gateway/providers/provider_registry.h"
#include "stripe/stripe_intents.h"
#include "stripe/stripe_listing.h"
#include "stripe/stripe_transformers.h"

namespace mg::providers {

StripeProvider::StripeProvider(std::string id, std::string base_url, Secret api_key,
                               std::shared_ptr<outbound::HttpClient> http)
    : id_(std::move(id)),
      base_url_(std::move(base_url)),
      api_key_(std::move(api_key)),
      http_(std::move(http)) {}

outbound::HttpResult StripeProvider::Send(outbound::HttpRequest request,
                                          std::string_view idempotency_key) const {
  request.headers.emplace_back("Authorization", "Bearer " + api_key_.reveal());
  request.headers.emplace_back("Stripe-Version", stripe::kStripeVersion);
  if (!idempotency_key.empty()) {
    request.headers.emplace_back("Idempotency-Key", std::string(idempotency_key));
  }
  return http_->Send(request);
}

PaymentResult StripeProvider::Call(outbound::HttpRequest request, std::string_view idempotency_key,
                                   Mapper map) const {
  outbound::HttpResult http = Send(std::move(request), idempotency_key);
  if (!http.ok()) return MapTransportFailure(id_, http);
  return map(id_, http.response);
}

Result<PaymentResult> StripeProvider::Capture(const CaptureRequest& request) const {
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  MG_ASSIGN_OR_RETURN(
      outbound::HttpRequest http,
      stripe::BuildCaptureIntent(base_url_, request.provider_reference, request.amount));
  return Call(std::move(http), request.idempotency_key, &stripe::MapIntentResponse);
}

Result<PaymentResult> StripeProvider::Void(const VoidRequest& request) const {
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                      stripe::BuildCancelIntent(base_url_, request.provider_reference));
  return Call(std::move(http), request.idempotency_key, &stripe::MapCancelResponse);
}

Result<PaymentResult> StripeProvider::Refund(const RefundRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http, stripe::BuildRefund(base_url_, request));
  return Call(std::move(http), request.idempotency_key, &stripe::MapRefundResponse);
}

namespace {

// marketgate captures every payment it keeps (purchases and bookings
// capture with their authorization), so an intent authorized and never
// captured (a crash between the two, a challenge passed but never
// confirmed) is not money taken: it waits for the confirmation, the
// action's expiry (voided) or Stripe's own cancellation of uncaptured
// intents, and is never settled as paid.
PaymentResult UncapturedIsPending(PaymentResult r) {
  if (r.outcome == Outcome::kApproved && r.provider_status == "requires_capture") {
    r.outcome = Outcome::kPending;
    r.capturable = true;
    r.message = "authorized, not captured";
  }
  return r;
}

}  // namespace

Result<PaymentResult> StripeProvider::GetStatus(const StatusRequest& request) const {
  if (request.provider_reference.empty()) {
    MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                        stripe::BuildSearchIntents(base_url_, request.purchase_id));
    return UncapturedIsPending(Call(std::move(http), "", &stripe::MapIntentSearchResponse));
  }
  if (request.provider_reference.rfind("ch_", 0) == 0) {
    // A payment made with the Charges API, before PaymentIntents: this
    // adapter no longer reads charges, and a miss must never read as
    // proof of absence.
    PaymentResult r;
    r.provider = id_;
    r.provider_reference = request.provider_reference;
    r.outcome = Outcome::kPending;
    r.ambiguous = true;
    r.message = "a Charges API charge: look it up in Stripe's dashboard";
    return r;
  }
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                      stripe::BuildRetrieveIntent(base_url_, request.provider_reference));
  PaymentResult r = Call(std::move(http), "", &stripe::MapIntentResponse);
  // GET of an intent id that Stripe does not know: proof that it never existed.
  if (r.http_status == 404 && r.provider_code == "resource_missing") r.outcome = Outcome::kNotFound;
  return UncapturedIsPending(std::move(r));
}

Result<PaymentResult> StripeProvider::GetRefundStatus(const RefundStatusRequest& request) const {
  if (request.refund_reference.empty()) {
    // The refund's answer was lost: the same call with the same key gets
    // Stripe's stored answer, never a second refund. Stripe needs the
    // original parameters, which the caller has; without them, no lookup.
    return PaymentProvider::GetRefundStatus(request);
  }
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                      stripe::BuildRetrieveRefund(base_url_, request.refund_reference));
  PaymentResult r = Call(std::move(http), "", &stripe::MapRefundResponse);
  if (r.http_status == 404 && r.provider_code == "resource_missing") r.outcome = Outcome::kNotFound;
  return r;
}

Result<std::vector<ListedCharge>> StripeProvider::ListCharges(
    const ChargeListRequest& request) const {
  std::vector<ListedCharge> charges;
  std::string after;
  // Pages of 100, newest first; a bound so that a provider that keeps
  // answering has_more cannot hold the audit forever.
  for (int page = 0; page < 100'000; ++page) {
    outbound::HttpResult answer = Send(stripe::BuildListCharges(base_url_, request, after), "");
    if (!answer.ok()) {
      return Status(ErrorCode::kUnavailable, "Stripe PaymentIntent list: " + answer.error);
    }
    MG_ASSIGN_OR_RETURN(stripe::ChargePage listed, stripe::MapChargeList(id_, answer.response));
    for (ListedCharge& c : listed.charges) charges.push_back(std::move(c));
    if (!listed.has_more || charges.empty()) return charges;
    after = charges.back().id;
  }
  return Status(ErrorCode::kUnavailable, "Stripe PaymentIntent list did not end");
}

Result<std::unique_ptr<PaymentProvider>> MakeStripeProvider(const ProviderConfig& config) {
  if (config.api_key.empty()) return InvalidArgument("Stripe needs api_key", "api_key");
  std::string base = config.base_url.empty() ? "https://api.stripe.com" : config.base_url;
  MG_ASSIGN_OR_RETURN(std::shared_ptr<outbound::HttpClient> http,
                      outbound::HttpClient::Create(config.http));
  return std::unique_ptr<PaymentProvider>(
      std::make_unique<StripeProvider>(config.id, base, config.api_key, std::move(http)));
}

}  // namespace mg::providers
