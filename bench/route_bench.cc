// route_bench: the work of one request of bench/run.sh, in process and
// repeatable. The gateway is assembled as `marketgate serve` assembles it
// (the shipped regions/, a SQLite store in a temporary folder, the public
// routes and the money routes behind one RequestPipeline with the rate
// limiter, logging at `warning`), next to the ceiling's pipeline (one open
// route with a fixed body, as bench/ceiling_server.cc); each request is the
// one wrk sends (bench/wrk/get.lua, bench/wrk/quote.lua).
//
//   route_bench [--benchmark_filter=...]          Google Benchmark, wall clock
//   route_bench --requests=N --route=ROUTE        N requests of ROUTE (ceiling,
//                                                 catalog, quote) after a warm-up
//
// The second form is for instruction counts, which stay put on a shared
// machine where wall-clock figures do not:
//
//   valgrind --tool=callgrind --toggle-collect='*MeasuredRequests*'
//       build/bench/route_bench --requests=2000 --route=quote   (one command line)
//
// collects only inside MeasuredRequests (the N requests after the warm-up),
// so the total Ir divided by N is the instructions per request.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/log.h"
#include "gateway/app/application.h"
#include "gateway/app/config.h"
#include "gateway/http/pipeline.h"

namespace mg::bench {
namespace {

namespace field = boost::beast::http;
using http::RawRequest;
using http::RawResponse;
using http::RequestPipeline;
using http::Verb;

constexpr std::string_view kKey = "sk_bench_purchases_0c4e7d19";
// bench/wrk/quote.lua's body.
constexpr std::string_view kQuoteBody =
    R"({"market": "DE", "locale": "de-DE", "customer": {"age": 30,)"
    R"( "consent_immediate_delivery": true}, "items": [{"sku": "coins_70", "quantity": 2}]})";

// The two pipelines and everything they refer to.
class BenchGateway {
 public:
  BenchGateway() : ceiling_metrics_(ceiling_registry_) {}

  Status Start() {
    std::string dir = (std::filesystem::temp_directory_path() / "mg-route-bench-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) return Status(ErrorCode::kInternal, "mkdtemp failed");
    temp_dir_ = dir;
    // The config of bench/run.sh's start_gateway, with the in-process
    // sandbox named in place of the providers (a quote calls none).
    std::string yaml =
        "listen: 127.0.0.1:0\nregions_dir: " MG_SOURCE_DIR "/regions\n" +
        std::string("store: {driver: sqlite, path: ") + temp_dir_ +
        "/store.db}\napi_keys:\n  - {name: bench, sha256: " + mg::HexEncode(mg::Sha256(kKey)) +
        ", scopes: [read, purchases]}\nproviders:\n  stripe: {kind: sandbox}\n  adyen: {kind: "
        "sandbox}\n  pix: {kind: sandbox}\nlog_level: warning\n";
    MG_ASSIGN_OR_RETURN(app::GatewayConfig config,
                        app::ParseGatewayConfig(yaml, temp_dir_ + "/bench.yaml"));
    SetLogLevel(config.log_level);
    // Built as `marketgate serve` builds it: the same composition root.
    MG_ASSIGN_OR_RETURN(app_, app::Application::Build(config));
    std::vector<LoadError> errors = app_->LoadMarkets();
    if (!errors.empty()) return Status(ErrorCode::kInternal, errors.front().ToString());

    MG_RETURN_IF_ERROR(ceiling_router_.Add(Verb::get, "/bare", {}, [this](const http::Request&) {
      return Result<http::Response>(http::TextResponse(ceiling_body_, http::kJsonContentType));
    }));
    ceiling_pipeline_ =
        std::make_unique<RequestPipeline>(ceiling_router_, no_keys_, ceiling_metrics_);
    return Status::Ok();
  }

  ~BenchGateway() {
    app_.reset();
    if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_);
  }

  const RequestPipeline& pipeline() const { return app_->public_pipeline(); }
  const RequestPipeline& ceiling() const { return *ceiling_pipeline_; }

 private:
  std::string temp_dir_;
  std::unique_ptr<app::Application> app_;

