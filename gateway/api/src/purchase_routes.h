// POST /v1/purchases and GET /v1/purchases/{id}.
//
// POST body: a purchase QuoteRequest plus
//   "payment": {"method": "card", "token": "tok_...", "return_url": "..."}
// with customer.id required. The quote is built from the current snapshot;
// a denial (422 compliance_denied) and a suspended market (451
// market_suspended) are final answers, stored for replays; bad input (4xx
// before anything is written) frees the Idempotency-Key. Otherwise the
// purchase is created (state created) in the same transaction that links it
// to the key, and charged (purchase_charge.h). 201 with the purchase.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleCreatePurchase(const RouteContext& context,
                                            const http::Request& request);

// 200 with the purchase and every provider attempt; 404 [id] when unknown.
Result<http::Response> HandleGetPurchase(const RouteContext& context, const http::Request& request);

// POST /v1/orders and GET /v1/orders/{id} (docs/markets.md, "Commerce"): an
// order is a purchase of goods from a third-party seller. The body is an
// order QuoteRequest (kind order) plus "payment"; it is created and charged
// as a purchase, with its split (store::OrderSplit) written in the same
// transaction; its journals move the split (docs/ledger.md, "Orders"). GET
// answers 404 for a purchase that is not an order.
Result<http::Response> HandleCreateOrder(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetOrder(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
