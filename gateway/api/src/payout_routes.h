// Creator payouts (docs/payouts.md), `payouts` scope:
//
//   POST /v1/payouts       (Idempotency-Key) {"creator": "c-1", "diamonds": 4000}
//                          pays the creator's diamonds (all they hold when
//                          "diamonds" is absent) in their market's payout
//                          currency, through the market's payout method the
//                          creator registered. 201 paid or failed, 202 while
//                          the provider is processing (or did not answer:
//                          maybe paid, settled by reconciliation).
//   GET /v1/payouts/{id}   the payout as it stands
//
// Refusals move nothing: unknown creator 404; a decision that denies (no
// payouts in the market, a minor or restricted creator, no verified tax
// identity where required, below the market's minimum) 422
// compliance_denied with the failed checks; more diamonds than the creator
// holds 422 insufficient_diamonds; no payout method, or one the market does
// not offer 422; a stale FX rate 409 fx_rate_stale; a provider this gateway
// has not configured 503.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleCreatePayout(const RouteContext& context,
                                          const http::Request& request);
Result<http::Response> HandleGetPayout(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
