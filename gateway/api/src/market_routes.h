// The public market routes (scope `read`), registered by routes.cc:
//
//   GET /v1/markets                    every market: code, name, status, currency
//   GET /v1/markets/{code}             public facts: status (+ suspension), currency,
//                                      locales, prices_include_tax, payment methods
//                                      (available or not, with the reason), ad formats
//   GET /v1/markets/{code}/catalog     coin packs and products with localized prices
//   GET /v1/markets/{code}/gifts       the LIVE gifts available there, named in the locale
//
// Prices are {"amount", "currency", "formatted": "0,99 €"}; the locale comes
// from ?locale= or Accept-Language, negotiated by the market's prebuilt
// LocaleNegotiator, and formatted by the snapshot's formatters (no ICU setup
// per request). `tax_included` says whether shown prices include tax.
//
// Each request reads the snapshot once and uses that version to the end; the
// responses carry its `snapshot_version`.
#pragma once

#include "base/status.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleListMarkets(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetMarket(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetCatalog(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetGifts(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
