// Foreign-exchange conversion with exact decimal rates and declared rounding.
#pragma once

#include <chrono>
#include <map>
#include <utility>

#include "currency/decimal.h"
#include "currency/money.h"
#include "currency/rounding.h"

namespace mg {

// The exact value of a conversion in minor units of the target currency:
// numerator / denominator, with denominator > 0. For rules that round later
// than the conversion (price points) rather than at it.
struct ExactAmount {
  __int128 numerator = 0;
  __int128 denominator = 1;
};

// amount * rate in minor units of `to`, unrounded. Errors: non-positive rate,
// overflow of 128-bit intermediates (kOutOfRange).
Result<ExactAmount> ConvertExact(const Money& amount, CurrencyCode to, const Decimal& rate);

// Converts `amount` into `to` at `rate` (units of `to` per one unit of the
// amount's currency), honouring both currencies' ISO digits, computed in
// 128-bit integers. USD 1.99 at 151.3742 to JPY, half-up -> 301.
// Errors: non-positive rate, overflow.
Result<Money> Convert(const Money& amount, CurrencyCode to, const Decimal& rate, RoundingMode mode);

// A table of rates published together at one as-of time. Lookups refuse the
// whole table once it is older than its maximum age (kFailedPrecondition).
// Immutable after construction; safe to share across threads.
class RatesTable {
 public:
  using Clock = std::chrono::system_clock;

  RatesTable(Clock::time_point as_of, Clock::duration max_age) : as_of_(as_of), max_age_(max_age) {}

  // Adds a rate; the inverse direction is not implied. Errors on a
  // non-positive rate, on from == to (that rate is always 1) and on a pair
  // that is already in the table (a feed listing a pair twice is broken).
  Status AddRate(CurrencyCode from, CurrencyCode to, Decimal rate);

  // The rate from -> to (1 for from == to), judged at `now`. Errors:
  // kFailedPrecondition when now - as_of > max_age (even for from == to),
  // kNotFound for a pair not in the table.
  Result<Decimal> Lookup(CurrencyCode from, CurrencyCode to, Clock::time_point now) const;

  // Lookup + Convert.
  Result<Money> ConvertAt(const Money& amount, CurrencyCode to, RoundingMode mode,
                          Clock::time_point now) const;

  Clock::time_point as_of() const { return as_of_; }

 private:
  Clock::time_point as_of_;
  Clock::duration max_age_;
  std::map<std::pair<CurrencyCode, CurrencyCode>, Decimal> rates_;
};

}  // namespace mg
