#include "ops_routes.h"

#include <boost/json/object.hpp>

namespace mg::api {

Result<http::Response> HandleHealthz(const RouteContext&, const http::Request&) {
  return http::JsonResponse(boost::json::object{{"status", "ok"}});
}

Result<http::Response> HandleReadyz(const RouteContext& context, const http::Request&) {
  const ReadinessChecks& checks = context.deps().readiness;
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
  return http::JsonResponse(body, ready ? boost::beast::http::status::ok
                                        : boost::beast::http::status::service_unavailable);
}

Result<http::Response> HandleMetrics(const RouteContext& context, const http::Request&) {
  return http::TextResponse(context.deps().metrics->RenderText(),
                            "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace mg::api
