// The arithmetic of a payout (regions/market.h, Payouts): what a creator's
// diamonds are worth in the market's payout currency, the tax withheld and
// what reaches the creator. Exact integers, rounded as the market declares.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "currency/decimal.h"
#include "currency/fx.h"
#include "currency/money.h"
#include "regions/market.h"

namespace mg::regions {

struct PayoutAmounts {
  Money value;     // the diamonds' worth in the market's currency
  Money gross;     // in the payout currency
  Money withheld;  // tax withheld from gross
  Money net;       // gross - withheld: what the creator receives
  // When the payout currency differs from the market's: the rate used and
  // the as-of time of its table.
  std::optional<Decimal> fx_rate;
  std::optional<RatesTable::Clock::time_point> fx_as_of;
};

// The amounts of paying out `diamonds` (> 0) to a creator of `market`.
// `rates` is consulted only when the payout currency differs from the
// market's. Errors: kFailedPrecondition when the market declares no
// payouts or no diamond value, when a conversion is needed and there is no
// rates table, or when the table is older than its maximum age at `now`
// (nothing may be paid at a stale rate); kNotFound when the table lacks
// the pair; kOutOfRange on overflow.
Result<PayoutAmounts> ComputePayout(const Market& market, int64_t diamonds, const RatesTable* rates,
                                    RatesTable::Clock::time_point now);

}  // namespace mg::regions
