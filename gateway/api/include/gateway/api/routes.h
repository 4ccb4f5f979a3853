// The gateway's HTTP API: every route of both listeners, registered from one
// list (routes.cc) by one call at start-up, with everything the routes use:
//
//   MG_RETURN_IF_ERROR(api::RegisterRoutes(public_router, admin_router, deps));
//
// Public listener:
//   GET  /healthz, /readyz       open: health for load balancers (both listeners)
//   GET  /v1/markets             scope read: every market (market_routes.h)
//   GET  /v1/markets/{code}      scope read: its public facts, localized
//   GET  /v1/markets/{code}/catalog  scope read: coin packs and products, localized
//   POST /v1/quotes              scope purchases (ads for kind ad_booking)
//   POST /v1/purchases           scope purchases, Idempotency-Key required
//   GET  /v1/purchases/{id}      scope purchases
//   POST /v1/ad_bookings         scope ads, Idempotency-Key required
//   GET  /v1/ad_bookings/{id}    scope ads
//   POST /v1/refunds             scope purchases, Idempotency-Key required
//   GET  /v1/refunds/{id}        scope purchases
//   POST /v1/webhooks/{provider} no API key: the provider's signature
//                                authenticates (webhook_route.h)
// Webhook listener (mutual TLS; `webhook_router`, when given):
//   POST /v1/webhooks/{provider}      the same route; the client certificate
//   POST /v1/webhooks/{provider}/pix  authenticates (API Pix appends /pix to
//                                     the registered webhook URL)
// Admin listener (the public one when `admin_listen: public`):
//   GET  /metrics                open: Prometheus text format
//   POST /admin/reload           scope admin (admin_routes.h)
//   GET  /admin/config           scope admin
//   GET  /admin/needs_attention  scope admin: provider calls escalated for a
//                                person (reconciliation.h)
//
// Every handler reads the market snapshot once and keeps it for the whole
// request. Errors are Statuses mapped by the one error table
// (gateway/http/error_mapping.h); where the API promises a more specific
// error code ("idempotency_key_missing", "market_suspended",
// "payment_declined", ...) only the code string is refined, never the status.
//
// POST routes with an Idempotency-Key answer a retry with the first
// response, byte for byte, plus the header "Idempotent-Replayed: true"; a
// retry that arrives while the first request still runs is answered 409
// idempotency_key_in_progress with Retry-After at once. Bad input writes nothing and frees the
// key, so that a corrected request may reuse it.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/secret.h"
#include "base/status.h"
#include "compliance/spend_history.h"
#include "gateway/api/clock.h"
#include "gateway/api/market_reload.h"
#include "gateway/http/auth.h"
#include "gateway/http/metrics.h"
#include "gateway/http/router.h"
#include "gateway/providers/payment_router.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/store/store.h"
#include "regions/snapshot.h"
#include "regions/vat_id.h"

