// The exact tax factors of a list of components (see regions/tax_engine.h):
// f_i = r_i / 100, or r_i / 100 * (1 + f_1 + ... + f_{i-1}) when compound,
// all over one common denominator. Internal to regions.
#pragma once

#include <vector>

#include "base/status.h"
#include "currency/decimal.h"
#include "currency/money.h"
#include "currency/rounding.h"
#include "regions/market.h"

namespace mg::regions::internal {

struct TaxFactors {
  std::vector<__int128> numerators;  // f_i = numerators[i] / denominator
  __int128 denominator = 1;          // a power of 10^6

  __int128 total() const;  // numerator of F = sum of f_i
};

// Errors: more compound levels than 128-bit arithmetic can carry (kOutOfRange).
Result<TaxFactors> ComputeTaxFactors(const std::vector<const TaxComponent*>& components);

// One amount A split into its net and its components' taxes, rounded with
// `mode` (the arithmetic of regions/tax_engine.h):
//   exclusive: net = A, tax_i = round(A * f_i);
//   inclusive: net = round(A / (1 + F)), the tax A - net allocated over the
//   components in proportion to f_i (largest remainder).
struct AmountSplit {
  int64_t net = 0;
  std::vector<int64_t> taxes;  // one per component
};
Result<AmountSplit> SplitAmount(int64_t amount, const TaxFactors& factors, bool inclusive,
                                RoundingMode mode, CurrencyCode currency);

// F as a Decimal fraction (19 % -> 0.19). Errors when it does not fit.
Result<Decimal> CombinedRate(const std::vector<const TaxComponent*>& components);

}  // namespace mg::regions::internal
