// Application: the composition root. Builds, once and in one place, what a
// gateway runs on from its config: the store, the market registry and its
// reloader, the provider adapters and their router, the API keys and rate
// limits, every route on its listener's pipeline, and the background work
// (idempotency purge, event delivery, reconciliation). `marketgate serve`,
// bench/route_bench and the tests all build the gateway through it.
//
//   MG_ASSIGN_OR_RETURN(std::unique_ptr<Application> app, Application::Build(config));
//   std::vector<LoadError> errors = app->LoadMarkets();      // fatal at start-up
//   server.AddListener({"public", ..., &app->public_pipeline(), tls});
//   MG_RETURN_IF_ERROR(app->StartBackgroundTasks());
//
// Destruction stops the background tasks first, then drops the routes, then
// closes the store. Not copyable; the pipelines are thread-safe once built.
#pragma once

#include <memory>
#include <vector>

#include "base/load_error.h"
#include "base/periodic_task.h"
#include "base/status.h"
#include "compliance/spend_history.h"
#include "gateway/api/clock.h"
#include "gateway/api/market_reload.h"
#include "gateway/api/reconciliation.h"
#include "gateway/api/routes.h"
#include "gateway/app/config.h"
#include "gateway/events/event_dispatcher.h"
#include "gateway/http/metrics_history.h"
#include "gateway/http/pipeline.h"
#include "gateway/http/rate_limiter.h"
#include "gateway/http/router.h"
#include "gateway/providers/payment_router.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/store/open_store.h"
#include "gateway/store/store.h"
#include "regions/snapshot.h"

namespace mg::app {

class FreedMemoryReturner;  // freed_memory.h

// The store settings of a config, as store::OpenStore takes them (the
// application and `marketgate audit` open the same database).
store::StoreConfig StoreConfigOf(const StoreConfig& config);

// What a config file does not say: the seams tests and tools use.
struct AppOptions {
  // The provider kinds instances may be built from. Default: the built-in
  // kinds; a test adds its own with one registry.Add(...) line.
  providers::ProviderRegistry registry = providers::ProviderRegistry::WithBuiltins();
  // Time for the routes and the adapters' dates. Default (null): the system
  // clock. Must outlive the application.
  const api::Clock* clock = nullptr;
  // Where quotes read a customer's spend. Default (null): the store. Must
  // outlive the application.
  const compliance::SpendHistory* spend_history = nullptr;
  // Where the routes read the serving snapshot. Default (empty): the
  // application's market registry.
  api::SnapshotSource snapshots;
  // The money routes' settings. The webhook endpoints of the configured
  // providers are added to `routes.webhooks`.
  api::RoutesConfig routes;
};

class Application {
 public:
  // Opens the store (applying migrations), checks every configured provider
  // instance against its kind, builds the adapters and registers every
  // route. Loads no market file and starts no thread. Errors: a provider
  // config naming file:line:col (kInvalidArgument), the store's
  // (kUnavailable, kFailedPrecondition).
  static Result<std::unique_ptr<Application>> Build(const GatewayConfig& config,
                                                    AppOptions options = {});
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Loads the market files (later loads go through reloader()). Empty on
  // success; otherwise every error, including providers the markets may
  // route to that neither a kind nor the config provides, and live markets
  // that no configured provider lets customers pay in.
  std::vector<LoadError> LoadMarkets();

  // Starts the background work: the idempotency-key purge, the event
  // delivery to `events.subscribers` (when any), and reconciliation.
  Status StartBackgroundTasks();

  // The public listener's routes (with the rate limiter), and the admin
  // listener's. With `admin_listen: public` the public pipeline serves
  // both and admin_pipeline() has no routes.
  const http::RequestPipeline& public_pipeline() const { return *public_pipeline_; }
  const http::RequestPipeline& admin_pipeline() const { return *admin_pipeline_; }
  // The webhook listener's routes (POST /v1/webhooks/{provider} and
  // .../{provider}/pix), for a listener with mutual TLS (`webhook_listen`).
  // Built whether or not the config has one.
  const http::RequestPipeline& webhook_pipeline() const { return *webhook_pipeline_; }

  // Their routers: every route either listener serves.
  const http::Router& public_router() const { return public_router_; }
  const http::Router& admin_router() const { return admin_router_; }

  const GatewayConfig& config() const { return config_; }
  api::MarketReloader& reloader() { return *reloader_; }
  const regions::MarketRegistry& markets() const { return *markets_; }
  store::Store& store() const { return *store_; }
  const providers::ProviderSet& providers() const { return *providers_; }
  http::MetricsRegistry& metrics() { return metrics_; }
  // What the routes run on.
  const api::ApiDeps& deps() const { return deps_; }

 private:
  Application(const GatewayConfig& config, AppOptions options);
  Status Open();
  // The gateway's checks of a new snapshot (the market registry runs them on
  // every load): the providers it routes to exist, and every live market can
  // take payments. Logs a warning per method no configured provider takes.
  std::vector<LoadError> CheckSnapshot(const regions::MarketSnapshot& snapshot) const;

  GatewayConfig config_;
  AppOptions options_;
  api::SystemClock system_clock_;
  http::MetricsRegistry metrics_;
  http::HttpMetrics http_metrics_;
  // Before markets_: the registry asks it to trim when a snapshot is freed,
  // the registry's own last one included.
  std::shared_ptr<FreedMemoryReturner> freed_memory_;
  std::unique_ptr<regions::MarketRegistry> markets_;
  std::unique_ptr<api::MarketReloader> reloader_;
  http::ApiKeyAuthenticator keys_;
  // The public listener's; admin routes are not limited.
  http::RateLimiter rate_limiter_;
  http::AddressRateLimiter address_limiter_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<const providers::ProviderSet> providers_;
  std::unique_ptr<providers::PaymentRouter> router_;
  api::ApiDeps deps_;
  http::Router public_router_;
  http::Router admin_router_;
  http::Router webhook_router_;
  std::unique_ptr<http::RequestPipeline> public_pipeline_;
  std::unique_ptr<http::RequestPipeline> admin_pipeline_;
  std::unique_ptr<http::RequestPipeline> webhook_pipeline_;
  // Last: stopped before anything they use goes.
  std::unique_ptr<PeriodicTask> retention_purge_;
  std::unique_ptr<events::EventDispatcher> dispatcher_;
  std::unique_ptr<api::Reconciler> reconciler_;
  std::unique_ptr<PeriodicTask> reconciliation_;
  std::unique_ptr<http::MetricsHistory> metrics_history_;
  std::unique_ptr<PeriodicTask> metrics_sampling_;
};

}  // namespace mg::app
