// ceiling_server: the bench's upper bound. The gateway's own HTTP stack
// (Server, sessions, RequestPipeline with request ids, metrics and the access
// log switched off as in the bench config) serving one open route that
// returns a fixed JSON body, so that the difference between this and a
// gateway route is the route's own work.
//
//   ceiling_server [--listen HOST:PORT] [--threads N] [--worker-threads N]
//
// Prints "listening on HOST:PORT" on stderr once bound; exits 0 on
// SIGTERM/SIGINT, 2 on bad usage.
#include <iostream>
#include <string>

#include "base/log.h"
#include "gateway/app/config.h"
#include "gateway/http/pipeline.h"
#include "gateway/http/server.h"
#include "server_flags.h"

using mg::http::Verb;

int main(int argc, char** argv) {
  std::optional<mg::bench::ServerFlags> flags =
      mg::bench::ParseServerFlags(argc, argv, "ceiling_server", {"--threads", "--worker-threads"});
  if (!flags) return 2;
  const mg::app::ListenAddress& listen = flags->listen;
  mg::http::ServerOptions options;
  options.io_threads = flags->counts["--threads"];
  options.worker_threads = flags->counts["--worker-threads"];
  // The same defaults as `marketgate serve` (GatewayConfig::Effective*).
  mg::app::GatewayConfig defaults;
  defaults.threads = options.io_threads;
  defaults.worker_threads = options.worker_threads;
  options.io_threads = defaults.EffectiveIoThreads();
  options.worker_threads = defaults.EffectiveWorkerThreads();
  options.handle_signals = true;
  mg::SetLogLevel(mg::LogLevel::kWarning);

  mg::http::Router router;
  const std::string body = R"({"ok":true,"server":"ceiling"})";
  mg::Status added = router.Add(Verb::get, "/bare", {.may_block = &mg::http::NeverBlocks},
                                [&body](const mg::http::Request&) {
                                  return mg::Result<mg::http::Response>(
                                      mg::http::TextResponse(body, mg::http::kJsonContentType));
                                });
  if (!added.ok()) {
    std::cerr << "ceiling_server: " << added.ToString() << "\n";
    return 1;
  }
  mg::http::ApiKeyAuthenticator no_keys({});
  mg::http::MetricsRegistry metrics;
  mg::http::HttpMetrics http_metrics(metrics);
  mg::http::RequestPipeline pipeline(router, no_keys, http_metrics);

  mg::http::Server server(options);
  auto bound = server.AddListener({"ceiling", listen.host, listen.port, &pipeline, nullptr});
  if (!bound.ok()) {
    std::cerr << "ceiling_server: " << bound.status().message() << "\n";
    return 1;
  }
  std::cerr << "listening on "
            << mg::app::ListenAddress{bound->address().to_string(), bound->port()}.ToString()
            << std::endl;
  server.Run();
  return 0;
}
