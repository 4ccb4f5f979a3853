// Price localization the way app stores do it with price points: from a base
// price (USD 0.99), an FX rate and the market's tax treatment, derive the
// local consumer price with declared rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "currency/decimal.h"
#include "currency/money.h"
#include "currency/rounding.h"

namespace mg {

enum class PriceEnding {
  kNone,      // keep the converted amount rounded to the step only
  kNinetyNine,  // x.99 (or, in zero-decimal currencies, ...99 at the step)
  kFortyNineNinetyNine,  // the nearer of x.49 and x.99
  kWhole,     // whole major units (x.00), then rounded to `step` major units
};

// "none", "99", "49_99", "whole".
Result<PriceEnding> ParsePriceEnding(std::string_view name);

struct PricePointRule {
  PriceEnding ending = PriceEnding::kNone;
  // Round to a multiple of this many major units (10 or 100 for JPY, KRW,
  // IDR); 0 = no step.
  int64_t step_major = 0;
  // The result is never below this amount (in the target currency).
  std::optional<Money> floor;
  // Whether the target price point includes tax. When true and the base is
  // tax-exclusive, tax at `tax_rate` is added before rounding, so the price the
  // consumer sees is the point.
  bool tax_inclusive_target = false;
  // Tax rate as a fraction ("0.19"); used only when tax_inclusive_target.
  Decimal tax_rate{};
  RoundingMode conversion_rounding = RoundingMode::kHalfUp;
};

// Derives the local price point. Endings always move up to the next point
// (never below the converted amount), except that the floor takes precedence.
Result<Money> LocalizePrice(const Money& base, const Decimal& fx_rate, CurrencyCode target,
                            const PricePointRule& rule);

}  // namespace mg
