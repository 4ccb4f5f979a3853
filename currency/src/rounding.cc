#include "currency/rounding.h"

#include <cstdint>
#include <limits>
#include <string>

namespace mg {

Result<RoundingMode> ParseRoundingMode(std::string_view name) {
  for (RoundingMode mode :
       {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown, RoundingMode::kUp}) {
    if (name == RoundingModeName(mode)) return mode;
  }
  return InvalidArgument(
      "unknown rounding mode '" + std::string(name) + "'; expected half_up, half_even, down or up",
      "rounding");
}

const char* RoundingModeName(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::kHalfUp:
      return "half_up";
    case RoundingMode::kHalfEven:
      return "half_even";
    case RoundingMode::kDown:
      return "down";
    case RoundingMode::kUp:
      return "up";
  }
  return "half_up";
}

Result<int64_t> DivideRounded(__int128 numerator, __int128 denominator, RoundingMode mode) {
  if (denominator == 0) return InvalidArgument("division by zero");
  // Round the magnitude, then reapply the sign: every mode here is symmetric
  // around zero. Unsigned magnitudes avoid the INT128_MIN / -1 trap.
  using U128 = unsigned __int128;
  const bool negative = (numerator < 0) != (denominator < 0);
  const U128 n = numerator < 0 ? U128{0} - static_cast<U128>(numerator) : numerator;
  const U128 d = denominator < 0 ? U128{0} - static_cast<U128>(denominator) : denominator;
  U128 quotient = n / d;
  const U128 remainder = n % d;
  // remainder < d <= 2^127, so 2 * remainder cannot wrap.
  const U128 twice = remainder * 2;
  bool away = false;
  switch (mode) {
    case RoundingMode::kHalfUp:
      away = twice >= d;
      break;
    case RoundingMode::kHalfEven:
      away = twice > d || (twice == d && (quotient & 1) == 1);
      break;
    case RoundingMode::kDown:
      away = false;
      break;
    case RoundingMode::kUp:
      away = remainder != 0;
      break;
  }
  if (away) ++quotient;
  const U128 limit = static_cast<U128>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  if (quotient > limit) {
    return Status(ErrorCode::kOutOfRange, "rounded quotient does not fit into int64");
  }
  return negative ? static_cast<int64_t>(U128{0} - quotient) : static_cast<int64_t>(quotient);
}

Result<int64_t> RoundToIncrement(int64_t minor_units, int64_t increment, RoundingMode mode) {
  if (increment <= 0) {
    return InvalidArgument("rounding increment " + std::to_string(increment) + " must be positive");
  }
  MG_ASSIGN_OR_RETURN(int64_t steps, DivideRounded(minor_units, increment, mode));
  int64_t rounded;
  if (__builtin_mul_overflow(steps, increment, &rounded)) {
    return Status(ErrorCode::kOutOfRange, std::to_string(minor_units) +
                                              " rounded to a multiple of " +
                                              std::to_string(increment) + " overflows int64");
  }
  return rounded;
}

}  // namespace mg