namespace mg::api {

// The serving snapshot, or null before the first load (MarketRegistry::Current).
using SnapshotSource = std::function<std::shared_ptr<const regions::MarketSnapshot>()>;

// What GET /readyz checks.
struct ReadinessChecks {
  // True once a market snapshot is serving.
  std::function<bool()> markets_loaded;
  // The store's health check (a cheap query). Null while no store is wired
  // in: reported as "not_configured" and not held against readiness.
  std::function<bool()> store_probe;
};

// How POST /v1/webhooks/{provider} authenticates one provider instance.
struct WebhookEndpoint {
  // The instance's kind, which says where the signature travels, how it is
  // checked and which events decide a payment. REQUIRED.
  std::shared_ptr<const providers::ProviderKind> kind;
  // The kind's webhook secret (ProviderKind::webhook_secret) from the
  // instance's config. REQUIRED: an endpoint without one answers every call 401.
  Secret secret;
  // The kind's second secret (ProviderKind::second_webhook_secret), when
  // the instance's config has one: a call signed with either is accepted.
  Secret second_secret;
  // How calls are authenticated. kClientCertificate (API Pix PSPs): only on
  // a connection whose client certificate the webhook listener verified
  // (http::Request::client_certificate), with any `client_names` pinned;
  // the secrets are unused and no signature is checked. Default: signature.
  providers::WebhookAuthPolicy auth{};
};

struct RoutesConfig {
  // Where a redirect or 3-D Secure challenge returns the shopper when the
  // request names no payment.return_url. Default: none.
  std::string default_return_url;
  // Days until an ad booking's invoice is due when its market declares no
  // ads.invoice_terms_days. Default: 30.
  int default_invoice_terms_days = 30;
  // Webhook endpoints by provider instance id (the {provider} path segment).
  // A provider without an entry has no endpoint: 404. Default: none.
  std::map<std::string, WebhookEndpoint> webhooks{};
  // How old a signed webhook may be (its signature's timestamp) before it
  // is refused as a replay. Default: 300 s, as Stripe's libraries use.
  std::chrono::seconds webhook_tolerance{300};
  // How long a purchase waits for the shopper's action (a 3-D Secure
  // challenge, a redirect) from its creation: its next_action shows the
  // deadline, and reconciliation abandons it after: the payment is voided
  // and the purchase fails. Default: 15 min.
  std::chrono::milliseconds action_expiry{900'000};
  // How long a purchase holds the Idempotency-Key it claims with its first
  // write before a retry may take the key over: the store's lease
  // (store::StoreConfig::idempotency_lease), which BeginIdempotent applies
  // to the keys it takes. Default: 60 s.
  std::chrono::milliseconds idempotency_lease{60'000};
};

// Everything the routes use, built once by the composition root
// (gateway/app/application.h). Pointers are not owned and must outlive the
// routers; every object must be thread-safe (they are, by their contracts).
struct ApiDeps {
  SnapshotSource snapshots;                                 // REQUIRED
  store::Store* store = nullptr;                            // REQUIRED
  std::shared_ptr<const providers::ProviderSet> providers;  // REQUIRED
  const providers::PaymentRouter* router = nullptr;         // REQUIRED; routes over `providers`
  // REQUIRED: POST /v1/quotes authenticates itself, because the scope it
  // needs depends on the body (purchases, or ads for an ad booking).
  const http::ApiKeyAuthenticator* keys = nullptr;
  // REQUIRED: served by GET /metrics; purchases_total{market,state},
  // ad_bookings_total{market,state} and refunds_total{state} are registered in it.
  http::MetricsRegistry* metrics = nullptr;
  const Clock* clock = nullptr;  // REQUIRED; SystemClock in production
  // REQUIRED: POST /admin/reload and GET /admin/config.
  MarketReloader* reloader = nullptr;
  ReadinessChecks readiness;
  // What GET /admin/config shows of the config (never a secret).
  boost::json::object config_summary;
  // Where quotes read the customer's spend for limits and the SCA exemption.
  // Default (null): the store's spend records. Tests inject stale figures.
  const compliance::SpendHistory* spend_history = nullptr;
  // Decides whether a business customer's VAT ID earns the reverse charge in
  // quotes (gateway/vat_check: VIES and HMRC). Null: offline checks.
  std::shared_ptr<const regions::VatIdChecker> vat_id_checker;
  RoutesConfig config;
};

// Adds every route above: the public ones to `public_router`, the admin ones
// to `admin_router` (which may be the same router), the health routes to
// both, the webhook listener's to `webhook_router` when not null. The
// handlers keep `owner` (may be null) alive: what the pointers in `deps`
// point into. Errors: kInvalidArgument when a REQUIRED dependency is missing
// or a router refuses a route (a template already registered).
Status RegisterRoutes(http::Router& public_router, http::Router& admin_router, const ApiDeps& deps,
                      std::shared_ptr<const void> owner = nullptr,
                      http::Router* webhook_router = nullptr);

}  // namespace mg::api
