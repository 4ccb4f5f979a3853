#include "currency/decimal.h"

#include <cstdint>
#include <limits>

namespace mg {
namespace {

// The pieces of "[-]digits[.digits]", with trailing zeros of the fraction
// dropped: they do not change the value ("1.50" has one decimal).
struct DecimalText {
  bool negative = false;
  std::string_view integer;
  std::string_view fraction;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

Result<DecimalText> Split(std::string_view text, const char* noun) {
  if (text.empty()) return InvalidArgument(std::string(noun) + " is empty");
  DecimalText parts;
  std::string_view rest = text;
  if (rest.front() == '-') {
    parts.negative = true;
    rest.remove_prefix(1);
  }
  const size_t point = rest.find('.');
  parts.integer = rest.substr(0, point);
  if (point != std::string_view::npos) parts.fraction = rest.substr(point + 1);

  const std::string what = std::string(noun) + " " + Quote(text);
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (IsDigit(c) || i == point) continue;
    const size_t offset = i + (parts.negative ? 1 : 0);
    std::string problem =
        what + " has an unexpected '" + std::string(1, c) + "' at offset " + std::to_string(offset);
    if (c == ',') problem += " (no thousands separators; use '.' for decimals)";
    if (c == 'e' || c == 'E') problem += " (no exponents)";
    return InvalidArgument(problem + "; expected [-]digits[.digits]");
  }
  if (parts.integer.empty()) {
    const bool has_point = point != std::string_view::npos;
    return InvalidArgument(
        what + (has_point ? " has no digits before the decimal point" : " has no digits"));
  }
  if (point != std::string_view::npos && parts.fraction.empty()) {
    return InvalidArgument(what + " has no digits after the decimal point");
  }
  while (!parts.fraction.empty() && parts.fraction.back() == '0') parts.fraction.remove_suffix(1);
  return parts;
}

// Appends decimal digits to an unsigned magnitude; false on overflow.
bool AppendDigits(uint64_t& magnitude, std::string_view digits) {
  for (char c : digits) {
    if (__builtin_mul_overflow(magnitude, 10u, &magnitude) ||
        __builtin_add_overflow(magnitude, static_cast<uint64_t>(c - '0'), &magnitude)) {
      return false;
    }
  }
  return true;
}

// Applies the sign; false when the result does not fit into int64.
bool ToSigned(uint64_t magnitude, bool negative, int64_t& out) {
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (magnitude > kMaxPositive + (negative ? 1 : 0)) return false;
  out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

// "[-]int.frac" with exactly `scale` decimals.
std::string FormatScaled(int64_t value, int scale) {
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  if (scale > 0) digits.insert(digits.size() - scale, 1, '.');
  return value < 0 ? "-" + digits : digits;
}

std::string Plural(size_t count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

}  // namespace

Result<Decimal> Decimal::Parse(std::string_view text) {
  MG_ASSIGN_OR_RETURN(DecimalText parts, Split(text, "decimal"));
  if (parts.fraction.size() > static_cast<size_t>(kMaxScale)) {
    return InvalidArgument("decimal " + Quote(text) + " has " +
                           Plural(parts.fraction.size(), "decimal") + "; at most " +
                           std::to_string(kMaxScale) + " are supported");
  }
  uint64_t magnitude = 0;
  Decimal result;
  if (!AppendDigits(magnitude, parts.integer) || !AppendDigits(magnitude, parts.fraction) ||
      !ToSigned(magnitude, parts.negative, result.coefficient)) {
    return Status(ErrorCode::kOutOfRange,
                  "decimal " + Quote(text) + " does not fit into 64 bits at its scale");
  }
  result.scale = static_cast<int>(parts.fraction.size());
  return result;
}

std::string Decimal::ToString() const {
  std::string text = FormatScaled(coefficient, scale);
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

Result<Money> ParseMoney(std::string_view text, CurrencyCode currency) {
  MG_ASSIGN_OR_RETURN(DecimalText parts, Split(text, "amount"));
  MG_ASSIGN_OR_RETURN(CurrencyFacts facts, LookupCurrency(currency));
  const size_t digits = static_cast<size_t>(facts.fraction_digits);
  if (parts.fraction.size() > digits) {
    return InvalidArgument("amount " + Quote(text) + " has " +
                           Plural(parts.fraction.size(), "decimal") + "; " + currency.str() +
                           " allows " + std::to_string(digits));
  }
  uint64_t magnitude = 0;
  bool fits = AppendDigits(magnitude, parts.integer) && AppendDigits(magnitude, parts.fraction);
  for (size_t i = parts.fraction.size(); fits && i < digits; ++i) {
    fits = !__builtin_mul_overflow(magnitude, 10u, &magnitude);
  }
  int64_t minor_units = 0;
  if (!fits || !ToSigned(magnitude, parts.negative, minor_units)) {
    return Status(ErrorCode::kOutOfRange, "amount " + Quote(text) +
                                              " is outside the int64 range of " + currency.str() +
                                              " minor units");
  }
  return Money(minor_units, currency);
}

Result<Money> ParseCurrencyAmount(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return InvalidArgument("expected CURRENCY:AMOUNT such as 'USD:0.99', got " + Quote(text));
  }
  MG_ASSIGN_OR_RETURN(CurrencyCode currency, CurrencyCode::Parse(text.substr(0, colon)));
  return ParseMoney(text.substr(colon + 1), currency);
}

std::string FormatPlain(const Money& money) {
  Result<CurrencyFacts> facts = LookupCurrency(money.currency());
  return FormatScaled(money.minor_units(), facts.ok() ? facts->fraction_digits : 0);
}

Result<int64_t> PercentOf(int64_t minor_units, const Decimal& percent, RoundingMode mode) {
  __int128 denominator = 100;
  for (int i = 0; i < percent.scale; ++i) denominator *= 10;
  return DivideRounded(static_cast<__int128>(minor_units) * percent.coefficient, denominator, mode);
}

}  // namespace mg
