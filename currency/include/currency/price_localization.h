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

// How the price point is chosen from the exact converted (and taxed) value V.
// "Step" is PricePointRule::step_major. Except for kNone, the point is the
// smallest point >= V, computed from the exact value (no rounding before it):
enum class PriceEnding {
  // V rounded with conversion_rounding to minor units, or to a multiple of
  // the step when there is one. May be below V.
  kNone,
  // x.99: points are k * step - 0.01 major units (step defaults to 1): 0.99,
  // 1.99, ...; with step 5: 4.99, 9.99. In KWD (3 digits) x.990. In
  // zero-decimal currencies one major unit below a multiple of the step,
  // which defaults to 100 there: 99, 199, ... (JPY, KRW).
  kNinetyNine,
  // x.49 or x.99, whichever comes first at or above V: points are
  // k * step / 2 - 0.01 (0.49, 0.99, 1.49, ...; JPY with the default step
  // 100: 49, 99, 149, ...). Requires an even step in minor units.
  kFortyNineNinetyNine,
  // Whole major units, rounded up to a multiple of the step (default 1):
  // JPY 149.86 with step 10 -> 150; IDR 16087.50 with step 1000 -> 17000.
  kWhole,
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
  // Whether the target price point includes tax. The base is taken as
  // tax-exclusive; when true, tax at `tax_rate` is added before rounding, so
  // the price the consumer sees is the point.
  bool tax_inclusive_target = false;
  // Tax rate as a fraction ("0.19"); used only when tax_inclusive_target.
  Decimal tax_rate{};
  // Rounding for kNone; endings always round up to their next point.
  RoundingMode conversion_rounding = RoundingMode::kHalfUp;
};

// Derives the local price point. Endings always move up to the next point
// (never below the converted amount), except that the floor takes precedence:
// the result is max(point, floor), even when the floor is not itself a point.
// V = base * fx_rate (* (1 + tax_rate) when tax_inclusive_target), exact.
// A zero base stays zero before the floor is applied (free stays free).
// Examples: USD 0.99 at 151.3742 to JPY, kWhole step 10 -> JPY 150;
// USD 0.99 at 0.92 to EUR with 19% tax included (V = 1.083852):
// kNinetyNine -> 1.99, kFortyNineNinetyNine -> 1.49.
// Errors: negative base, step or tax rate (kInvalidArgument), non-positive
// rate, a floor in another currency (kCurrencyMismatch), overflow
// (kOutOfRange), a 49_99 ending whose step is odd in minor units.
Result<Money> LocalizePrice(const Money& base, const Decimal& fx_rate, CurrencyCode target,
                            const PricePointRule& rule);

}  // namespace mg
