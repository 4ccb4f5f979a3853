// Stripe webhook verification and parsing. The Stripe-Signature header is
// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>[,v1=...]";
// a signature is accepted when one v1 matches (constant-time) and t is
// within `tolerance` of now (replay window).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/providers/webhook_event.h"

namespace mg::providers::stripe {

// Default replay window: 300 s, as Stripe's libraries use.
inline constexpr std::chrono::seconds kDefaultTolerance{300};

// kUnauthenticated on a missing, malformed, stale or wrong signature.
mg::Status VerifySignature(std::string_view payload, std::string_view signature_header,
                           const Secret& secret, std::chrono::system_clock::time_point now,
                           std::chrono::seconds tolerance = kDefaultTolerance);

// The header value for `payload` signed at `timestamp` (the sandbox and
// tests sign with it).
std::string SignPayload(std::string_view payload, const Secret& secret, int64_t timestamp);

// Parses a verified event. PaymentIntent events (provider_reference the
// pi_ id, merchant_reference metadata[mg_purchase_id]):
// payment_intent.succeeded and .amount_capturable_updated -> approved,
// .payment_failed -> declined (last_payment_error mapped), .canceled ->
// declined, .requires_action -> requires_action, others pending. Charge
// events name the charge's payment_intent (the charge id only for a charge
// made without one): charge.succeeded / charge.captured -> approved,
// charge.failed -> declined, charge.refunded -> approved (refund). Refund,
// dispute (disputed_reference: the dispute's payment_intent, else charge)
// and payout events as before; anything else -> pending. kInvalidArgument
// when the payload is not a Stripe event.
Result<WebhookEvent> ParseEvent(std::string_view payload);

// Verify, then parse.
Result<WebhookEvent> VerifyAndParse(std::string_view payload, std::string_view signature_header,
                                    const Secret& secret, std::chrono::system_clock::time_point now,
                                    std::chrono::seconds tolerance = kDefaultTolerance);

}  // namespace mg::providers::stripe
