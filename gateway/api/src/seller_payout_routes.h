// Seller payouts (docs/payouts.md, "Seller payouts"), `payouts` scope:
//
//   POST /v1/seller_payouts   (Idempotency-Key)
//     {"seller": "seller_cn_1", "market": "US", "method": "stripe_connect",
//      "destination": "acct_1Nv..."}
//   pays what the seller's orders in the market's currency left on their
//   payable account once each order's holding period (delivery + the
//   market's holding days) is over, net of returns, through the market's
//   payout method; the orders it pays are listed. 201 paid or failed, 202
//   processing or maybe paid (as creator payouts). GET /v1/payouts/{id}
//   shows it.
//
// Refusals move nothing and are not kept with the key, so the same request
// goes through once something is payable: orders still held 409
// holding_period (details: when each is released); a debt from returns
// after an earlier payout that the orders payable now do not cover 422
// seller_debt; no unpaid orders 422 nothing_payable; a market that pays
// nobody out, or a method it does not offer, 422; a destination that is
// not a provider token 400; a provider this gateway has not configured 503.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleCreateSellerPayout(const RouteContext& context,
                                                const http::Request& request);

}  // namespace mg::api
