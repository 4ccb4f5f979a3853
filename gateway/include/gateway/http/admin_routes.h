// The admin routes (scope `admin`), served on the admin listener:
//
//   POST /admin/reload   reloads the market files. 200 {"reloaded": true,
//                        "version", "markets"}; when any file is wrong, 422
//                        with code "reload_failed" and the errors (file, line,
//                        column, path, message); the previous markets keep serving.
//   GET  /admin/config   the serving snapshot (version, loaded_at, markets),
//                        the last load errors, reload counts and a summary of
//                        the config (never a secret, a DSN or a key hash).
#pragma once

#include <boost/json/object.hpp>

#include "currency/status.h"
#include "gateway/http/market_reload.h"
#include "gateway/http/router.h"

namespace mg::http {

// `reloader` must outlive the router.
Status AddAdminRoutes(Router& router, MarketReloader& reloader, boost::json::object config_summary);

}  // namespace mg::http
