// POST /v1/refunds and GET /v1/refunds/{id}.
//
// POST body: {"purchase": "pur_...", "amount": "0.50", "reason": "..."}.
// "amount" (major units of the purchase's currency) defaults to what is left
// to refund: captured minus already refunded. Never more than that (422
// refund_exceeds_captured; the store enforces it atomically across
// instances). Tax is refunded in proportion:
//
//   tax_refunded = round_half_up(purchase tax * amount / purchase total)
//
// except that a refund of the whole remainder refunds exactly the tax not yet
// refunded, so the refunded tax never exceeds the tax charged and sums to it
// exactly once everything is refunded.
//
// The refund is recorded (pending) before the provider is called with
// DeriveIdempotencyKey(refund id, 1, refund); the call is a provider attempt
// of the purchase. Approved: succeeded with the event purchase.refunded;
// declined: failed (402 refund_failed), its amount given back to the
// purchase; pending or ambiguous: stays pending for reconciliation. 201 with
//   {"id": "re_...", "object": "refund", "purchase": "pur_...",
//    "amount": {amount, currency, formatted}, "tax_refunded": {...},
//    "state": "succeeded", "reason": "...", "provider_reference": "...",
//    "created": ..., "request_id": "..."}
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "regions/snapshot.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleCreateRefund(const RouteContext& context,
                                          const http::Request& request);
Result<http::Response> HandleGetRefund(const RouteContext& context, const http::Request& request);

// What the purchase's market declares a refund does to coins already
// gifted (regions::Gifting::refund_after_gifts); a market no longer loaded
// keeps the default, under which the platform carries the gifted coins.
store::RefundAfterGifts AfterGiftsPolicy(const regions::MarketSnapshot& snapshot,
                                         const store::Purchase& purchase);

// A new refund of `amount` of `purchase` (id, currency, amount and its tax
// part by RefundTax, given the purchase's `earlier` refunds); the caller
// sets its state, reason and policy.
Result<store::Refund> NewRefundOf(const store::Purchase& purchase, int64_t amount,
                                  const std::vector<store::Refund>& earlier);

// The tax part of a refund of `amount` of a purchase (see above).
// `tax_refunded` is the tax of the purchase's earlier refunds that did not fail.
Result<int64_t> RefundTax(const store::Purchase& purchase, int64_t amount, int64_t tax_refunded);

}  // namespace mg::api
