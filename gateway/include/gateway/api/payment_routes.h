// The money routes of the public API (quotes, purchases, ad bookings and
// refunds), registered on a Router by one call at start-up:
//
//   MG_RETURN_IF_ERROR(api::RegisterPaymentRoutes(router, deps));
//
//   POST /v1/quotes              scope purchases (ads for kind ad_booking)
//   POST /v1/purchases           scope purchases, Idempotency-Key required
//   GET  /v1/purchases/{id}      scope purchases
//   POST /v1/ad_bookings         scope ads, Idempotency-Key required
//   GET  /v1/ad_bookings/{id}    scope ads
//   POST /v1/refunds             scope purchases, Idempotency-Key required
//   GET  /v1/refunds/{id}        scope purchases
//   POST /v1/webhooks/{provider} no API key: the provider's signature
//                                authenticates (webhook_route.h)
//
// Every handler reads the market snapshot once (MarketRegistry::Current())
// and keeps it for the whole request. Errors are Statuses mapped by the one
// error table (gateway/http/error_mapping.h); where the API promises a more
// specific error code ("idempotency_key_missing", "market_suspended",
// "payment_declined", ...) only the code string is refined, never the status.
//
// POST routes with an Idempotency-Key answer a retry with the first
// response, byte for byte, plus the header "Idempotent-Replayed: true"; a
// retry that arrives while the first request still runs waits for it (up to
// PaymentRoutesConfig::idempotency_wait). Bad input writes nothing and frees
// the key, so that a corrected request may reuse it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "currency/status.h"
#include "compliance/spend_history.h"
#include "gateway/api/clock.h"
#include "gateway/http/auth.h"
#include "gateway/http/metrics.h"
#include "gateway/http/router.h"
#include "gateway/providers/payment_router.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/secret.h"
#include "gateway/store/store.h"
#include "regions/snapshot.h"

namespace mg::api {

// How POST /v1/webhooks/{provider} authenticates one provider instance.
struct WebhookEndpoint {
  // The adapter kind, which decides the signature scheme: "stripe"
  // (Stripe-Signature), "adyen" (HMAC per notification item), "pix"
  // (X-Sandbox-Signature in Stripe's scheme, as the sandbox signs).
  std::string kind;
  // Stripe and Pix: the signing secret; Adyen: the HMAC key in hex.
  // REQUIRED: an endpoint without a secret answers every call 401.
  Secret secret;
};

struct PaymentRoutesConfig {
  // How long a request waits for another request that holds its
  // Idempotency-Key before it is answered 409 idempotency_key_in_progress.
  // Default: 10 s.
  std::chrono::milliseconds idempotency_wait{10'000};
  // How often a waiting request looks again. Default: 20 ms.
  std::chrono::milliseconds idempotency_poll{20};
  // The provider instance (ProviderSet id) that takes a payment method when
  // none of the providers the market routes it to is configured. Default:
  // "sandbox", the in-process adapter. Empty: no fallback; such a method is
  // answered 422 payment_method_unavailable.
  std::string fallback_provider = "sandbox";
  // Where a redirect or 3-D Secure challenge returns the shopper when the
  // request names no payment.return_url. Default: none.
  std::string default_return_url;
  // Days until an ad booking's invoice is due when its market declares no
  // ads.invoice_terms_days. Default: 30.
  int default_invoice_terms_days = 30;
  // Webhook endpoints by provider instance id (the {provider} path segment).
  // A provider without an entry has no endpoint: 404. Default: none.
  std::map<std::string, WebhookEndpoint> webhooks;
  // How old a signed webhook may be (its signature's timestamp) before it
  // is refused as a replay. Default: 300 s, as Stripe's libraries use.
  std::chrono::seconds webhook_tolerance{300};
};

// Everything the routes use. Pointers are not owned and must outlive the
// router; every object must be thread-safe (they are, by their contracts).
struct PaymentRoutesDeps {
  const regions::MarketRegistry* markets = nullptr;         // REQUIRED
  store::Store* store = nullptr;                            // REQUIRED
  std::shared_ptr<const providers::ProviderSet> providers;  // REQUIRED
  const providers::PaymentRouter* router = nullptr;         // REQUIRED; routes over `providers`
  // REQUIRED: POST /v1/quotes authenticates itself, because the scope it
  // needs depends on the body (purchases, or ads for an ad booking).
  const http::ApiKeyAuthenticator* keys = nullptr;
  // REQUIRED: purchases_total{market,state}, ad_bookings_total{market,state}
  // and refunds_total{state} are registered in it.
  http::MetricsRegistry* metrics = nullptr;
  const Clock* clock = nullptr;  // REQUIRED; SystemClock in production
  // Where quotes read the customer's spend for limits and the SCA exemption.
  // Default (null): the store's spend records. Tests inject stale figures.
  const compliance::SpendHistory* spend_history = nullptr;
  PaymentRoutesConfig config;
};

// Adds the routes above. Errors: kInvalidArgument when a REQUIRED
// dependency is missing or the router refuses a route (a template already
// registered).
Status RegisterPaymentRoutes(http::Router& router, const PaymentRoutesDeps& deps);

}  // namespace mg::api
