// GET /console/markets/{code}: one market as ops and compliance read it:
// its facts with their sources and whether they are verified, the catalog
// in each of its locales formatted as the API formats it, its tax classes
// and subdivisions, its payment methods with their providers, its rules
// with their legal references.
#pragma once

#include <string>

#include "regions/market.h"

namespace mg::console {

std::string MarketBody(const regions::Market& market);

}  // namespace mg::console
