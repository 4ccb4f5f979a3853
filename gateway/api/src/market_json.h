// Pure mappings from the market model to the public JSON of the market
// routes (market_routes.h). No I/O; tested on hand-built markets.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "currency/money.h"
#include "currency/money_format.h"
#include "regions/market.h"

namespace mg::api {

// {"amount": "0.99", "currency": "EUR", "formatted": "0,99 €"}. When ICU
// cannot format, "formatted" falls back to the plain amount and code.
boost::json::object MoneyJson(const Money& money, const MoneyFormatter& formatter);

// code, name, status, currency, default_locale.
boost::json::object MarketSummaryJson(const regions::Market& market);

// The public facts of GET /v1/markets/{code}; amounts formatted for `locale`
// (a supported tag of the market); a payment method is available when the
// market offers it and a provider `usable` here takes it.
boost::json::object MarketJson(const regions::Market& market, const std::string& locale,
                               const regions::ProviderFilter& usable);

// The body of GET /v1/markets/{code}/catalog for `locale`.
boost::json::object CatalogJson(const regions::Market& market, const std::string& locale);

// GET /v1/markets/{code}/gifts: the gifts available in the market, named in
// `locale`: {"market", "locale", "gifts": [{"id", "coins", "name"}]}.
boost::json::object GiftsJson(const regions::Market& market, const std::string& locale);

}  // namespace mg::api
