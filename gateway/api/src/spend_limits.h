// The market's spending limits as the store enforces them when it records a
// payment (RecordSpend), so that they hold across gateway instances and
// concurrent purchases: the same rules and brackets Decide() evaluated on
// the quote, checked again atomically with the payment's own spend.
#pragma once

#include <vector>

#include "compliance/request.h"
#include "gateway/store/records.h"
#include "regions/market.h"

namespace mg::api {

// The 24-hour and 30-day limits of every enabled spending_limit rule that
// governs the purchase's actions, for the customer's age bracket (the
// youngest bracket while the age is unknown, as Decide() assumes).
std::vector<store::SpendLimit> SpendLimitsFor(const regions::Market& market,
                                              const compliance::QuoteRequest& request,
                                              store::UnixMillis now_ms);

}  // namespace mg::api
