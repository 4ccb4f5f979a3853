// An order of goods from a third-party seller priced as a quote
// (RequestKind::kOrder): the lines as the seller priced them, the tax due at
// the destination and who remits it, the fees and the split (OrderTerms),
// the payment methods, and the decision on buying goods (age gates, SCA).
// Internal to BuildQuote.
#pragma once

#include "compliance/quote.h"

namespace mg::compliance {

// Errors (param in brackets): amounts with more decimals than the currency
// has or that are not amounts [items[i].unit_price, affiliate.rate]; and
// regions::PriceOrder's (market without commerce, destination in another
// market, unknown or forbidden category, fees over the order's value, ...).
Result<Quote> BuildOrderQuote(const regions::MarketSnapshot& snapshot,
                              const regions::Market& market, const QuoteRequest& request,
                              const DecisionContext& context);

}  // namespace mg::compliance
