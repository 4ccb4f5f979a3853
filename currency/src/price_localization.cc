#include "currency/price_localization.h"

#include <string>

#include "currency/fx.h"

namespace mg {
namespace {

Status Overflow(CurrencyCode target) {
  return Status(ErrorCode::kOutOfRange,
                "localized price overflows " + target.str() + " minor units");
}

int64_t Pow10(int exponent) {
  int64_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

// The price points of an ending are k * period - offset for k = 1, 2, ...
// (in minor units), and the chosen point is the smallest one >= the exact
// value. kWhole and kNone use offset 0.
struct PointGrid {
  int64_t period;
  int64_t offset;
};

Result<PointGrid> GridFor(const PricePointRule& rule, int digits, CurrencyCode target) {
  const int64_t unit = Pow10(digits);
  // ".99" is one hundredth of a major unit (ten fils in KWD); a zero-decimal
  // currency has no hundredths, so its "99" is one major unit below the step.
  const int64_t hundredth = digits >= 2 ? Pow10(digits - 2) : 1;
  int64_t step = rule.step_major > 0 ? rule.step_major : 1;
  if (rule.step_major == 0 && digits == 0 &&
      (rule.ending == PriceEnding::kNinetyNine ||
       rule.ending == PriceEnding::kFortyNineNinetyNine)) {
    step = 100;  // 99, 199, ... rather than every integer
  }
  int64_t period;
  if (__builtin_mul_overflow(step, unit, &period)) return Overflow(target);
  switch (rule.ending) {
    case PriceEnding::kNone:
      return PointGrid{rule.step_major > 0 ? period : 1, 0};
    case PriceEnding::kWhole:
      return PointGrid{period, 0};
    case PriceEnding::kNinetyNine:
      return PointGrid{period, hundredth};
    case PriceEnding::kFortyNineNinetyNine:
      if (period % 2 != 0) {
        return InvalidArgument("a 49_99 ending needs an even step in " + target.str() +
                                   " minor units, got " + std::to_string(period),
                               "step");
      }
      return PointGrid{period / 2, hundredth};
  }
  return InvalidArgument("unknown price ending");
}

Status CheckRule(const Money& base, CurrencyCode target, const PricePointRule& rule) {
  if (base.is_negative()) {
    return InvalidArgument("base price " + base.DebugString() + " is negative", "base");
  }
  if (rule.step_major < 0) {
    return InvalidArgument("step " + std::to_string(rule.step_major) + " is negative", "step");
  }
  if (rule.tax_inclusive_target && rule.tax_rate.coefficient < 0) {
    return InvalidArgument("tax rate " + rule.tax_rate.ToString() + " is negative", "tax_rate");
  }
  if (rule.floor && rule.floor->currency() != target) {
    return Status(
        ErrorCode::kCurrencyMismatch,
        "floor " + rule.floor->DebugString() + " is not in the target currency " + target.str());
  }
  return Status::Ok();
}

// exact * (1 + rate), still exact.
Status AddTax(const Decimal& rate, ExactAmount& exact) {
  const __int128 scale = Pow10(rate.scale);
  if (__builtin_mul_overflow(exact.numerator, scale + rate.coefficient, &exact.numerator) ||
      __builtin_mul_overflow(exact.denominator, scale, &exact.denominator)) {
    return Status(ErrorCode::kOutOfRange, "adding tax overflows 128-bit arithmetic");
  }
  return Status::Ok();
}

}  // namespace

Result<PriceEnding> ParsePriceEnding(std::string_view name) {
  if (name == "none") return PriceEnding::kNone;
  if (name == "99") return PriceEnding::kNinetyNine;
  if (name == "49_99") return PriceEnding::kFortyNineNinetyNine;
  if (name == "whole") return PriceEnding::kWhole;
  return InvalidArgument(
      "unknown price ending '" + std::string(name) + "'; expected none, 99, 49_99 or whole",
      "ending");
}

Result<Money> LocalizePrice(const Money& base, const Decimal& fx_rate, CurrencyCode target,
                            const PricePointRule& rule) {
  MG_RETURN_IF_ERROR(CheckRule(base, target, rule));
  MG_ASSIGN_OR_RETURN(ExactAmount exact, ConvertExact(base, target, fx_rate));
  if (rule.tax_inclusive_target) MG_RETURN_IF_ERROR(AddTax(rule.tax_rate, exact));
  MG_ASSIGN_OR_RETURN(CurrencyFacts facts, LookupCurrency(target));
  MG_ASSIGN_OR_RETURN(PointGrid grid, GridFor(rule, facts.fraction_digits, target));

  int64_t price = 0;  // a free base stays free
  if (!base.is_zero()) {
    // Points are k * period - offset: k = ceil((value + offset) / period) for
    // endings, or the declared rounding of value / period for kNone.
    __int128 numerator, denominator;
    if (__builtin_mul_overflow(static_cast<__int128>(grid.offset), exact.denominator, &numerator) ||
        __builtin_add_overflow(numerator, exact.numerator, &numerator) ||
        __builtin_mul_overflow(static_cast<__int128>(grid.period), exact.denominator,
                               &denominator)) {
      return Overflow(target);
    }
    const RoundingMode mode =
        rule.ending == PriceEnding::kNone ? rule.conversion_rounding : RoundingMode::kUp;
    Result<int64_t> k = DivideRounded(numerator, denominator, mode);
    if (!k.ok() || __builtin_mul_overflow(*k, grid.period, &price)) return Overflow(target);
    price -= grid.offset;
  }
  if (rule.floor && rule.floor->minor_units() > price) price = rule.floor->minor_units();
  return Money(price, target);
}

}  // namespace mg
