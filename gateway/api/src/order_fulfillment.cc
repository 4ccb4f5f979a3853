#include "order_fulfillment.h"

#include "amount_json.h"
#include "api_errors.h"
#include "purchase_routes.h"
#include "request_body.h"

namespace mg::api {
namespace {

constexpr int64_t kMillisPerDay = 24 * 60 * 60 * 1000;

boost::json::value SecondsOrNull(std::optional<int64_t> millis) {
  if (!millis) return nullptr;
  return *millis / 1000;
}

int64_t ReturnWindowDays(const boost::json::value& quote) {
  boost::system::error_code ignored;  // absent: a quote without an order's terms
  const boost::json::value* days = quote.find_pointer("/order/return_window/days", ignored);
  return days != nullptr && days->is_int64() ? days->as_int64() : 0;
}

}  // namespace

Status CheckReturnWindow(const RouteContext& context, const store::Purchase& purchase,
                         std::string_view reason) {
  if (reason != kReturnReason) return Status::Ok();
  MG_ASSIGN_OR_RETURN(std::optional<store::OrderSplit> split,
                      context.store().GetOrderSplit(purchase.id));
  if (!split || !split->delivered_at_ms) return Status::Ok();
  const int64_t days = ReturnWindowDays(ParseStoredJson(purchase.quote_json));
  const int64_t ends_ms = *split->delivered_at_ms + days * kMillisPerDay;
  if (context.NowMillis() <= ends_ms) return Status::Ok();
  return Status(ErrorCode::kFailedPrecondition,
                "order " + purchase.id + "'s return window of " + std::to_string(days) +
                    " days after delivery ended at unix time " + std::to_string(ends_ms / 1000) +
                    "; a refund for another reason (a defect, goods not as described) names it",
                "reason");
}

boost::json::object FulfillmentJson(const store::OrderSplit& split,
                                    const boost::json::value& quote) {
  std::optional<int64_t> return_ends;
  std::optional<int64_t> holding_ends;
  if (split.delivered_at_ms) {
    return_ends = *split.delivered_at_ms + ReturnWindowDays(quote) * kMillisPerDay;
    holding_ends = *split.delivered_at_ms + split.holding_days * kMillisPerDay;
  }
  return boost::json::object{{"delivered_at", SecondsOrNull(split.delivered_at_ms)},
                             {"return_window_ends", SecondsOrNull(return_ends)},
                             {"holding_ends", SecondsOrNull(holding_ends)}};
}

Result<http::Response> HandleOrderDelivery(const RouteContext& context,
                                           const http::Request& request) {
  std::string id(request.PathParam("id"));
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(request.json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"delivered_at"}));
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> seconds,
                      OptionalInt(*body, "delivered_at", "delivered_at"));
  const store::UnixMillis now = context.NowMillis();
  const store::UnixMillis at = seconds ? *seconds * 1000 : now;
  if (seconds && (*seconds < 0 || *seconds > now / 1000)) {
    return InvalidArgument("delivered_at is in the future", "delivered_at");
  }
  // The order must be the key's account's, as for GET.
  MG_RETURN_IF_ERROR(
      OwnedRecord(context.store().GetPurchase(id), request, "order", id, "id").status());
  MG_ASSIGN_OR_RETURN(std::optional<store::OrderSplit> split, context.store().GetOrderSplit(id));
  if (!split) return Status(ErrorCode::kNotFound, "no order '" + id + "'", "id");
  MG_RETURN_IF_ERROR(context.store().RecordDelivery(id, at).status());
  return HandleGetOrder(context, request);
}

}  // namespace mg::api
