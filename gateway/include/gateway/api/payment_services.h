// The money routes as the server starts them from its config: opens the
// store, builds the payment provider instances and their router
// (OpenPaymentServices), and registers the routes (payment_routes.h):
//
//   MG_ASSIGN_OR_RETURN(auto services, api::OpenPaymentServices(config));
//   MG_RETURN_IF_ERROR(api::AddPaymentRoutes(router, services, markets, keys, metrics));
//
// The services are shared: the registered handlers keep them alive as long
// as the router, and the server also uses the store for /readyz.
//
// Provider instances: every entry of the config's `providers`, plus, when the
// config does not name them, an in-process `sandbox` instance (the fallback
// for any method none of whose routed providers is configured: tokens decide
// the outcome, nothing is charged) and an `invoice` instance (ad bookings on
// invoice terms).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "currency/status.h"
#include "gateway/api/clock.h"
#include "gateway/api/payment_routes.h"
#include "gateway/api/periodic_task.h"
#include "gateway/api/reconciliation.h"
#include "gateway/config.h"
#include "gateway/http/auth.h"
#include "gateway/http/metrics.h"
#include "gateway/http/router.h"
#include "gateway/providers/payment_router.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/store/store.h"
#include "regions/snapshot.h"

namespace mg::api {

// What the money routes run on, built once at start-up.
struct PaymentServices {
  std::unique_ptr<store::Store> store;
  std::shared_ptr<const providers::ProviderSet> providers;
  std::unique_ptr<providers::PaymentRouter> router;
  SystemClock clock;
  // POST /v1/webhooks/{provider} for every configured provider of a kind
  // that sends webhooks (stripe, adyen, pix), with its secret
  // (secrets.webhook_secret; Adyen: secrets.hmac_key).
  std::map<std::string, WebhookEndpoint> webhooks;
};

// Opens the configured store (applying migrations) and builds the provider
// instances. Errors: the store cannot be opened (kUnavailable,
// kFailedPrecondition), a provider config its adapter rejects
// (kInvalidArgument).
Result<std::shared_ptr<PaymentServices>> OpenPaymentServices(const gateway::GatewayConfig& config);

// `markets`, `keys` and `metrics` must outlive `router`. Errors: a route
// already registered.
Status AddPaymentRoutes(http::Router& router, std::shared_ptr<PaymentServices> services,
                        const regions::MarketRegistry& markets,
                        const http::ApiKeyAuthenticator& keys, http::MetricsRegistry& metrics);

// Runs ReconcileInDoubtAttempts on a background thread: at once, then every
// options.interval, until the returned task is destroyed. `markets`, `keys`
// and `metrics` must outlive the task, as for AddPaymentRoutes.
std::unique_ptr<PeriodicTask> StartReconciliation(std::shared_ptr<PaymentServices> services,
                                                  const regions::MarketRegistry& markets,
                                                  const http::ApiKeyAuthenticator& keys,
                                                  http::MetricsRegistry& metrics,
                                                  const ReconcileOptions& options);

}  // namespace mg::api
