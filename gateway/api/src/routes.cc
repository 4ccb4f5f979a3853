#include "gateway/api/routes.h"

#include <memory>
#include <string_view>

#include "ad_booking_routes.h"
#include "admin_routes.h"
#include "creator_routes.h"
#include "fx_rates.h"
#include "gift_routes.h"
#include "market_routes.h"
#include "ops_routes.h"
#include "order_fulfillment.h"
#include "payout_routes.h"
#include "purchase_confirm.h"
#include "purchase_routes.h"
#include "quote_route.h"
#include "refund_routes.h"
#include "route_context.h"
#include "seller_payout_routes.h"
#include "wallet_routes.h"
#include "webhook_route.h"

namespace mg::api {
namespace {

using http::Scope;
using http::Verb;
using RouteHandler = Result<http::Response> (*)(const RouteContext&, const http::Request&);

// Which listener serves a route (kWebhook: the mutual TLS one).
enum class Listener { kPublic, kAdmin, kBoth, kWebhook };

struct RouteEntry {
  Listener listener;
  Verb method;
  std::string_view path;
  http::RouteOptions options;
  RouteHandler handler;
};

constexpr http::RouteOptions kOpen{};
// Answered from the market snapshot alone, on the I/O thread (server.h).
constexpr http::RouteOptions kOpenNeverBlocks{.may_block = &http::NeverBlocks};
constexpr http::RouteOptions kReadNeverBlocks{.scope = Scope::kRead,
                                              .may_block = &http::NeverBlocks};
constexpr http::RouteOptions kWritePurchases{.scope = Scope::kPurchases, .json_body = true};
constexpr http::RouteOptions kReadPurchases{.scope = Scope::kPurchases};
constexpr http::RouteOptions kWriteAds{.scope = Scope::kAds, .json_body = true};
constexpr http::RouteOptions kReadAds{.scope = Scope::kAds};
constexpr http::RouteOptions kAdmin{.scope = Scope::kAdmin};
constexpr http::RouteOptions kAdminWrite{.scope = Scope::kAdmin, .json_body = true};
constexpr http::RouteOptions kWritePayouts{.scope = Scope::kPayouts, .json_body = true};
constexpr http::RouteOptions kReadPayouts{.scope = Scope::kPayouts};
constexpr http::RouteOptions kQuote{.scope = Scope::kPurchases,
                                    .or_scope = Scope::kAds,
                                    .json_body = true,
                                    .may_block = &QuoteMayBlock};

// The one list of the gateway's routes.
constexpr RouteEntry kRoutes[] = {
    {Listener::kBoth, Verb::get, "/healthz", kOpenNeverBlocks, &HandleHealthz},
    {Listener::kBoth, Verb::get, "/readyz", kOpen, &HandleReadyz},

    {Listener::kPublic, Verb::get, "/v1/markets", kReadNeverBlocks, &HandleListMarkets},
    {Listener::kPublic, Verb::get, "/v1/markets/{code}", kReadNeverBlocks, &HandleGetMarket},
    {Listener::kPublic, Verb::get, "/v1/markets/{code}/catalog", kReadNeverBlocks,
     &HandleGetCatalog},
    {Listener::kPublic, Verb::get, "/v1/markets/{code}/gifts", kReadNeverBlocks, &HandleGetGifts},
    // A key with either scope passes the pipeline (authentication, rate
    // limit); HandleQuote requires the one the quote's kind needs.
    {Listener::kPublic, Verb::post, "/v1/quotes", kQuote, &HandleQuote},
    {Listener::kPublic, Verb::post, "/v1/purchases", kWritePurchases, &HandleCreatePurchase},
    {Listener::kPublic, Verb::get, "/v1/purchases/{id}", kReadPurchases, &HandleGetPurchase},
    {Listener::kPublic, Verb::post, "/v1/orders", kWritePurchases, &HandleCreateOrder},
    {Listener::kPublic, Verb::get, "/v1/orders/{id}", kReadPurchases, &HandleGetOrder},
    {Listener::kPublic, Verb::post, "/v1/orders/{id}/delivery", kWritePurchases,
     &HandleOrderDelivery},
    {Listener::kPublic, Verb::post, "/v1/purchases/{id}/confirm", kWritePurchases,
     &HandleConfirmPurchase},
    {Listener::kPublic, Verb::post, "/v1/ad_bookings", kWriteAds, &HandleCreateAdBooking},
    {Listener::kPublic, Verb::get, "/v1/ad_bookings/{id}", kReadAds, &HandleGetAdBooking},
    {Listener::kPublic, Verb::post, "/v1/refunds", kWritePurchases, &HandleCreateRefund},
    {Listener::kPublic, Verb::get, "/v1/refunds/{id}", kReadPurchases, &HandleGetRefund},
    {Listener::kPublic, Verb::get, "/v1/wallets/{customer}", kReadPurchases, &HandleGetWallet},
    {Listener::kPublic, Verb::post, "/v1/gifts", kWritePurchases, &HandleSendGift},
    {Listener::kPublic, Verb::get, "/v1/gifts/{id}", kReadPurchases, &HandleGetGift},
    {Listener::kPublic, Verb::put, "/v1/creators/{id}", kWritePayouts, &HandlePutCreator},
    {Listener::kPublic, Verb::get, "/v1/creators/{id}", kReadPayouts, &HandleGetCreator},
    {Listener::kPublic, Verb::get, "/v1/creators/{id}/earnings", kReadPayouts, &HandleGetEarnings},
    {Listener::kPublic, Verb::post, "/v1/payouts", kWritePayouts, &HandleCreatePayout},
    {Listener::kPublic, Verb::get, "/v1/payouts/{id}", kReadPayouts, &HandleGetPayout},
    {Listener::kPublic, Verb::post, "/v1/seller_payouts", kWritePayouts, &HandleCreateSellerPayout},
    // The provider's signature authenticates a webhook; the raw body is verified.
    {Listener::kPublic, Verb::post, "/v1/webhooks/{provider}", kOpen, &HandleWebhook},
    // Over mutual TLS the client certificate authenticates (webhook_route.h);
    // API Pix PSPs POST to the registered URL + "/pix".
    {Listener::kWebhook, Verb::post, "/v1/webhooks/{provider}", kOpen, &HandleWebhook},
    {Listener::kWebhook, Verb::post, "/v1/webhooks/{provider}/pix", kOpen, &HandleWebhook},

    {Listener::kAdmin, Verb::get, "/metrics", kOpen, &HandleMetrics},
    {Listener::kAdmin, Verb::post, "/admin/reload", kAdmin, &HandleReload},
    {Listener::kAdmin, Verb::get, "/admin/config", kAdmin, &HandleShowConfig},
    {Listener::kAdmin, Verb::get, "/admin/needs_attention", kAdmin, &HandleNeedsAttention},
    {Listener::kAdmin, Verb::put, "/admin/fx-rates", kAdminWrite, &HandlePutFxRates},
    {Listener::kAdmin, Verb::get, "/admin/fx-rates", kAdmin, &HandleGetFxRates},
};

Status CheckDeps(const ApiDeps& deps) {
  if (!deps.snapshots || deps.store == nullptr || !deps.providers || deps.router == nullptr ||
      deps.keys == nullptr || deps.metrics == nullptr || deps.clock == nullptr ||
      deps.reloader == nullptr) {
    return InvalidArgument("RegisterRoutes: a required dependency is missing");
  }
  return Status::Ok();
}

}  // namespace

Status RegisterRoutes(http::Router& public_router, http::Router& admin_router, const ApiDeps& deps,
                      std::shared_ptr<const void> owner, http::Router* webhook_router) {
  MG_RETURN_IF_ERROR(CheckDeps(deps));
  auto context = std::make_shared<const RouteContext>(deps, std::move(owner));
  const bool one_router = &public_router == &admin_router;
  for (const RouteEntry& route : kRoutes) {
    auto handler = [context, handle = route.handler](const http::Request& request) {
      return handle(*context, request);
    };
    if (route.listener == Listener::kWebhook) {
      if (webhook_router == nullptr) continue;
      MG_RETURN_IF_ERROR(webhook_router->Add(route.method, route.path, route.options, handler));
      continue;
    }
    if (route.listener != Listener::kAdmin) {
      MG_RETURN_IF_ERROR(public_router.Add(route.method, route.path, route.options, handler));
    }
    if (route.listener == Listener::kAdmin || (route.listener == Listener::kBoth && !one_router)) {
      http::RouteOptions options = route.options;
      // On one listener for both (`admin_listen: public`), what the admin
      // listener serves without a key (the metrics) needs the admin key:
      // the public network must not read it.
      if (one_router && route.listener == Listener::kAdmin && !options.scope) {
        options.scope = Scope::kAdmin;
      }
      MG_RETURN_IF_ERROR(admin_router.Add(route.method, route.path, options, handler));
    }
  }
  return Status::Ok();
}

}  // namespace mg::api
