// A rule's fields as "name -> value" text, for showing what changed in a
// rule between two versions of a market (market_diff.cc). Internal.
#pragma once

#include <map>
#include <string>

#include "regions/market.h"

namespace mg::regions::internal {

// Amounts are formatted with `market`'s default-locale formatter.
std::map<std::string, std::string> RuleFields(const Rule& rule, const Market& market);

}  // namespace mg::regions::internal
