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

namespace {

using mg::http::Verb;

int Usage(const std::string& why) {
  std::cerr << "ceiling_server: " << why
            << "\nusage: ceiling_server [--listen HOST:PORT] [--threads N] [--worker-threads N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  mg::app::ListenAddress listen{"127.0.0.1", 0};
  mg::http::ServerOptions options;
  options.io_threads = 0;
  options.worker_threads = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return Usage("missing value for " + flag);
    const std::string value = argv[++i];
    if (flag == "--listen") {
      auto address = mg::app::ParseListenAddress(value);
      if (!address.ok()) return Usage(address.status().message());
      listen = *address;
    } else if (flag == "--threads" || flag == "--worker-threads") {
      int count = 0;
      try {
        count = std::stoi(value);
      } catch (const std::exception&) {
        return Usage("bad value for " + flag);
      }
      (flag == "--threads" ? options.io_threads : options.worker_threads) = count;
    } else {
      return Usage("unknown flag " + flag);
    }
  }
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
  mg::Status added = router.Add(Verb::get, "/bare", {}, [&body](const mg::http::Request&) {
    return mg::Result<mg::http::Response>(mg::http::TextResponse(body, mg::http::kJsonContentType));
  });
  if (!added.ok()) return Usage(added.ToString());
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
