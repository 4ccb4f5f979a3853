// Pricing a request against the snapshot a request read once: the market
// lookup, the suspension refusal (451) and BuildQuote() with the customer's
// spend from the store.
#pragma once

#include <memory>
#include <string_view>

#include "compliance/quote.h"
#include "compliance/request.h"
#include "gateway/http/request.h"
#include "route_context.h"

namespace mg::api {

// The snapshot a request reads once and the market it names. Keep `snapshot`
// as long as `market` is used.
struct MarketRef {
  std::shared_ptr<const regions::MarketSnapshot> snapshot;
  const regions::Market* market = nullptr;
};

// kNotFound [market] for an unknown market code; kUnavailable before the
// markets are loaded. A suspended market is found: callers refuse it (451).
Result<MarketRef> FindMarket(const RouteContext& context, std::string_view code);

bool IsSuspended(const regions::Market& market);

// Negotiates the locale from Accept-Language when the body names none and
// builds the quote with the store's spend history for customer.id.
Result<compliance::Quote> PriceQuote(const RouteContext& context, const MarketRef& ref,
                                     const http::Request& http_request,
                                     compliance::QuoteRequest& request);

}  // namespace mg::api
