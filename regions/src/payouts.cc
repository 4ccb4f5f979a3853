#include "regions/payouts.h"

#include "currency/rounding.h"
#include "regions/gifting.h"

namespace mg::regions {

Result<PayoutAmounts> ComputePayout(const Market& market, int64_t diamonds, const RatesTable* rates,
                                    RatesTable::Clock::time_point now) {
  const Payouts* payouts = market.payouts();
  if (payouts == nullptr) {
    return Status(
        ErrorCode::kFailedPrecondition,
        "market " + market.code() + " declares no payouts: its creators cannot be paid yet");
  }
  if (diamonds <= 0) return InvalidArgument("diamonds must be positive", "diamonds");
  MG_ASSIGN_OR_RETURN(const Money value, ValueOfDiamonds(market, diamonds));
  std::optional<Money> gross;
  std::optional<Decimal> fx_rate;
  std::optional<RatesTable::Clock::time_point> fx_as_of;
  if (payouts->currency == market.currency()) {
    gross = value;
  } else {
    if (rates == nullptr) {
      return Status(ErrorCode::kFailedPrecondition,
                    "no FX rates are loaded: a payout in " + payouts->currency.str() +
                        " of earnings in " + market.currency().str() + " needs a rate",
                    "fx_rate");
    }
    MG_ASSIGN_OR_RETURN(fx_rate, rates->Lookup(market.currency(), payouts->currency, now));
    MG_ASSIGN_OR_RETURN(gross, Convert(value, payouts->currency, *fx_rate, payouts->rounding));
    fx_as_of = rates->as_of();
  }
  MG_ASSIGN_OR_RETURN(
      const int64_t withheld,
      PercentOf(gross->minor_units(), payouts->withholding.percent, payouts->rounding));
  return PayoutAmounts{value,
                       *gross,
                       Money(withheld, payouts->currency),
                       Money(gross->minor_units() - withheld, payouts->currency),
                       fx_rate,
                       fx_as_of};
}

}  // namespace mg::regions
