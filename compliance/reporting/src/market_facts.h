// The facts a market declares besides its rules (entity, price display, tax
// rounding, every tax component, reverse charge, suspension), each with its
// source and verified flag, for the audit report (internal).
#pragma once

#include <string>
#include <vector>

#include "regions/market.h"

namespace mg::compliance {

struct MarketFact {
  std::string fact;   // "Tax: virtual_currency", "Selling entity"
  std::string value;  // "MwSt. 19 %", "TikTok Technology Limited (IE)"
  std::string source;
  bool verified = true;
};

std::vector<MarketFact> MarketFacts(const regions::Market& market);

}  // namespace mg::compliance
