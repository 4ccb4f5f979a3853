// Stripe PaymentIntents wire mapping: pure request building and response
// mapping, no I/O (stripe_provider.cc does the HTTP). Tested against
// recorded fixtures in tests/gateway/providers/stripe/fixtures.
//
// Field names and enums were read in Stripe's generated Node SDK,
// stripe/stripe-node@663942164d3876f04bb26617b88f498ba785e580
// (src/resources/PaymentIntents.ts: the paths, PaymentIntentCreateParams,
// PaymentIntentConfirmParams, PaymentIntentCaptureParams.amount_to_capture,
// PaymentIntentCancelParams.cancellation_reason, PaymentIntent.Status,
// NextAction.redirect_to_url / use_stripe_sdk, LastPaymentError.Code;
// src/resources/Charges.ts: PaymentMethodDetails.Card.ThreeDSecure.Result).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::stripe {

// The API version every call is made with (header Stripe-Version), so that
// Stripe's answers keep the shapes this file reads whatever the account's
// default is. Read in stripe/stripe-node@663942164d3876f04bb26617b88f498ba785e580
// src/apiVersion.ts (ApiVersion), the version that SDK's generated types
// describe.
inline constexpr char kStripeVersion[] = "2026-07-29.dahlia";

// payment_method_options[card][request_three_d_secure] for what the payment
// asks: "any" (3-D Secure whenever the card supports it) for kAuthenticate;
// "automatic" otherwise. Stripe has no request field for a low-value
// exemption: its SCA engine claims exemptions by itself under "automatic"
// (docs.stripe.com/payments/3d-secure/strong-customer-authentication-exemptions),
// so kLowValueExemption is "automatic" too, and the answer's
// three_d_secure.result says whether the issuer accepted it.
std::string_view RequestThreeDSecure(ScaAsk ask);

// POST /v1/payment_intents: amount, currency (lower case), payment_method =
// the token, confirm=true, capture_method=manual, return_url, description,
// metadata[...] plus metadata[mg_purchase_id],
// payment_method_options[card][request_three_d_secure], expand[]=latest_charge.
Result<outbound::HttpRequest> BuildCreateIntent(std::string_view base_url,
                                                const AuthorizeRequest& request,
                                                std::string_view three_d_secure);
// POST /v1/payment_intents/{id}/confirm: payment_method, return_url,
// payment_method_options[card][request_three_d_secure], expand[]=latest_charge.
Result<outbound::HttpRequest> BuildConfirmIntent(std::string_view base_url,
                                                 std::string_view intent_id,
                                                 const AuthorizeRequest& request,
                                                 std::string_view three_d_secure);
// POST /v1/payment_intents/{id}/capture, with amount_to_capture when
// `amount` is given (else Stripe captures all of amount_capturable).
Result<outbound::HttpRequest> BuildCaptureIntent(std::string_view base_url,
                                                 std::string_view intent_id,
                                                 const std::optional<Money>& amount);
// POST /v1/payment_intents/{id}/cancel with cancellation_reason=abandoned.
Result<outbound::HttpRequest> BuildCancelIntent(std::string_view base_url,
                                                std::string_view intent_id);
// GET /v1/payment_intents/{id}?expand[]=latest_charge.
Result<outbound::HttpRequest> BuildRetrieveIntent(std::string_view base_url,
                                                  std::string_view intent_id);
// GET /v1/payment_intents/search?query=metadata['mg_purchase_id']:'<id>'.
Result<outbound::HttpRequest> BuildSearchIntents(std::string_view base_url,
                                                 std::string_view purchase_id);

// What a Charge object says of 3-D Secure
// (payment_method_details.card.three_d_secure.result: authenticated,
// exempted, failed; anything else kNone). With kExempted, `exemption` (when
// given) receives "low_value" or "transaction_risk_analysis".
Authentication ChargeAuthentication(const boost::json::object& charge,
                                    std::string* exemption = nullptr);

// A PaymentIntent (create, confirm, capture, retrieve) or a Stripe error.
// provider_reference is the intent's id (pi_...), provider_status its
// status:
//   requires_capture, succeeded   approved (authorized / captured)
//   requires_action               requires_action: redirect_to_url.url as a
//                                 kRedirect; any other next_action (use_stripe_sdk,
//                                 whose map is opaque) as a kChallenge whose
//                                 data carry client_secret and payment_intent
//   processing, requires_confirmation, unknown  pending
//   requires_payment_method       declined, from last_payment_error (without
//                                 one: pending)
//   canceled                      declined (kOther, code = cancellation_reason)
// `authentication` from latest_charge.payment_method_details.card.three_d_secure.result
// (authenticated, exempted, failed; anything else kNone) and from
// last_payment_error.code payment_intent_authentication_failure (kFailed).
// A soft decline (authentication_required) is kDeclined with
// kAuthenticationRequired.
PaymentResult MapIntentResponse(std::string_view provider, const outbound::HttpResponse& response);
// The answer to a cancel: a `canceled` intent is the void's success
// (kApproved); another intent status is kPending (never approved); errors
// map as MapIntentResponse.
PaymentResult MapCancelResponse(std::string_view provider, const outbound::HttpResponse& response);
// A search_result list. A hit maps like an intent. No hit is NOT proof that
// no payment exists (Stripe's search is eventually consistent: "data is
// searchable in less than a minute", longer in outages), so it maps to
// kPending with ambiguous = true.
PaymentResult MapIntentSearchResponse(std::string_view provider,
                                      const outbound::HttpResponse& response);

// True for an issuer's soft decline (`authentication_required`): the
// payment may succeed if authenticated with 3-D Secure.
bool IsSoftDecline(const PaymentResult& r);

}  // namespace mg::providers::stripe
