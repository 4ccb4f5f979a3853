// Exact decimal numbers parsed from strings: amounts ("1234.56") and rates
// ("151.3742", "0.19"). No floating point anywhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "currency/currency_code.h"
#include "currency/money.h"
#include "currency/rounding.h"

namespace mg {

// value = coefficient / 10^scale. Scale is at most kMaxScale.
struct Decimal {
  static constexpr int kMaxScale = 12;
  int64_t coefficient = 0;
  int scale = 0;

  // Parses "[-]digits[.digits]". Rejects junk, empty strings, exponents,
  // thousands separators, more than kMaxScale decimals, and values that do not
  // fit into int64 at their scale.
  static Result<Decimal> Parse(std::string_view text);

  // Canonical text without trailing zeros ("0.19", "151.3742", "7").
  std::string ToString() const;

  friend bool operator==(const Decimal&, const Decimal&) = default;
};

// Parses an amount of `currency` into minor units. "12.5" EUR -> 1250.
// Errors: junk, more decimals than the currency's ISO digits ("1.234" EUR,
// "1.5" JPY), values outside int64 minor units.
Result<Money> ParseMoney(std::string_view text, CurrencyCode currency);

// `percent` % of `minor_units` ("19" -> 19 %, "2.9" -> 2.9 %), rounded to
// whole minor units with `mode`. Errors: a result outside int64.
Result<int64_t> PercentOf(int64_t minor_units, const Decimal& percent, RoundingMode mode);

// Parses "USD:0.99" into Money.
Result<Money> ParseCurrencyAmount(std::string_view text);

// Plain, locale-free rendering of an amount in its currency's digits:
// 123456 EUR -> "1234.56"; 301 JPY -> "301"; -5 EUR -> "-0.05".
std::string FormatPlain(const Money& money);

}  // namespace mg
