// Numbers that are not money, written as a locale writes them: counts with
// the locale's grouping ("12.345" in de-DE), shares as percentages ("95,3 %")
// and decimals with a fixed number of fraction digits. For people reading
// figures, such as the ops console; money goes through MoneyFormatter.
//
// Create() builds the ICU formatters (costly); the methods are const and
// thread-safe, so build one per locale and keep it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg {

class NumberFormatter {
 public:
  // Errors: a tag ICU has no data for (ValidateLocale).
  static Result<NumberFormatter> Create(std::string_view locale);

  NumberFormatter(NumberFormatter&&) noexcept;
  NumberFormatter& operator=(NumberFormatter&&) noexcept;
  ~NumberFormatter();

  std::string Integer(int64_t value) const;
  // `fraction` 0.953 is "95.3%" in en; at most one fraction digit.
  std::string Percent(double fraction) const;
  // Exactly `fraction_digits` (0..6) fraction digits, rounded half-even.
  std::string Decimal(double value, int fraction_digits) const;

  const std::string& locale() const;

 private:
  struct Impl;
  explicit NumberFormatter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace mg
