// The one list of the gateway's routes (api_routes.cc), registered explicitly
// at startup; no static self-registration.
//
// Adding a route group (purchases, ad bookings, refunds, webhooks):
//   1. write the handlers as pure functions of a Request in
//      gateway/src/http/<group>_routes.cc with `Status Add<Group>Routes(Router&, ...)`
//      (see market_routes.cc; router.h shows one registration call);
//   2. add what they need (the store, the provider set, ...) to ApiContext;
//   3. add one line to AddPublicApi() or AddAdminApi() in api_routes.cc.
// Errors are returned as Status and mapped by the one table in
// error_mapping.h; authentication and scopes are RouteOptions.
#pragma once

#include <boost/json/object.hpp>

#include "currency/status.h"
#include "gateway/http/market_reload.h"
#include "gateway/http/market_routes.h"
#include "gateway/http/metrics.h"
#include "gateway/http/ops_routes.h"
#include "gateway/http/router.h"

namespace mg::http {

// Everything the routes use, built once by `marketgate serve`; the pointers
// must outlive the routers.
struct ApiContext {
  SnapshotSource snapshots;
  MetricsRegistry* metrics = nullptr;
  MarketReloader* reloader = nullptr;
  ReadinessChecks readiness;
  boost::json::object config_summary;  // for GET /admin/config
};

// /healthz, /readyz and /v1/*: the public listener.
Status AddPublicApi(Router& router, const ApiContext& context);

// /admin/* and /metrics: the admin listener, or the public one when
// `admin_listen: public`.
Status AddAdminApi(Router& router, const ApiContext& context);

}  // namespace mg::http
