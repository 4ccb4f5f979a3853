// Shorthands for the currency tests: literals that must parse.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "currency/currency_code.h"
#include "currency/decimal.h"
#include "currency/money.h"

namespace mg::testing {

inline CurrencyCode Code(std::string_view code) {
  Result<CurrencyCode> parsed = CurrencyCode::Parse(code);
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.status().ToString();
    return *CurrencyCode::Parse("USD");  // keeps the failing test running
  }
  return *parsed;
}

// Amount("EUR", "12.34") is EUR 12.34, i.e. 1234 minor units.
inline Money Amount(std::string_view code, std::string_view amount) {
  Result<Money> money = ParseMoney(amount, Code(code));
  if (!money.ok()) {
    ADD_FAILURE() << money.status().ToString();
    return Money(0, Code(code));
  }
  return *money;
}

inline Decimal Dec(std::string_view text) {
  Result<Decimal> decimal = Decimal::Parse(text);
  if (!decimal.ok()) {
    ADD_FAILURE() << decimal.status().ToString();
    return Decimal{};
  }
  return *decimal;
}

}  // namespace mg::testing
