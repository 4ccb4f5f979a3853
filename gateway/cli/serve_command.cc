// marketgate serve: runs the HTTP API (gateway/include/gateway/http/server.h)
// from a config file (docs/config.md).
//
// Prints "listening on HOST:PORT" as the first line on stderr once the public
// port is bound (then "admin listening on HOST:PORT"), so that scripts and
// tests using port 0 learn the port. Exits 0 after a graceful shutdown
// (SIGTERM/SIGINT), 1 when the config, TLS files or market files are bad or a
// port cannot be bound, 2 on bad usage.
#include <iostream>
#include <memory>

#include "command_line.h"
#include "gateway/api/idempotency_purge.h"
#include "gateway/api/payment_services.h"
#include "gateway/config.h"
#include "gateway/events/event_dispatcher.h"
#include "gateway/http/api_routes.h"
#include "gateway/http/pipeline.h"
#include "gateway/http/server.h"
#include "gateway/http/tls.h"
#include "gateway/log.h"
#include "regions/snapshot.h"

namespace mg::cli {
namespace {

constexpr const char* kHelp =
    "Usage: marketgate serve --config FILE [--listen HOST:PORT]\n"
    "\n"
    "Serves the HTTP API: /v1/* on `listen`, /admin/* and /metrics on `admin_listen`.\n"
    "SIGTERM or SIGINT drains in-flight requests and exits 0; SIGHUP reloads the markets.\n"
    "\n"
    "  --config FILE        the gateway config (docs/config.md; sample: deploy/marketgate.yaml)\n"
    "  --listen HOST:PORT   overrides `listen`; port 0 picks a free port\n";

using gateway::GatewayConfig;

Result<std::shared_ptr<boost::asio::ssl::context>> TlsContext(
    const std::optional<gateway::TlsFiles>& files) {
  if (!files) return std::shared_ptr<boost::asio::ssl::context>();
  return http::MakeServerTlsContext(files->cert, files->key);
}

// Everything the server refers to; destroyed after it.
struct Gateway {
  explicit Gateway(const GatewayConfig& config)
      : http_metrics(metrics),
        markets(config.regions_dir),
        reloader(markets, metrics),
        keys(config.api_keys),
        rate_limiter(config.rate_limits, config.api_keys) {}

