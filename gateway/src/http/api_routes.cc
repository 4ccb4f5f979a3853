#include "gateway/http/api_routes.h"

#include "gateway/http/admin_routes.h"

namespace mg::http {

Status AddPublicApi(Router& router, const ApiContext& context) {
  MG_RETURN_IF_ERROR(AddHealthRoutes(router, context.readiness));
  MG_RETURN_IF_ERROR(AddMarketRoutes(router, context.snapshots));
  return Status::Ok();
}

Status AddAdminApi(Router& router, const ApiContext& context) {
  MG_RETURN_IF_ERROR(AddMetricsRoute(router, *context.metrics));
  MG_RETURN_IF_ERROR(AddAdminRoutes(router, *context.reloader, context.config_summary));
  return Status::Ok();
}

}  // namespace mg::http
