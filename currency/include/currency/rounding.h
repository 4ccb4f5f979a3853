// Explicit rounding, declared per market: never implicit truncation.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace mg {

enum class RoundingMode {
  kHalfUp,    // 0.5 away from zero
  kHalfEven,  // banker's rounding
  kDown,      // toward zero
  kUp,        // away from zero
};

// "half_up", "half_even", "down", "up".
Result<RoundingMode> ParseRoundingMode(std::string_view name);
const char* RoundingModeName(RoundingMode mode);

// numerator / denominator rounded to an integer with `mode`, in 128-bit
// arithmetic. Errors: zero denominator, result outside int64.
Result<int64_t> DivideRounded(__int128 numerator, __int128 denominator, RoundingMode mode);

// Rounds minor units to a multiple of `increment` (e.g. 5 for CHF cash 0.05,
// 100 for whole JPY hundreds). REQUIRES increment > 0.
Result<int64_t> RoundToIncrement(int64_t minor_units, int64_t increment, RoundingMode mode);

}  // namespace mg
