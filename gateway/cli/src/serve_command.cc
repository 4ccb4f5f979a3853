// marketgate serve: runs the HTTP API (gateway/http/include/gateway/http/server.h), built
// by the composition root (gateway/app/include/gateway/app/application.h)
// from a config file (docs/config.md).
//
// Prints "listening on HOST:PORT" as the first line on stderr once the public
// port is bound (then "admin listening on HOST:PORT"), so that scripts and
// tests using port 0 learn the port; then "webhook listening on HOST:PORT"
// with `webhook_listen`. Exits 0 after a graceful shutdown
// (SIGTERM/SIGINT), 1 when the config, TLS files or market files are bad or a
// port cannot be bound, 2 on bad usage.
#include <iostream>
#include <memory>

#include "base/log.h"
#include "descriptor_limit.h"
#include "gateway/app/application.h"
#include "gateway/app/config.h"
#include "gateway/cli/command_line.h"
#include "gateway/http/server.h"
#include "gateway/http/tls.h"

namespace mg::cli {
namespace {

constexpr const char* kHelp =
    "Usage: marketgate serve --config FILE [--listen HOST:PORT]\n"
    "\n"
    "Serves the HTTP API: /v1/* on `listen`, /admin/* and /metrics on `admin_listen`,\n"
    "provider webhooks over mutual TLS on `webhook_listen` (when configured).\n"
    "SIGTERM or SIGINT drains in-flight requests and exits 0; SIGHUP reloads the markets.\n"
    "\n"
    "  --config FILE        the gateway config (docs/config.md; sample: deploy/marketgate.yaml)\n"
    "  --listen HOST:PORT   overrides `listen`; port 0 picks a free port\n";

using app::GatewayConfig;

Result<std::shared_ptr<boost::asio::ssl::context>> TlsContext(
    const std::optional<app::TlsFiles>& files) {
  if (!files) return std::shared_ptr<boost::asio::ssl::context>();
  return http::MakeServerTlsContext(files->cert, files->key);
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
  std::shared_ptr<boost::asio::ssl::context> webhook_tls;
  if (config.webhook_listen && config.webhook_tls) {
    auto mutual = http::MakeMutualTlsServerContext(
        config.webhook_tls->cert, config.webhook_tls->key, config.webhook_tls->client_ca);
    if (!mutual.ok()) return Fail(io, mutual.status().message());
    webhook_tls = *mutual;
  }

  Result<std::unique_ptr<app::Application>> built = app::Application::Build(config);
  if (!built.ok()) return Fail(io, built.status().ToString());
  app::Application& gateway = **built;

  // Both listeners full, plus the store, providers' connections and logs.
  constexpr size_t kDescriptorsBesidesConnections = 256;
  const size_t listeners = 1 + (config.admin_listen ? 1 : 0) + (webhook_tls ? 1 : 0);
  const size_t needed = listeners * config.limits.max_connections + kDescriptorsBesidesConnections;
  DescriptorLimit descriptors = RaiseDescriptorLimit(needed);
  if (!descriptors.enough) {
    Log(LogLevel::kWarning,
        "the file descriptor limit is " + std::to_string(descriptors.soft) + ", below the " +
            std::to_string(needed) +
            " that limits.max_connections needs; raise it (ulimit -n, LimitNOFILE=) or lower "
            "max_connections, or connections beyond it fail to be accepted");
  }

  http::ServerOptions options;
  options.io_threads = config.EffectiveIoThreads();
  options.worker_threads = config.EffectiveWorkerThreads();
  options.limits = config.limits;
  options.handle_signals = true;
  options.on_reload = [&gateway] { gateway.reloader().Reload("SIGHUP"); };
  http::Server server(options);

  auto bound = server.AddListener(
      {"public", config.listen.host, config.listen.port, &gateway.public_pipeline(), *public_tls});
  if (!bound.ok()) return Fail(io, bound.status().message());
  io.err << "listening on "
         << app::ListenAddress{bound->address().to_string(), bound->port()}.ToString() << std::endl;
  if (config.admin_listen) {
    auto admin = server.AddListener({"admin", config.admin_listen->host, config.admin_listen->port,
                                     &gateway.admin_pipeline(), *admin_tls});
    if (!admin.ok()) return Fail(io, admin.status().message());
    io.err << "admin listening on "
           << app::ListenAddress{admin->address().to_string(), admin->port()}.ToString()
           << std::endl;
  }

  if (webhook_tls) {
    auto webhook =
        server.AddListener({"webhook", config.webhook_listen->host, config.webhook_listen->port,
                            &gateway.webhook_pipeline(), webhook_tls});
    if (!webhook.ok()) return Fail(io, webhook.status().message());
    io.err << "webhook listening on "
           << app::ListenAddress{webhook->address().to_string(), webhook->port()}.ToString()
           << std::endl;
  }

  // Bad market files at startup are fatal; later reloads keep the old markets.
  std::vector<LoadError> errors = gateway.LoadMarkets();
  if (!errors.empty()) {
    std::string message = "cannot load the markets in " + config.regions_dir + ":";
    for (const auto& error : errors) message += "\n  " + error.ToString();
    return Fail(io, message);
  }
  Status started = gateway.StartBackgroundTasks();
  if (!started.ok()) return Fail(io, started.ToString());
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

  Result<GatewayConfig> config = app::LoadGatewayConfig(*file);
  if (!config.ok()) return Fail(io, "bad config:\n" + config.status().message());
  if (auto listen = flags->Get("listen")) {
    Result<app::ListenAddress> address = app::ParseListenAddress(*listen);
    if (!address.ok()) return UsageError(io, "serve", address.status().message());
    config->listen = *address;
  }
  SetLogLevel(config->log_level);
  return Serve(*config, io);
}

}  // namespace mg::cli
