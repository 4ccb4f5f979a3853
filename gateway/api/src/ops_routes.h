// Operational routes, open (no API key), registered by routes.cc: health for
// load balancers and orchestrators, and metrics for Prometheus.
//
//   GET /healthz  200 {"status": "ok"} while the process serves requests.
//   GET /readyz   200 {"ready": true, "checks": {...}} when the markets are
//                 loaded and the store answers; 503 {"ready": false, ...}
//                 otherwise, so that a load balancer sends no traffic.
//   GET /metrics  the Prometheus text exposition format (0.0.4).
#pragma once

#include "base/status.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleHealthz(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleReadyz(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleMetrics(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
