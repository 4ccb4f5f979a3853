// GET /console/markets/{code}: one market as ops and compliance read it:
// its facts with their sources and whether they are verified, the catalog
// in each of its locales formatted as the API formats it, its tax classes
// and subdivisions, its payment methods with their providers (weights and
// circuit-breaker state), its rules with their legal references.
#pragma once

#include <functional>
#include <string>

#include "regions/market.h"

namespace mg::console {

// The state of a provider's circuit breaker ("closed", "open",
// "half_open"); empty when unknown.
using BreakerStateOf = std::function<std::string(const std::string& provider)>;

std::string MarketBody(const regions::Market& market, const BreakerStateOf& breaker_state);

}  // namespace mg::console