  http::MetricsRegistry metrics;
  http::HttpMetrics http_metrics;
  regions::MarketRegistry markets;
  http::MarketReloader reloader;
  http::ApiKeyAuthenticator keys;
  http::RateLimiter rate_limiter;  // the public listener's; admin routes are not limited
  std::shared_ptr<api::PaymentServices> payments;
  std::unique_ptr<api::PeriodicTask> idempotency_purge;  // stops before `payments` goes
  // Declared after `payments`: stopped before the store they read closes.
  std::unique_ptr<events::EventDispatcher> dispatcher;
  std::unique_ptr<api::PeriodicTask> reconciler;
  http::Router public_router;
  http::Router admin_router;
  std::unique_ptr<http::RequestPipeline> public_pipeline;
  std::unique_ptr<http::RequestPipeline> admin_pipeline;
};

Status BuildRoutes(const GatewayConfig& config, Gateway& gateway) {
  http::ApiContext context;
  context.snapshots = [&markets = gateway.markets] { return markets.Current(); };
  context.metrics = &gateway.metrics;
  context.reloader = &gateway.reloader;
  context.readiness.markets_loaded = [&markets = gateway.markets] {
    return markets.Current() != nullptr;
  };
  MG_ASSIGN_OR_RETURN(gateway.payments, api::OpenPaymentServices(config));
  gateway.idempotency_purge =
      api::StartIdempotencyPurge(*gateway.payments->store, gateway.payments->clock);
  context.readiness.store_probe = [store = gateway.payments->store.get()] {
    return store->Ping().ok();
  };
  context.config_summary = gateway::ConfigSummaryJson(config);
  MG_RETURN_IF_ERROR(http::AddPublicApi(gateway.public_router, context));
  MG_RETURN_IF_ERROR(api::AddPaymentRoutes(gateway.public_router, gateway.payments, gateway.markets,
                                           gateway.keys, gateway.metrics));
  if (config.admin_listen) {
    MG_RETURN_IF_ERROR(http::AddHealthRoutes(gateway.admin_router, context.readiness));
    MG_RETURN_IF_ERROR(http::AddAdminApi(gateway.admin_router, context));
  } else {
    MG_RETURN_IF_ERROR(http::AddAdminApi(gateway.public_router, context));
  }
  gateway.public_pipeline = std::make_unique<http::RequestPipeline>(
      gateway.public_router, gateway.keys, gateway.http_metrics, &gateway.rate_limiter);
  gateway.admin_pipeline = std::make_unique<http::RequestPipeline>(
      gateway.admin_router, gateway.keys, gateway.http_metrics);
  return Status::Ok();
}

// Delivers the outbox's events to `events.subscribers` in the background.
Status StartEventDispatcher(const GatewayConfig& config, Gateway& gateway) {
  if (config.events.subscribers.empty()) return Status::Ok();
  events::DispatcherOptions options;
  for (const gateway::EventSubscriberConfig& subscriber : config.events.subscribers) {
    options.subscribers.push_back({subscriber.url, subscriber.secret});
  }
  options.poll_interval = config.events.poll_interval;
  options.initial_backoff = config.events.initial_backoff;
  options.max_backoff = config.events.max_backoff;
  providers::HttpClientOptions http;
  http.read_timeout = config.events.delivery_timeout;
  MG_ASSIGN_OR_RETURN(std::shared_ptr<providers::HttpClient> client,
                      providers::HttpClient::Create(http));
  gateway.dispatcher = std::make_unique<events::EventDispatcher>(*gateway.payments->store,
                                                                 std::move(client), options);
  gateway.dispatcher->Start();
  return Status::Ok();
}

int Fail(CommandIo io, const std::string& message) {
  io.err << "marketgate serve: " << message << "\n";
  return kExitFailed;
}

int Serve(const GatewayConfig& config, CommandIo io) {
  auto public_tls = TlsContext(config.tls);
  if (!public_tls.ok()) return Fail(io, public_tls.status().message());
  auto admin_tls = TlsContext(config.admin_tls);
  if (!admin_tls.ok()) return Fail(io, admin_tls.status().message());

  Gateway gateway(config);
  Status routes = BuildRoutes(config, gateway);
  if (!routes.ok()) return Fail(io, routes.ToString());

  http::ServerOptions options;
  options.io_threads = config.EffectiveIoThreads();
  options.worker_threads = config.EffectiveWorkerThreads();
  options.limits = config.limits;
  options.handle_signals = true;
  options.on_reload = [&gateway] { gateway.reloader.Reload(); };
  http::Server server(options);

  auto bound = server.AddListener({"public", config.listen.host, config.listen.port,
                                   gateway.public_pipeline.get(), *public_tls});
  if (!bound.ok()) return Fail(io, bound.status().message());
  io.err << "listening on "
         << gateway::ListenAddress{bound->address().to_string(), bound->port()}.ToString()
         << std::endl;
  if (config.admin_listen) {
    auto admin = server.AddListener({"admin", config.admin_listen->host, config.admin_listen->port,
                                     gateway.admin_pipeline.get(), *admin_tls});
    if (!admin.ok()) return Fail(io, admin.status().message());
    io.err << "admin listening on "
           << gateway::ListenAddress{admin->address().to_string(), admin->port()}.ToString()
           << std::endl;
  }

  // Bad market files at startup are fatal; later reloads keep the old markets.
  http::MarketReloader::Outcome markets = gateway.reloader.Reload();
  if (!markets.ok) {
    std::string message = "cannot load the markets in " + config.regions_dir + ":";
    for (const auto& error : markets.errors) message += "\n  " + error.ToString();
    return Fail(io, message);
  }
  Status dispatching = StartEventDispatcher(config, gateway);
  if (!dispatching.ok()) return Fail(io, dispatching.ToString());
  // Settles what a crash left in doubt: at start, then every interval.
  api::ReconcileOptions reconcile;
  reconcile.interval = config.reconciliation.interval;
  reconcile.min_age = config.reconciliation.min_age;
  gateway.reconciler = api::StartReconciliation(gateway.payments, gateway.markets, gateway.keys,
                                                gateway.metrics, reconcile);
  server.Run();
  return kExitOk;
}

}  // namespace

int RunServe(std::span<const std::string> args, CommandIo io) {
  std::string error;
  auto flags = Flags::Parse(args, {"config", "listen"}, {}, error);
  if (!flags) return UsageError(io, "serve", error);
  if (flags->help()) {
    io.out << kHelp;
    return kExitOk;
  }
  if (!flags->positional().empty()) return UsageError(io, "serve", "unexpected argument");
  std::optional<std::string> file = flags->Get("config");
  if (!file) return UsageError(io, "serve", "--config FILE is required");

  Result<GatewayConfig> config = gateway::LoadGatewayConfig(*file);
  if (!config.ok()) return Fail(io, "bad config:\n" + config.status().message());
  if (auto listen = flags->Get("listen")) {
    Result<gateway::ListenAddress> address = gateway::ParseListenAddress(*listen);
    if (!address.ok()) return UsageError(io, "serve", address.status().message());
    config->listen = *address;
  }
  gateway::SetLogLevel(config->log_level);
  return Serve(*config, io);
}

}  // namespace mg::cli
