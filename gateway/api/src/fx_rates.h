// The FX rates table payouts convert at (docs/payouts.md, "FX"): pushed by
// ops or a feed through PUT /admin/fx-rates, kept in the store so that every
// gateway instance converts at the same table, and refused once older than
// its max_age (currency/fx.h, RatesTable):
//
//   PUT /admin/fx-rates
//   {"as_of": 1764931200, "max_age_seconds": 93600, "source": "ECB reference rates",
//    "rates": [{"from": "USD", "to": "BRL", "rate": "5.3412"}]}
//   GET /admin/fx-rates   the table in force, its age and whether it is stale
#pragma once

#include <optional>

#include "currency/fx.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "gateway/store/payouts.h"
#include "route_context.h"

namespace mg::api {

// The table as the store keeps it; kInternal for a corrupt row.
Result<RatesTable> RatesTableOf(const store::FxRatesRecord& record);

// The table in force; nullopt when none was ever loaded.
Result<std::optional<RatesTable>> CurrentRatesTable(const RouteContext& context);

Result<http::Response> HandlePutFxRates(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetFxRates(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
