// The arithmetic of a market's `gifting` (regions/market.h, Gifting): how
// many diamonds a gift's coins earn the creator, and what diamonds are worth
// in the creator's market. Exact integers, rounded as the market declares.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "currency/money.h"
#include "regions/market.h"

namespace mg::regions {

// The diamonds `coins` sent from `market` credit to the creator: coins times
// the market's creator share, rounded with its gifting rounding.
// kFailedPrecondition when the market declares no creator share (gifts
// cannot be sent from it).
Result<int64_t> DiamondsForCoins(const Market& market, int64_t coins);

// What `diamonds` earned by a creator of `market` are worth in its currency,
// rounded with its gifting rounding. kFailedPrecondition when the market
// declares no diamond value (its creators cannot be paid).
Result<Money> ValueOfDiamonds(const Market& market, int64_t diamonds);

}  // namespace mg::regions
