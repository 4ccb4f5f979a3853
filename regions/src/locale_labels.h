// What a market inherits that is written per locale must be written for each
// of its locales. A market opened by copying a neighbour's file (de-AT next to
// de-DE) would otherwise show its shoppers another country's wording, or the
// first label of the map, without anything failing.
#pragma once

#include <string>
#include <vector>

#include "market_layers.h"
#include "regions/rules.h"

namespace mg::regions::internal {

// Each enabled ad-disclosure rule of the market (ads and paid partnerships)
// has a label for every locale of the market: its exact tag or its bare
// language ("de"). A missing one is an error at the rule's `labels` in the
// file that declared them, naming the market, the pack, the rule and the
// locale. Gift names are checked the same way by the gift parser.
void CheckLocaleLabels(const MergedLayers& merged, const std::vector<Rule>& rules,
                       const std::vector<std::string>& locales, const std::string& market_code,
                       const std::string& market_file);

}  // namespace mg::regions::internal
