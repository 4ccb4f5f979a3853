// Operational routes, open (no API key): health for load balancers and
// orchestrators, and metrics for Prometheus.
//
//   GET /healthz  200 {"status": "ok"} while the process serves requests.
//   GET /readyz   200 {"ready": true, "checks": {...}} when the markets are
//                 loaded and the store answers; 503 {"ready": false, ...}
//                 otherwise, so that a load balancer sends no traffic.
//   GET /metrics  the Prometheus text exposition format (0.0.4).
#pragma once

#include <functional>

#include "currency/status.h"
#include "gateway/http/metrics.h"
#include "gateway/http/router.h"

namespace mg::http {

struct ReadinessChecks {
  // True once a market snapshot is serving.
  std::function<bool()> markets_loaded;
  // The store's health check (a cheap query). Null while no store is wired
  // in: reported as "not_configured" and not held against readiness.
  std::function<bool()> store_probe;
};

Status AddHealthRoutes(Router& router, ReadinessChecks checks);
// `metrics` must outlive the router.
Status AddMetricsRoute(Router& router, const MetricsRegistry& metrics);

}  // namespace mg::http
