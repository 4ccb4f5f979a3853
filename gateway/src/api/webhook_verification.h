// Checks a provider's webhook call against its endpoint's secret and reads
// its events, with the verifiers of gateway/providers/<kind>/<kind>_webhook.h:
//
//   stripe  Stripe-Signature: t=...,v1=HMAC-SHA256(secret, "t.body"), t within
//           the tolerance
//   adyen   additionalData.hmacSignature of every notification item
//   pix     X-Sandbox-Signature in Stripe's scheme (the sandbox signs so;
//           real PSPs use mutual TLS, which this endpoint does not check)
//
// Errors: kUnauthenticated (401) for a missing, wrong or stale signature and
// for an endpoint without a secret; kInvalidArgument (400) for a signed body
// that is not the provider's event format; kNotFound for a kind without a
// verifier.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "currency/status.h"
#include "gateway/api/payment_routes.h"
#include "gateway/http/request.h"
#include "gateway/providers/webhook_event.h"

namespace mg::api {

Result<std::vector<providers::WebhookEvent>> VerifyWebhook(
    const WebhookEndpoint& endpoint, const http::Request& request,
    std::chrono::system_clock::time_point now, std::chrono::seconds tolerance);

// True for the events that carry a payment's outcome (Stripe charge.succeeded,
// charge.captured, charge.failed; Adyen AUTHORISATION; every received Pix).
// Others (captures, refunds, cancellations) are acknowledged and left alone:
// they name the modification's reference, not the payment's, and the refund
// routes own refund records.
bool DecidesPayment(const providers::WebhookEvent& event);

}  // namespace mg::api
