// StripeProvider's PaymentIntent flows that take more than one call:
// Authorize (create and confirm; on a soft decline one retry with 3-D
// Secure; the capture when asked) and CompleteAction (the lookup once the
// shopper is back, and the capture). stripe_intents.h has the wire mapping.
#include "base/idempotency_key.h"
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_intents.h"
#include "stripe/stripe_provider.h"
#include "stripe/stripe_transformers.h"

namespace mg::providers {
namespace {

// The key of a call a step makes on its own, derived from the step's key, so
// that a retry of the step (same key) repeats it with the same key and
// Stripe answers it from its record instead of acting twice.
std::string StepKey(const std::string& key, std::string_view step) {
  return mg::DeriveIdempotencyKey(key, 0, step);
}

}  // namespace

Result<PaymentResult> StripeProvider::Authorize(const AuthorizeRequest& request) const {
  MG_ASSIGN_OR_RETURN(
      outbound::HttpRequest http,
      stripe::BuildCreateIntent(base_url_, request, stripe::RequestThreeDSecure(request.sca.ask)));
  PaymentResult r = Call(std::move(http), request.idempotency_key, &stripe::MapIntentResponse);
  // 3-D Secure already requested: the issuer's refusal stands.
  if (stripe::IsSoftDecline(r) && request.sca.ask != ScaAsk::kAuthenticate) {
    r = RetryWithThreeDSecure(request, r);
  }
  return CaptureIfAsked(std::move(r), request.capture, StepKey(request.idempotency_key, "capture"));
}

PaymentResult StripeProvider::RetryWithThreeDSecure(const AuthorizeRequest& request,
                                                    const PaymentResult& declined) const {
  const std::string key = StepKey(request.idempotency_key, "authenticate");
  const std::string_view any = stripe::RequestThreeDSecure(ScaAsk::kAuthenticate);
  // The declined intent is back in requires_payment_method and can be
  // confirmed again; without its id (an error body without the intent),
  // a new one.
  Result<outbound::HttpRequest> http =
      declined.provider_reference.rfind("pi_", 0) == 0
          ? stripe::BuildConfirmIntent(base_url_, declined.provider_reference, request, any)
          : stripe::BuildCreateIntent(base_url_, request, any);
  if (!http.ok()) return declined;
  PaymentResult r = Call(std::move(*http), key, &stripe::MapIntentResponse);
  if (r.outcome == Outcome::kRetryableError) {
    // Nothing was sent: the soft decline is what Stripe answered.
    PaymentResult first = declined;
    first.message += " (the 3-D Secure retry could not be sent: " + r.message + ")";
    return first;
  }
  return r;  // usually requires_action; still a soft decline: kAuthenticationRequired
}

PaymentResult StripeProvider::CaptureIfAsked(PaymentResult authorized, bool capture,
                                             const std::string& key) const {
  if (!capture || authorized.outcome != Outcome::kApproved ||
      authorized.provider_status != "requires_capture") {
    return authorized;
  }
  Result<outbound::HttpRequest> http =
      stripe::BuildCaptureIntent(base_url_, authorized.provider_reference, std::nullopt);
  PaymentResult captured =
      http.ok() ? Call(std::move(*http), key, &stripe::MapIntentResponse) : authorized;
  if (captured.outcome == Outcome::kApproved && captured.provider_status == "succeeded") {
    if (captured.authentication == Authentication::kNone) {
      captured.authentication = authorized.authentication;
      captured.exemption = authorized.exemption;
    }
    return captured;
  }
  // Authorized, but the capture was refused, lost or not sent: money is held
  // at Stripe, so this must not fail over. Repeating the step (same keys)
  // repeats the capture; GetStatus shows the intent.
  authorized.outcome = Outcome::kPending;
  authorized.ambiguous = true;
  authorized.message = "authorized; capture not confirmed: " + captured.message;
  return authorized;
}

Result<PaymentResult> StripeProvider::CompleteAction(const CompleteActionRequest& request) const {
  MG_RETURN_IF_ERROR(stripe::ValidateId(request.provider_reference, "provider_reference"));
  if (auto it = request.details.find("payment_intent");
      it != request.details.end() && it->second != request.provider_reference) {
    return InvalidArgument("the return names another PaymentIntent", "details.payment_intent");
  }
  if (request.capture) MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  // The redirect's own words (redirect_status) are the shopper's browser's:
  // only the intent itself decides.
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                      stripe::BuildRetrieveIntent(base_url_, request.provider_reference));
  PaymentResult r = Call(std::move(http), "", &stripe::MapIntentResponse);
  return CaptureIfAsked(std::move(r), request.capture, request.idempotency_key);
}

}  // namespace mg::providers
