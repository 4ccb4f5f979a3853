// A payout previewed as a quote (RequestKind::kPayout): what `payouts` and
// `gifting` of the creator's market make of the diamonds, and the payout
// decision. Internal to BuildQuote.
#pragma once

#include "compliance/quote.h"

namespace mg::compliance {

// subtotal = the gross amount, tax = the tax withheld, total = what the
// creator receives, in the payout currency; decision = DecidePayout. A
// market without payouts gives zero amounts and a deny (payout.offered).
// Errors: a market whose payouts convert currencies (quotes carry no FX
// table: kFailedPrecondition), overflow.
Result<Quote> BuildPayoutQuote(const regions::Market& market, const QuoteRequest& request,
                               const DecisionContext& context);

}  // namespace mg::compliance
