// An order's fulfillment: when its goods were delivered, and the two clocks
// delivery starts (docs/markets.md, "Commerce"): the buyer's return window
// and the seller's holding period, after which its payable may be paid out.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "gateway/store/orders.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

// "fulfillment": {"delivered_at", "return_window_ends", "holding_ends"}, unix
// seconds, each null until the goods are delivered. The return window's days
// come from the order's accepted quote (`quote.order.return_window.days`),
// the holding period's from its split.
boost::json::object FulfillmentJson(const store::OrderSplit& split,
                                    const boost::json::value& quote);

// The reason a refund names when the buyer sends goods back.
inline constexpr std::string_view kReturnReason = "return";

// A return ("reason": "return") of an order whose goods were delivered must
// come inside its return window: after it, kFailedPrecondition [reason]
// (409 return_window_closed). Refunds for other reasons (a defect, goods
// not delivered, the seller's goodwill) and returns before delivery pass;
// so does every refund of a purchase that is not an order.
Status CheckReturnWindow(const RouteContext& context, const store::Purchase& purchase,
                         std::string_view reason);

// POST /v1/orders/{id}/delivery {"delivered_at": unix seconds}: records when
// the goods reached the buyer (default now; the first record stands, a
// repeat answers it unchanged). 200 with the order. 400 [delivered_at] for a
// time in the future or before the order was placed; 404 [id] for an id
// that is not an order of the key's account; 409 for an order not paid.
Result<http::Response> HandleOrderDelivery(const RouteContext& context,
                                           const http::Request& request);

}  // namespace mg::api
