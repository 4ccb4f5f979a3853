#include "tax_factors.h"

namespace mg::regions::internal {
namespace {

constexpr int64_t kFactorScale = 1'000'000;  // rates have <= 4 decimals: r/100 over 10^6
constexpr int kMaxCompoundLevels = 2;        // keeps numerators within int64

__int128 Pow10(int exponent) {
  __int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// r / 100 over 10^6: a rate with scale s (<= 4) is c / 10^s percent.
__int128 RateOverMillion(const Decimal& rate) {
  return static_cast<__int128>(rate.coefficient) * Pow10(4 - rate.scale);
}

}  // namespace

__int128 TaxFactors::total() const {
  __int128 sum = 0;
  for (__int128 n : numerators) sum += n;
  return sum;
}

Result<TaxFactors> ComputeTaxFactors(const std::vector<const TaxComponent*>& components) {
  TaxFactors factors;
  factors.denominator = kFactorScale;
  int compound_levels = 0;
  for (const TaxComponent* component : components) {
    if (component->rate.scale > 4 || component->rate.scale < 0) {
      return InvalidArgument("rate with more than 4 decimals: " + component->rate.ToString());
    }
    __int128 rate = RateOverMillion(component->rate);
    if (!component->compound) {
      factors.numerators.push_back(rate * (factors.denominator / kFactorScale));
      continue;
    }
    if (++compound_levels > kMaxCompoundLevels) {
      return Status(ErrorCode::kOutOfRange, "too many compound tax components");
    }
    __int128 base = factors.denominator + factors.total();  // (1 + sum f) * D
    for (__int128& n : factors.numerators) n *= kFactorScale;
    factors.denominator *= kFactorScale;
    factors.numerators.push_back(rate * base);
  }
  return factors;
}

Result<AmountSplit> SplitAmount(int64_t amount, const TaxFactors& factors, bool inclusive,
                                RoundingMode mode, CurrencyCode currency) {
  AmountSplit split;
  const size_t n = factors.numerators.size();
  split.taxes.assign(n, 0);
  if (!inclusive) {
    split.net = amount;
    for (size_t i = 0; i < n; ++i) {
      MG_ASSIGN_OR_RETURN(split.taxes[i],
                          DivideRounded(static_cast<__int128>(amount) * factors.numerators[i],
                                        factors.denominator, mode));
    }
    return split;
  }
  __int128 total = factors.total();
  MG_ASSIGN_OR_RETURN(split.net, DivideRounded(static_cast<__int128>(amount) * factors.denominator,
                                               factors.denominator + total, mode));
  int64_t tax = amount - split.net;
  if (tax == 0 || total == 0) return split;
  std::vector<int64_t> weights;
  for (__int128 numerator : factors.numerators) {
    if (numerator > INT64_MAX) return Status(ErrorCode::kOutOfRange, "tax factor out of range");
    weights.push_back(static_cast<int64_t>(numerator));
  }
  MG_ASSIGN_OR_RETURN(std::vector<Money> parts, AllocateByWeights(Money(tax, currency), weights));
  for (size_t i = 0; i < n; ++i) split.taxes[i] = parts[i].minor_units();
  return split;
}

Result<Decimal> CombinedRate(const std::vector<const TaxComponent*>& components) {
  MG_ASSIGN_OR_RETURN(TaxFactors factors, ComputeTaxFactors(components));
  __int128 total = factors.total();
  int scale = 0;
  for (__int128 d = factors.denominator; d > 1; d /= 10) ++scale;
  // Drop trailing zeros so that the scale fits Decimal.
  while (scale > 0 && total % 10 == 0) {
    total /= 10;
    --scale;
  }
  if (scale > Decimal::kMaxScale || total > INT64_MAX) {
    return Status(ErrorCode::kOutOfRange, "combined tax rate does not fit a decimal");
  }
  return Decimal{static_cast<int64_t>(total), scale};
}

}  // namespace mg::regions::internal