  const std::string ceiling_body_ = R"({"ok":true,"server":"ceiling"})";
  http::Router ceiling_router_;
  http::ApiKeyAuthenticator no_keys_{std::vector<http::ApiKey>{}};
  http::MetricsRegistry ceiling_registry_;
  http::HttpMetrics ceiling_metrics_;
  std::unique_ptr<RequestPipeline> ceiling_pipeline_;
};

// A request as wrk sends it (the headers of bench/wrk/*.lua).
RawRequest WrkRequest(Verb method, std::string_view target, std::string_view body = {}) {
  RawRequest raw{method, target, 11};
  raw.set(field::field::host, "127.0.0.1:8080");
  raw.set(field::field::authorization, "Bearer " + std::string(kKey));
  if (!body.empty()) {
    raw.set(field::field::content_type, "application/json");
    raw.body() = std::string(body);
  }
  raw.prepare_payload();
  return raw;
}

struct Route {
  const RequestPipeline& (*pipeline)(const BenchGateway&);
  RawRequest request;
};

Result<Route> FindRoute(std::string_view name) {
  if (name == "ceiling") {
    return Route{[](const BenchGateway& g) -> const RequestPipeline& { return g.ceiling(); },
                 WrkRequest(Verb::get, "/bare")};
  }
  auto gateway = [](const BenchGateway& g) -> const RequestPipeline& { return g.pipeline(); };
  if (name == "catalog") return Route{gateway, WrkRequest(Verb::get, "/v1/markets/DE/catalog")};
  if (name == "quote") return Route{gateway, WrkRequest(Verb::post, "/v1/quotes", kQuoteBody)};
  return InvalidArgument("unknown route '" + std::string(name) +
                         "'; expected ceiling, catalog or quote");
}

// One request: what a session hands the pipeline (a parsed request of its
// own) and what it drops after writing the response.
[[gnu::noinline]] unsigned ServeOnce(const RequestPipeline& pipeline, const RawRequest& request) {
  RawResponse response = pipeline.Handle(RawRequest(request));
  return response.result_int();
}

BenchGateway& Gateway() {
  static BenchGateway* gateway = [] {
    auto* g = new BenchGateway();  // lives to the end of the process
    Status started = g->Start();
    if (!started.ok()) {
      std::fprintf(stderr, "route_bench: %s\n", started.ToString().c_str());
      std::exit(1);
    }
    return g;
  }();
  return *gateway;
}

void BM_Route(benchmark::State& state, std::string_view name) {
  Result<Route> route = FindRoute(name);
  if (!route.ok()) return state.SkipWithError(route.status().ToString().c_str());
  const RequestPipeline& pipeline = route->pipeline(Gateway());
  if (unsigned status = ServeOnce(pipeline, route->request); status != 200) {
    return state.SkipWithError(("status " + std::to_string(status)).c_str());
  }
  for (auto _ : state) benchmark::DoNotOptimize(ServeOnce(pipeline, route->request));
}
BENCHMARK_CAPTURE(BM_Route, ceiling, "ceiling");
BENCHMARK_CAPTURE(BM_Route, catalog, "catalog");
BENCHMARK_CAPTURE(BM_Route, quote, "quote");

// The only function callgrind collects in (--toggle-collect), so that setup
// and warm-up stay out of the count.
[[gnu::noinline]] void MeasuredRequests(const RequestPipeline& pipeline, const RawRequest& request,
                                        long requests) {
  for (long i = 0; i < requests; ++i) benchmark::DoNotOptimize(ServeOnce(pipeline, request));
}

// --requests=N --route=ROUTE: N requests of ROUTE, for callgrind.
int RunCounted(long requests, std::string_view name) {
  Result<Route> route = FindRoute(name);
  if (!route.ok()) {
    std::fprintf(stderr, "route_bench: %s\n", route.status().ToString().c_str());
    return 2;
  }
  const RequestPipeline& pipeline = route->pipeline(Gateway());
  // Warm-up: first-seen metric labels, lazily built ICU data, the allocator.
  for (int i = 0; i < 20; ++i) {
    if (unsigned status = ServeOnce(pipeline, route->request); status != 200) {
      std::fprintf(stderr, "route_bench: %.*s answered %u\n", static_cast<int>(name.size()),
                   name.data(), status);
      return 1;
    }
  }
  MeasuredRequests(pipeline, route->request, requests);
  std::printf("%ld %.*s requests\n", requests, static_cast<int>(name.size()), name.data());
  return 0;
}

}  // namespace
}  // namespace mg::bench

int main(int argc, char** argv) {
  long requests = 0;
  std::string_view route;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--requests=")) requests = std::atol(argv[i] + 11);
    if (arg.starts_with("--route=")) route = arg.substr(8);
  }
  if (requests > 0) return mg::bench::RunCounted(requests, route);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
