#include "gateway/app/application.h"

#include <string>
#include <utility>

#include "base/log.h"
#include "config_vat_check.h"
#include "freed_memory.h"
#include "gateway/api/reconciliation.h"
#include "gateway/api/retention_purge.h"
#include "gateway/app/provider_check.h"
#include "gateway/console/console.h"
#include "gateway/store/open_store.h"

namespace mg::app {

store::StoreConfig StoreConfigOf(const StoreConfig& config) {
  store::StoreConfig out;
  if (config.driver == StoreDriver::kPostgres) {
    out.backend = store::StoreConfig::Backend::kPostgres;
    out.postgres.dsn = config.dsn.reveal();
    out.postgres.pool_size = config.pool_size;
  } else {
    out.backend = store::StoreConfig::Backend::kSqlite;
    out.sqlite.path = config.path;
  }
  out.idempotency_lease = config.idempotency_lease;
  out.idempotency_retention = config.retention.idempotency_keys;
  out.webhook_event_retention = config.retention.webhook_events;
  out.delivered_event_retention = config.retention.delivered_events;
  return out;
}

namespace {

Status AsStatus(const std::vector<LoadError>& errors) {
  std::string message;
  for (const LoadError& error : errors) message += (message.empty() ? "" : "\n") + error.ToString();
  return InvalidArgument(message);
}

// POST /v1/webhooks/{id} for every configured instance of a kind that sends
// webhooks, with the secret its kind names, or the mutual TLS its config
// chooses (checked by CheckProviderInstances before).
void AddWebhookEndpoints(const GatewayConfig& config, const providers::ProviderRegistry& registry,
                         std::map<std::string, api::WebhookEndpoint>& endpoints) {
  for (const providers::ProviderConfig& instance : ProviderConfigsOf(config, registry)) {
    std::shared_ptr<const providers::ProviderKind> kind = registry.Find(instance.kind);
    if (kind == nullptr || kind->verify_webhook == nullptr) continue;
    auto secret = instance.secrets.find(kind->webhook_secret);
    auto second = kind->second_webhook_secret.empty()
                      ? instance.secrets.end()
                      : instance.secrets.find(kind->second_webhook_secret);
    api::WebhookEndpoint endpoint{kind,
                                  secret == instance.secrets.end() ? Secret() : secret->second,
                                  second == instance.secrets.end() ? Secret() : second->second};
    if (kind->webhook_auth != nullptr) {
      Result<providers::WebhookAuthPolicy> policy = kind->webhook_auth(instance);
      if (policy.ok()) endpoint.auth = *std::move(policy);
    }
    endpoints[instance.id] = std::move(endpoint);
  }
}

void LogReconciliation(const Result<api::ReconcileReport>& report) {
  if (!report.ok()) {
    Log(LogLevel::kWarning, "reconciliation failed: " + report.status().ToString());
  } else if (report->examined > 0) {
    Log(LogLevel::kInfo, "reconciled " + std::to_string(report->examined) +
                             " open provider calls: " + std::to_string(report->settled) +
                             " settled, " + std::to_string(report->not_charged) + " not charged, " +
                             std::to_string(report->waiting) + " waiting, " +
                             std::to_string(report->unresolved) + " unresolved, " +
                             std::to_string(report->duplicates) + " duplicate charges reversed, " +
                             std::to_string(report->escalated) + " escalated");
  }
}

api::ReconcileOptions ReconcileOptionsOf(const GatewayConfig& config) {
  api::ReconcileOptions options;
  options.interval = config.reconciliation.interval;
  options.min_age = config.reconciliation.min_age;
  options.initial_backoff = config.reconciliation.initial_backoff;
  options.max_backoff = config.reconciliation.max_backoff;
  options.escalate_after = config.reconciliation.escalate_after;
  options.abandon_after = config.reconciliation.abandon_after;
  return options;
}

}  // namespace

Application::Application(const GatewayConfig& config, AppOptions options)
    : config_(config),
      options_(std::move(options)),
      http_metrics_(metrics_),
      keys_(config.api_keys),
      rate_limiter_(config.rate_limits, config.api_keys),
      address_limiter_(config.rate_limits.per_address) {
  freed_memory_ = std::make_shared<FreedMemoryReturner>();
  markets_ = std::make_unique<regions::MarketRegistry>(
      config_.regions_dir,
      [this](const regions::MarketSnapshot& snapshot) { return CheckSnapshot(snapshot); },
      // Weak: a snapshot a test or tool still holds may outlive the application.
      [returner = std::weak_ptr<FreedMemoryReturner>(freed_memory_)] {
        if (std::shared_ptr<FreedMemoryReturner> alive = returner.lock()) alive->Request();
      });
  reloader_ = std::make_unique<api::MarketReloader>(*markets_, metrics_);
}

Application::~Application() {
  // Background work first: it reads the store and the routes' dependencies.
  reconciliation_.reset();
  reconciler_.reset();
  metrics_sampling_.reset();
  dispatcher_.reset();
  retention_purge_.reset();
}

Result<std::unique_ptr<Application>> Application::Build(const GatewayConfig& config,
                                                        AppOptions options) {
  std::unique_ptr<Application> app(new Application(config, std::move(options)));
  MG_RETURN_IF_ERROR(app->Open());
  return app;
}

Status Application::Open() {
  std::vector<LoadError> instance_errors = CheckProviderInstances(config_, options_.registry);
  if (!instance_errors.empty()) return AsStatus(instance_errors);
  MG_ASSIGN_OR_RETURN(store_, store::OpenStore(StoreConfigOf(config_.store)));

  const api::Clock* clock = options_.clock != nullptr ? options_.clock : &system_clock_;
  std::vector<providers::ProviderConfig> instances = ProviderConfigsOf(config_, options_.registry);
  for (providers::ProviderConfig& instance : instances) {
    instance.clock = [clock] { return clock->Now(); };
  }
  MG_ASSIGN_OR_RETURN(providers_, options_.registry.Build(instances));
  router_ = std::make_unique<providers::PaymentRouter>(providers_, providers::RouterOptions{});

  deps_.snapshots =
      options_.snapshots
          ? options_.snapshots
          : api::SnapshotSource([markets = markets_.get()] { return markets->Current(); });
  deps_.store = store_.get();
  deps_.providers = providers_;
  deps_.router = router_.get();
  deps_.keys = &keys_;
  deps_.metrics = &metrics_;
  deps_.clock = clock;
  deps_.reloader = reloader_.get();
  deps_.readiness.markets_loaded = [markets = markets_.get()] {
    return markets->Current() != nullptr;
  };
  deps_.readiness.store_probe = [store = store_.get()] { return store->Ping().ok(); };
  deps_.config_summary = ConfigSummaryJson(config_);
  deps_.spend_history = options_.spend_history;
  MG_ASSIGN_OR_RETURN(deps_.vat_id_checker, BuildVatIdChecker(config_.vat_check));
  deps_.config = options_.routes;
  AddWebhookEndpoints(config_, options_.registry, deps_.config.webhooks);
  deps_.config.action_expiry = config_.reconciliation.action_expiry;
  deps_.config.idempotency_lease = config_.store.idempotency_lease;
  if (!config_.default_return_url.empty()) {
    deps_.config.default_return_url = config_.default_return_url;
  }

  // `admin_listen: public` serves the admin routes on the public listener.
  http::Router& admin = config_.admin_listen ? admin_router_ : public_router_;
  MG_RETURN_IF_ERROR(
      api::RegisterRoutes(public_router_, admin, deps_, /*owner=*/nullptr, &webhook_router_));
  console::ConsoleDeps console;
  console.snapshots = deps_.snapshots;
  console.keys = &keys_;
  console.store = store_.get();
  console.registry = markets_.get();
  console.breaker_state = [router = router_.get()](const std::string& provider) {
    return std::string(providers::BreakerStateName(router->BreakerState(provider)));
  };
  console.reload = [reloader = reloader_.get()](const std::string& trigger) {
    reloader->Reload(trigger);
  };
  console.now = [clock] { return clock->Now(); };
  metrics_history_ = std::make_unique<http::MetricsHistory>(metrics_, console::FigureFamilies());
  console.history = metrics_history_.get();
  // The console is served where the admin routes are.
  console.secure_cookies =
      config_.admin_listen ? config_.admin_tls.has_value() : config_.tls.has_value();
  MG_RETURN_IF_ERROR(console::RegisterConsole(admin, console));
  public_pipeline_ = std::make_unique<http::RequestPipeline>(
      public_router_, keys_, http_metrics_,
      http::PipelineLimiters{&rate_limiter_, &address_limiter_});
  admin_pipeline_ = std::make_unique<http::RequestPipeline>(admin_router_, keys_, http_metrics_);
  // Not rate limited: only a client whose certificate verified gets a request in.
  webhook_pipeline_ =
      std::make_unique<http::RequestPipeline>(webhook_router_, keys_, http_metrics_);
  return Status::Ok();
}

std::vector<LoadError> Application::CheckSnapshot(const regions::MarketSnapshot& snapshot) const {
  std::vector<LoadError> errors = CheckRoutedProviders(snapshot, config_, options_.registry);
  PaymentCoverage coverage = CheckPaymentCoverage(snapshot, config_, options_.registry);
  for (const std::string& warning : coverage.warnings) Log(LogLevel::kWarning, warning);
  errors.insert(errors.end(), coverage.errors.begin(), coverage.errors.end());
  return errors;
}

std::vector<LoadError> Application::LoadMarkets() { return reloader_->Reload("start-up").errors; }

Status Application::StartBackgroundTasks() {
  retention_purge_ =
      api::StartRetentionPurge(*store_, *deps_.clock, config_.store.retention.purge_interval);
  if (!config_.events.subscribers.empty()) {
    events::DispatcherOptions options;
    for (const EventSubscriberConfig& subscriber : config_.events.subscribers) {
      options.subscribers.push_back({subscriber.url, subscriber.secret});
    }
    options.poll_interval = config_.events.poll_interval;
    options.initial_backoff = config_.events.initial_backoff;
    options.max_backoff = config_.events.max_backoff;
    outbound::HttpClientOptions http;
    http.read_timeout = config_.events.delivery_timeout;
    MG_ASSIGN_OR_RETURN(std::shared_ptr<outbound::HttpClient> client,
                        outbound::HttpClient::Create(http));
    dispatcher_ = std::make_unique<events::EventDispatcher>(*store_, std::move(client), options);
    dispatcher_->Start();
  }
  // The console's charts: what the money metrics added, minute by minute.
  metrics_sampling_ = std::make_unique<PeriodicTask>(
      "metrics history", std::chrono::milliseconds(0), std::chrono::minutes(1),
      [this] { metrics_history_->Sample(deps_.clock->Now()); });
  // Brings every open provider call to a final state: at start, then every
  // interval.
  reconciler_ = std::make_unique<api::Reconciler>(deps_, ReconcileOptionsOf(config_));
  reconciliation_ = std::make_unique<PeriodicTask>(
      "reconciliation", std::chrono::milliseconds(0), config_.reconciliation.interval,
      [this] { LogReconciliation(reconciler_->RunOnce()); });
  return Status::Ok();
}

}  // namespace mg::app
