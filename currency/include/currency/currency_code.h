// CurrencyCode: a validated ISO 4217 alphabetic code, and the currency facts
// marketgate needs, all read from ICU's data (never from hand-typed tables).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg {

// Three upper-case ASCII letters that ICU knows as an ISO 4217 currency.
// Cheap to copy; compare by value.
class CurrencyCode {
 public:
  // Validates `code` against ICU ("EUR" ok; "eur", "EU", "XYZ" are errors).
  // Only currencies ICU lists as in common use and not deprecated are valid:
  // retired (DEM), testing (XTS) and no-currency (XXX) codes are errors too.
  static Result<CurrencyCode> Parse(std::string_view code);

  std::string_view view() const { return std::string_view(code_.data(), 3); }
  std::string str() const { return std::string(view()); }

  friend bool operator==(const CurrencyCode&, const CurrencyCode&) = default;
  friend auto operator<=>(const CurrencyCode&, const CurrencyCode&) = default;

 private:
  explicit CurrencyCode(std::string_view code) { code.copy(code_.data(), 3); }
  std::array<char, 3> code_{};
};

struct CurrencyFacts {
  CurrencyCode code;
  int fraction_digits;       // ISO minor units as ICU reports them (JPY 0, KWD 3)
  int cash_fraction_digits;  // digits used for cash (ICU's cash usage)
  // Cash rounding increment in minor units: CHF and CAD -> 5 (0.05); 1 when none.
  // Where cash has fewer digits than ISO it is coarser: IDR (2 ISO digits,
  // 0 cash digits in ICU 72) -> 100.
  int64_t cash_increment_minor;
};

// Facts for a currency, from ICU (ucurr_getDefaultFractionDigitsForUsage and
// ucurr_getRoundingIncrementForUsage).
Result<CurrencyFacts> LookupCurrency(CurrencyCode code);
Result<CurrencyFacts> LookupCurrency(std::string_view code);

}  // namespace mg
