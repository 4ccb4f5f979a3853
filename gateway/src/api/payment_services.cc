#include "gateway/api/payment_services.h"

#include <memory>

#include "gateway/api/payment_routes.h"
#include "gateway/log.h"
#include "gateway/providers/payment_router.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/store/store.h"
#include "payment_context.h"

namespace mg::api {
namespace {

store::StoreConfig StoreConfigFrom(const gateway::StoreConfig& config) {
  store::StoreConfig out;
  if (config.driver == gateway::StoreDriver::kPostgres) {
    out.backend = store::StoreConfig::Backend::kPostgres;
    out.postgres.dsn = config.dsn.reveal();
  } else {
    out.backend = store::StoreConfig::Backend::kSqlite;
    out.sqlite.path = config.path;
  }
  out.idempotency_lease = config.idempotency_lease;
  return out;
}

std::vector<providers::ProviderConfig> ProviderConfigs(const gateway::GatewayConfig& config,
                                                       const std::string& fallback) {
  std::vector<providers::ProviderConfig> out;
  for (const auto& [name, settings] : config.providers) {
    providers::ProviderConfig provider;
    provider.id = name;
    provider.kind = settings.kind.empty() ? name : settings.kind;
    provider.base_url = settings.base_url;
    provider.api_key = settings.secret;
    provider.settings = settings.settings;
    provider.secrets = settings.secrets;
    out.push_back(std::move(provider));
  }
  for (const std::string& builtin : {fallback, std::string("invoice")}) {
    if (builtin.empty() || config.providers.count(builtin) > 0) continue;
    providers::ProviderConfig provider;
    provider.id = provider.kind = builtin;
    out.push_back(std::move(provider));
  }
  return out;
}

// The secret each kind signs its webhooks with (docs/config.md).
std::map<std::string, WebhookEndpoint> WebhookEndpoints(const gateway::GatewayConfig& config) {
  std::map<std::string, WebhookEndpoint> out;
  for (const auto& [name, settings] : config.providers) {
    const std::string kind = settings.kind.empty() ? name : settings.kind;
    if (kind != "stripe" && kind != "adyen" && kind != "pix") continue;
    auto secret = settings.secrets.find(kind == "adyen" ? "hmac_key" : "webhook_secret");
    out[name] = WebhookEndpoint{kind, secret == settings.secrets.end() ? Secret() : secret->second};
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<PaymentServices>> OpenPaymentServices(const gateway::GatewayConfig& config) {
  auto services = std::make_shared<PaymentServices>();
  MG_ASSIGN_OR_RETURN(services->store, store::OpenStore(StoreConfigFrom(config.store)));
  MG_ASSIGN_OR_RETURN(services->providers,
                      providers::ProviderRegistry::WithBuiltins().Build(
                          ProviderConfigs(config, PaymentRoutesConfig{}.fallback_provider)));
  services->router =
      std::make_unique<providers::PaymentRouter>(services->providers, providers::RouterOptions{});
  services->webhooks = WebhookEndpoints(config);
  return services;
}

namespace {

PaymentRoutesDeps DepsOf(PaymentServices& services, const regions::MarketRegistry& markets,
                         const http::ApiKeyAuthenticator& keys, http::MetricsRegistry& metrics) {
  PaymentRoutesDeps deps;
  deps.markets = &markets;
  deps.store = services.store.get();
  deps.providers = services.providers;
  deps.router = services.router.get();
  deps.keys = &keys;
  deps.metrics = &metrics;
  deps.clock = &services.clock;
  deps.config.webhooks = services.webhooks;
  return deps;
}

}  // namespace

Status AddPaymentRoutes(http::Router& router, std::shared_ptr<PaymentServices> services,
                        const regions::MarketRegistry& markets,
                        const http::ApiKeyAuthenticator& keys, http::MetricsRegistry& metrics) {
  if (!services || !services->store || !services->router) {
    return InvalidArgument("AddPaymentRoutes: the payment services are not open");
  }
  return RegisterPaymentRoutes(router, DepsOf(*services, markets, keys, metrics), services);
}

std::unique_ptr<PeriodicTask> StartReconciliation(std::shared_ptr<PaymentServices> services,
                                                  const regions::MarketRegistry& markets,
                                                  const http::ApiKeyAuthenticator& keys,
                                                  http::MetricsRegistry& metrics,
                                                  const ReconcileOptions& options) {
  PaymentRoutesDeps deps = DepsOf(*services, markets, keys, metrics);
  return std::make_unique<PeriodicTask>(
      "reconciliation", std::chrono::milliseconds(0), options.interval,
      [services = std::move(services), deps, options] {
        Result<ReconcileReport> report = ReconcileInDoubtAttempts(deps, options);
        if (!report.ok()) {
          gateway::Log(gateway::LogLevel::kWarning,
                       "reconciliation failed: " + report.status().ToString());
        } else if (report->examined > 0) {
          gateway::Log(gateway::LogLevel::kInfo,
                       "reconciled " + std::to_string(report->examined) +
                           " attempts in doubt: " + std::to_string(report->succeeded) +
                           " succeeded, " + std::to_string(report->failed) + " failed, " +
                           std::to_string(report->waiting) + " waiting, " +
                           std::to_string(report->not_charged) + " not charged, " +
                           std::to_string(report->unresolved) + " unresolved");
        }
      });
}

}  // namespace mg::api
