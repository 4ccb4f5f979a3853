// A pack may say in which currency its amounts are written (`currency: EUR`
// in the eu pack). Amounts are read in the including market's currency, so a
// market that sells in another one must not inherit them: the PSD2 exemption's
// "30.00" would mean 30 zloty in Poland, and a diamond worth EUR 0.005 half a
// grosz. This check makes that a load error instead of a silent wrong figure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "currency/currency_code.h"
#include "market_layers.h"
#include "regions/rules.h"

namespace mg::regions::internal {

// Reports, at the market's `includes`, every enabled rule with amounts
// (a low-value exemption, spending limits) and a gifting.diamond_value whose
// effective declaration is in a pack of another currency than the market's,
// naming the market, the pack, the field and both currencies.
void CheckPackCurrencies(const MergedLayers& merged, const std::vector<Rule>& rules,
                         const std::optional<CurrencyCode>& market_currency,
                         const std::string& market_code, const YAML::Node& includes,
                         const NodeContext& includes_context);

}  // namespace mg::regions::internal
