// LIVE gifts (docs/ledger.md, "Gifts"), `purchases` scope:
//
//   POST /v1/gifts (Idempotency-Key)
//     {"market": "DE", "sender": {"id": "cus_viewer", "age": 30},
//      "creator": "cus_creator", "live_id": "live_123", "gift": "lion", "quantity": 2}
//   GET /v1/gifts/{id}
//
// The sender's market prices the gift (its catalog) and decides the share
// of its coins credited to the creator as diamonds (gifting.creator_share);
// the creator is one registered with PUT /v1/creators/{id} by the same API
// account. Compliance decides both sides first, with rule ids and legal
// references: the sender's age gate on send_gift (18+, 19+ in KR), the
// creator's on receive_gift and their standing.
//
//   201  the gift: coins left the sender's wallet (oldest lots first), the
//        creator's diamonds were credited, one balanced journal posted and
//        gift.sent queued, all in one transaction
//   400  malformed body, unknown parameter, quantity not 1-999, sender = creator
//   402  insufficient_coins: the wallet holds fewer coins; nothing moved
//   422  compliance_denied / age_verification_required (as for purchases)
//   404  unknown market or creator
//        unknown or unavailable gift; a market that declares no creator share
//   451  the sender's or the creator's market is suspended
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleSendGift(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetGift(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
