#include "currency/currency_code.h"

#include <unicode/ucurr.h>
#include <unicode/uenum.h>

#include <cmath>
#include <map>
#include <string>

namespace mg {
namespace {

// What ICU says about one currency, keyed by its code in the registry below.
struct IcuFacts {
  int fraction_digits;
  int cash_fraction_digits;
  int64_t cash_increment_minor;
};

int64_t Pow10(int exponent) {
  int64_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

IcuFacts ReadIcuFacts(const char* code) {
  UChar iso[4] = {static_cast<UChar>(code[0]), static_cast<UChar>(code[1]),
                  static_cast<UChar>(code[2]), 0};
  UErrorCode status = U_ZERO_ERROR;
  int digits = ucurr_getDefaultFractionDigitsForUsage(iso, UCURR_USAGE_STANDARD, &status);
  int cash_digits = ucurr_getDefaultFractionDigitsForUsage(iso, UCURR_USAGE_CASH, &status);
  double increment = ucurr_getRoundingIncrementForUsage(iso, UCURR_USAGE_CASH, &status);
  if (U_FAILURE(status)) return IcuFacts{2, 2, 1};  // ICU's own fallback for unknown codes
  // ICU only reports increments coarser than 10^-cash_digits ("5" with 2 cash
  // digits is 0.05); otherwise cash is rounded to the cash digits, which may be
  // fewer than the ISO digits (IDR: 2 ISO, 0 cash -> 100 minor units). The
  // double holds a short decimal such as 0.05, so rounding it back is exact.
  int64_t cash_increment = Pow10(digits - cash_digits);
  if (increment > 0) cash_increment = std::llround(increment * static_cast<double>(Pow10(digits)));
  return IcuFacts{digits, cash_digits, cash_increment < 1 ? 1 : cash_increment};
}

// Every ISO 4217 currency ICU lists as in common use and not deprecated, read
// once. This excludes retired codes (DEM), test and no-currency codes (XTS,
// XXX) and precious metals, none of which the gateway can charge in.
const std::map<std::string, IcuFacts, std::less<>>& Registry() {
  static const auto* registry = [] {
    auto* facts = new std::map<std::string, IcuFacts, std::less<>>();
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration* codes = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
    const char* code = nullptr;
    while (U_SUCCESS(status) && (code = uenum_next(codes, nullptr, &status)) != nullptr) {
      facts->emplace(code, ReadIcuFacts(code));
    }
    uenum_close(codes);
    return facts;
  }();
  return *registry;
}

bool IsUpperAlpha3(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// True when ICU knows the code at all, including historic ones.
bool IcuKnowsAnyTime(std::string_view code) {
  UChar iso[4] = {static_cast<UChar>(code[0]), static_cast<UChar>(code[1]),
                  static_cast<UChar>(code[2]), 0};
  UErrorCode status = U_ZERO_ERROR;
  return ucurr_isAvailable(iso, U_DATE_MIN, U_DATE_MAX, &status) && U_SUCCESS(status);
}

}  // namespace

Result<CurrencyCode> CurrencyCode::Parse(std::string_view code) {
  auto quoted = [code] { return "'" + std::string(code) + "'"; };
  if (!IsUpperAlpha3(code)) {
    return InvalidArgument("currency code " + quoted() + " must be three upper-case letters",
                           "currency");
  }
  if (Registry().find(code) == Registry().end()) {
    if (IcuKnowsAnyTime(code)) {
      return InvalidArgument("currency " + quoted() + " is not a currency in current use",
                             "currency");
    }
    return InvalidArgument("unknown currency code " + quoted(), "currency");
  }
  return CurrencyCode(code);
}

Result<CurrencyFacts> LookupCurrency(CurrencyCode code) {
  auto it = Registry().find(code.view());
  if (it == Registry().end()) {
    // Unreachable for codes built by Parse; kept so a broken invariant is visible.
    return Status(ErrorCode::kInternal, "no ICU facts for currency " + code.str());
  }
  const IcuFacts& facts = it->second;
  return CurrencyFacts{code, facts.fraction_digits, facts.cash_fraction_digits,
                       facts.cash_increment_minor};
}

Result<CurrencyFacts> LookupCurrency(std::string_view code) {
  MG_ASSIGN_OR_RETURN(CurrencyCode parsed, CurrencyCode::Parse(code));
  return LookupCurrency(parsed);
}

}  // namespace mg
