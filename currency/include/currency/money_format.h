// Locale-aware display of money with ICU's icu::number API.
//
// A MoneyFormatter is built once per (locale, currency, style, digits) and is
// immutable afterwards: Format() is const and safe to call from many threads
// at once (ICU's LocalizedNumberFormatter is thread-safe for formatting).
// Never build one per request; markets build theirs into their snapshot.
// Formatters asked for with the same (locale, currency, style, digits) share
// one compiled ICU formatter while any of them lives.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "currency/money.h"

namespace mg {

enum class MoneyStyle {
  kSymbol,   // "1.234,50 €"
  kIsoCode,  // "1.234,50 EUR"
  kName,     // "1.234,50 Euro"
};

struct MoneyFormatOptions {
  MoneyStyle style = MoneyStyle::kSymbol;
  // Overrides the number of decimals shown (IDR and KRW shown without
  // decimals). Default: the currency's ISO digits. Display only: amounts are
  // still minor units of ISO digits, rounded half-even for display.
  std::optional<int> display_digits;
};

class MoneyFormatter {
 public:
  // Errors: unknown locale (not in ICU's available locales), unknown currency.
  static Result<MoneyFormatter> Create(std::string_view locale, CurrencyCode currency,
                                       MoneyFormatOptions options = {});

  MoneyFormatter(MoneyFormatter&&) noexcept;
  MoneyFormatter& operator=(MoneyFormatter&&) noexcept;
  ~MoneyFormatter();

  // REQUIRES: money.currency() == currency(). UTF-8 output.
  Result<std::string> Format(const Money& money) const;

  const std::string& locale() const;
  CurrencyCode currency() const;

 private:
  struct Impl;
  explicit MoneyFormatter(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// Checks that ICU has data for `locale` (a BCP 47 tag such as "de-CH"): the
// tag, its canonical form ("iw" -> "he") or its language with likely script
// and region must be among ICU's available locales. "de-DE" and "en-ZZ" (via
// "en") pass; "xx-YY", "und", "de_DE" and "not a locale" are errors.
Status ValidateLocale(std::string_view locale);

}  // namespace mg
