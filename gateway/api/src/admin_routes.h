// The admin routes (scope `admin`), served on the admin listener and
// registered by routes.cc:
//
//   POST /admin/reload   reloads the market files. 200 {"reloaded": true,
//                        "version", "markets"}; when any file is wrong, 422
//                        with code "reload_failed" and the errors (file, line,
//                        column, path, message); the previous markets keep serving.
//   GET  /admin/config   the serving snapshot (version, loaded_at, markets),
//                        the last load errors, reload counts and a summary of
//                        the config (never a secret, a DSN or a key hash).
//   GET  /admin/needs_attention
//                        the provider calls reconciliation escalated for a
//                        person (still open escalate_after after they started),
//                        oldest escalation first, with what each last look found.
#pragma once

#include "base/status.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleReload(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleShowConfig(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleNeedsAttention(const RouteContext& context,
                                            const http::Request& request);

}  // namespace mg::api
