// A payout as the API answers it and as its events carry it:
//
//   {"id": "pyt_...", "object": "payout", "creator": "c-1", "market": "BR",
//    "state": "paid", "diamonds": 4000, "currency": "BRL",
//    "gross": {amount}, "withheld": {amount}, "net": {amount},
//    "fx": {"rate": "5.3412", "as_of": 1764931200} (only when converted),
//    "method": "pix", "provider": "pix", "provider_reference": "E0900...",
//    "failure": {"code", "message"} (failed or needing attention),
//    "created": 1764931300, "updated": 1764931301}
//
// A seller's payout (seller_payout_routes.h) names "seller" instead of
// "creator", has no "diamonds", and lists the orders it paid:
//   "orders": [{"order": "pur_...", "seller_part": {amount}}]
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "amount_json.h"
#include "gateway/store/orders.h"
#include "gateway/store/payouts.h"

namespace mg::api {

// The fields above; amounts rendered by `amounts` (the payout currency's).
boost::json::object PayoutFields(const store::PayoutRecord& payout, const AmountRenderer& amounts);
// A seller payout's "orders"; with `with_holding_ends`, each order's
// "holding_ends" too (unix seconds; null until delivered), as a refusal's
// details show the orders still held.
boost::json::array SellerOrderParts(const std::vector<store::SellerOrderPart>& parts,
                                    const AmountRenderer& amounts, bool with_holding_ends = false);

}  // namespace mg::api
