#include "order_attribution.h"

namespace mg::api {

Status CheckAttribution(const RouteContext& context, const compliance::QuoteRequest& request) {
  if (!request.order ||
      request.order->attribution.type != compliance::OrderAttribution::Type::kShoppableAd) {
    return Status::Ok();
  }
  const std::string& id = request.order->attribution.id;
  Result<store::AdBooking> booking = context.store().GetAdBooking(id);
  if (!booking.ok() && booking.status().code() != ErrorCode::kNotFound) return booking.status();
  if (!booking.ok()) {
    return Unprocessable("no ad booking '" + id + "' to attribute the order to", "attribution.id");
  }
  if (booking->market != request.market) {
    return Unprocessable(
        "ad booking '" + id + "' runs in " + booking->market + ", not in " + request.market,
        "attribution.id");
  }
  if (booking->format != kShoppableAdFormat) {
    return Unprocessable("ad booking '" + id + "' is a " + booking->format + " ad, not a " +
                             std::string(kShoppableAdFormat) + " one",
                         "attribution.id");
  }
  return Status::Ok();
}

Result<boost::json::object> AttributedOrdersJson(const RouteContext& context,
                                                 const store::AdBooking& booking,
                                                 const AmountRenderer& amounts) {
  MG_ASSIGN_OR_RETURN(store::AttributedOrders orders,
                      context.store().CountAttributedOrders("shoppable_ad", booking.id));
  return boost::json::object{{"count", orders.count}, {"value", amounts(orders.value_minor)}};
}

}  // namespace mg::api
