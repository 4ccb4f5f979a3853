#include "regions/gifting.h"

#include "currency/rounding.h"

namespace mg::regions {
namespace {

__int128 PowerOfTen(int exponent) {
  __int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

}  // namespace

Result<int64_t> DiamondsForCoins(const Market& market, int64_t coins) {
  const std::optional<GiftingFigure>& share = market.gifting().creator_share_percent;
  if (!share) {
    return Status(ErrorCode::kFailedPrecondition,
                  "market " + market.code() +
                      " declares no gifting.creator_share: gifts cannot "
                      "be sent there");
  }
  // coins * percent / 100, percent = coefficient / 10^scale.
  return DivideRounded(static_cast<__int128>(coins) * share->value.coefficient,
                       100 * PowerOfTen(share->value.scale), market.gifting().rounding);
}

Result<Money> ValueOfDiamonds(const Market& market, int64_t diamonds) {
  const std::optional<GiftingFigure>& value = market.gifting().diamond_value;
  if (!value) {
    return Status(ErrorCode::kFailedPrecondition,
                  "market " + market.code() +
                      " declares no gifting.diamond_value: its creators "
                      "cannot be paid");
  }
  // diamonds * value in minor units: value = coefficient / 10^scale major units.
  MG_ASSIGN_OR_RETURN(const int64_t minor,
                      DivideRounded(static_cast<__int128>(diamonds) * value->value.coefficient *
                                        PowerOfTen(market.currency_facts().fraction_digits),
                                    PowerOfTen(value->value.scale), market.gifting().rounding));
  return Money(minor, market.currency());
}

}  // namespace mg::regions
