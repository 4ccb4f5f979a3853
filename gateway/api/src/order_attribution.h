// What sold an order (its attribution: a LIVE, a shoppable ad, a product
// link), checked when the order is created and counted on the ad booking.
#pragma once

#include <boost/json/object.hpp>

#include "amount_json.h"
#include "compliance/request.h"
#include "gateway/store/store.h"
#include "route_context.h"

namespace mg::api {

// The ad format a booking must have for orders to be attributed to it.
inline constexpr std::string_view kShoppableAdFormat = "shoppable";

// An order attributed to a shoppable ad names an ad booking in the order's
// market, of the `shoppable` format: kUnprocessable [attribution.id]
// otherwise. The booking may be another API account's (the ad-booking tools
// and the app's purchase flow are different accounts); its id is a random
// 96-bit token, and an order counts on it only once paid. Other
// attributions (a LIVE, a video) are the platform's ids, not the gateway's:
// not checked.
Status CheckAttribution(const RouteContext& context, const compliance::QuoteRequest& request);

// GET /v1/ad_bookings/{id} of a shoppable booking: "attributed_orders":
// {"count": n, "value": {amount}}, the orders it sold that were paid and the
// money they kept (captured less refunded).
Result<boost::json::object> AttributedOrdersJson(const RouteContext& context,
                                                 const store::AdBooking& booking,
                                                 const AmountRenderer& amounts);

}  // namespace mg::api
