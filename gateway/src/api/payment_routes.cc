#include "gateway/api/payment_routes.h"

#include <memory>

#include "ad_booking_routes.h"
#include "payment_context.h"
#include "purchase_routes.h"
#include "quote_route.h"
#include "refund_routes.h"
#include "webhook_route.h"

namespace mg::api {
namespace {

using http::Scope;
using http::Verb;
using RouteHandler = Result<http::Response> (*)(const PaymentContext&, const http::Request&);

Status CheckDeps(const PaymentRoutesDeps& deps) {
  if (deps.markets == nullptr || deps.store == nullptr || !deps.providers ||
      deps.router == nullptr || deps.keys == nullptr || deps.metrics == nullptr ||
      deps.clock == nullptr) {
    return InvalidArgument("RegisterPaymentRoutes: a required dependency is missing");
  }
  return Status::Ok();
}

}  // namespace

Status RegisterPaymentRoutes(http::Router& router, const PaymentRoutesDeps& deps) {
  return RegisterPaymentRoutes(router, deps, nullptr);
}

Status RegisterPaymentRoutes(http::Router& router, const PaymentRoutesDeps& deps,
                             std::shared_ptr<const void> owner) {
  MG_RETURN_IF_ERROR(CheckDeps(deps));
  auto context = std::make_shared<const PaymentContext>(deps, std::move(owner));
  auto add = [&](Verb method, std::string_view path, http::RouteOptions options,
                 RouteHandler handler) {
    return router.Add(method, path, options, [context, handler](const http::Request& request) {
      return handler(*context, request);
    });
  };
  const http::RouteOptions purchases{.scope = Scope::kPurchases, .json_body = true};
  const http::RouteOptions read_purchases{.scope = Scope::kPurchases, .json_body = false};
  const http::RouteOptions ads{.scope = Scope::kAds, .json_body = true};
  const http::RouteOptions read_ads{.scope = Scope::kAds, .json_body = false};
  // The scope of a quote depends on its kind: HandleQuote authenticates.
  MG_RETURN_IF_ERROR(add(Verb::post, "/v1/quotes", {}, &HandleQuote));
  MG_RETURN_IF_ERROR(add(Verb::post, "/v1/purchases", purchases, &HandleCreatePurchase));
  MG_RETURN_IF_ERROR(add(Verb::get, "/v1/purchases/{id}", read_purchases, &HandleGetPurchase));
  MG_RETURN_IF_ERROR(add(Verb::post, "/v1/ad_bookings", ads, &HandleCreateAdBooking));
  MG_RETURN_IF_ERROR(add(Verb::get, "/v1/ad_bookings/{id}", read_ads, &HandleGetAdBooking));
  MG_RETURN_IF_ERROR(add(Verb::post, "/v1/refunds", purchases, &HandleCreateRefund));
  MG_RETURN_IF_ERROR(add(Verb::get, "/v1/refunds/{id}", read_purchases, &HandleGetRefund));
  // The provider's signature authenticates a webhook; the raw body is verified.
  MG_RETURN_IF_ERROR(add(Verb::post, "/v1/webhooks/{provider}", {}, &HandleWebhook));
  return Status::Ok();
}

}  // namespace mg::api
