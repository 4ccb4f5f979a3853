// Money: an amount in integer minor units of one ISO 4217 currency.
// All arithmetic is checked: overflow is an error (kOutOfRange), never UB,
// and combining two currencies is an error (kCurrencyMismatch).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "currency/currency_code.h"

namespace mg {

class Money {
 public:
  Money(int64_t minor_units, CurrencyCode currency)
      : minor_units_(minor_units), currency_(currency) {}

  int64_t minor_units() const { return minor_units_; }
  CurrencyCode currency() const { return currency_; }
  bool is_zero() const { return minor_units_ == 0; }
  bool is_negative() const { return minor_units_ < 0; }

  friend bool operator==(const Money&, const Money&) = default;

  // "EUR 12.34" style, for logs and test failure messages. Not for display:
  // use MoneyFormatter for what people see.
  std::string DebugString() const;

 private:
  int64_t minor_units_;
  CurrencyCode currency_;
};

Result<Money> Add(const Money& a, const Money& b);
Result<Money> Subtract(const Money& a, const Money& b);
Result<Money> Multiply(const Money& a, int64_t factor);
Result<Money> Negate(const Money& a);
// Sum of amounts; an empty span is an error (no currency to answer in).
Result<Money> Sum(std::span<const Money> amounts);
// Compares amounts of the same currency: <0, 0, >0.
Result<int> Compare(const Money& a, const Money& b);

// Splits `total` into `parts` amounts that differ by at most one minor unit
// and sum exactly to `total`; the earlier parts get the extra units
// (1.00 / 3 -> 0.34, 0.33, 0.33). REQUIRES parts > 0.
Result<std::vector<Money>> SplitEvenly(const Money& total, int parts);

// Allocates `total` in proportion to non-negative `weights` (largest-remainder
// method, ties to the earlier weight) so that the parts sum exactly to `total`.
// Used to spread tax and discounts over basket lines. At least one weight must
// be positive.
Result<std::vector<Money>> AllocateByWeights(const Money& total, std::span<const int64_t> weights);

}  // namespace mg
