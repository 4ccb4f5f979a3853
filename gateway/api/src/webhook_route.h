// POST /v1/webhooks/{provider}: a payment provider tells us what became of a
// payment. No API key: the provider's signature authenticates the call
// (webhook_verification.h), with the endpoint's secret from the config; or,
// for an endpoint authenticated by mutual TLS (API Pix PSPs,
// WebhookEndpoint::auth), the client certificate the webhook listener
// verified: without one the call is refused 401 client_certificate_required
// (a signature, even a valid one, does not count), with one that carries none
// of the endpoint's pinned names 403 client_certificate_not_allowed.
//
// Each event that carries a payment's outcome is applied once:
//  * Deduplicated durably, across processes: the event id is an idempotency
//    key in the scope "webhook:<provider>". A redelivered event is answered
//    200 and changes nothing; one still being applied by another call is
//    answered 503 with Retry-After, so that the provider tries again.
//  * A payment event finds its purchase by the provider's reference, or by
//    our merchant reference (the purchase id we sent: Adyen merchantReference,
//    Stripe metadata), so a payment whose answer was lost is settled by its
//    webhook. It settles with a compare-and-set from created, pending or
//    requires_action (purchase_settlement.h): approved -> succeeded,
//    declined -> failed; other outcomes change nothing. An approval of a
//    charge other than the one the purchase kept is a second charge and is
//    reversed (charge_accounting.h).
//  * A refund event (Stripe refund.updated/refund.failed, Adyen REFUND and
//    REFUND_FAILED, a Pix devolucao) finds its refund by the provider's
//    refund reference or by our refund id and settles it: pending ->
//    succeeded or failed, and succeeded -> failed when the provider rejects
//    it later (its amount is released then).
//  * A reference we do not know yet is answered 404 and the event is not
//    remembered, so that the provider's retry is applied once the purchase
//    has its reference.
//
// Answers: 200 {"received": n, "applied": a, "duplicates": d, "ignored": i};
// 401 for a missing, wrong or stale signature; 400 for a body that is not
// the provider's format; 404 for a provider without an endpoint or an
// unknown reference.
#pragma once

#include "base/status.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleWebhook(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
