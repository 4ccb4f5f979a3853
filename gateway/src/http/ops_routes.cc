#include "gateway/http/ops_routes.h"

#include <boost/json/object.hpp>

namespace mg::http {

Status AddHealthRoutes(Router& router, ReadinessChecks checks) {
  MG_RETURN_IF_ERROR(router.Add(Verb::get, "/healthz", {}, [](const Request&) -> Result<Response> {
    return JsonResponse(boost::json::object{{"status", "ok"}});
  }));
  return router.Add(Verb::get, "/readyz", {}, [checks](const Request&) -> Result<Response> {
    const bool markets = checks.markets_loaded && checks.markets_loaded();
    boost::json::object results;
    results["markets"] = markets ? "ok" : "not_loaded";
    bool store = true;
    if (checks.store_probe) {
      store = checks.store_probe();
      results["store"] = store ? "ok" : "unreachable";
    } else {
      results["store"] = "not_configured";
    }
    const bool ready = markets && store;
    boost::json::object body{{"ready", ready}, {"checks", std::move(results)}};
    return JsonResponse(body, ready ? boost::beast::http::status::ok
                                    : boost::beast::http::status::service_unavailable);
  });
}

Status AddMetricsRoute(Router& router, const MetricsRegistry& metrics) {
  return router.Add(Verb::get, "/metrics", {}, [&metrics](const Request&) -> Result<Response> {
    return TextResponse(metrics.RenderText(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace mg::http
