// GET /v1/wallets/{customer}: a customer's coin balance and its movements in
// the ledger (docs/ledger.md), newest first, for the API account of the key
// (two accounts' customers never share a wallet). `purchases` scope.
//
//   ?limit=N   movements per page, 1-100 (default 20)
//   ?before=C  the page after the one whose "next_page" was C
//
// 200 with
//   {"object": "wallet", "customer": "cus_1", "balance": 70,
//    "history": [{"journal": "jnl_...", "type": "purchase", "reference": "pur_...",
//                 "coins": 70, "created": 1700000000}],
//    "has_more": false, "next_page": null, "request_id": "..."}
// "type" is the journal's kind: purchase (coins credited), refund (coins
// clawed back), refund_reversal (a failed refund's coins given back), gift
// (coins sent to a creator, POST /v1/gifts). A
// customer without any movement has a balance of 0 and an empty history.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleGetWallet(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
