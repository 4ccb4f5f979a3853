// How the console writes numbers and money for the person reading it: in
// the locale their browser asks for (Accept-Language), matched among every
// locale ICU has data for, English when nothing matches. Prices in a
// market's catalog stay as that market's locales write them (market_page):
// those show what buyers see.
//
// Formatters are built the first time a locale (or a currency in it) is
// asked for and kept: no page builds an ICU formatter it built before.
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"
#include "currency/locale_negotiation.h"
#include "currency/money_format.h"
#include "currency/number_format.h"

namespace mg::console {

class OperatorFormat {
 public:
  explicit OperatorFormat(NumberFormatter numbers) : numbers_(std::move(numbers)) {}

  const std::string& locale() const { return numbers_.locale(); }
  std::string Count(int64_t value) const { return numbers_.Integer(value); }
  std::string Percent(double fraction) const { return numbers_.Percent(fraction); }
  // A duration in milliseconds: "0.4 ms", "250 ms", "1,250 ms".
  std::string Millis(double seconds) const;
  // `minor` units of `currency` ("€1,234.50" in en); the count and the
  // unit when it is not a currency ICU knows ("1,200 coins" on the ledger).
  std::string Money(int64_t minor, std::string_view currency) const;

 private:
  NumberFormatter numbers_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, MoneyFormatter, std::less<>> money_;  // by currency
};

class OperatorLocales {
 public:
  static Result<std::shared_ptr<OperatorLocales>> Create();

  // The format for an Accept-Language header ("" or unmatched: English);
  // never null.
  std::shared_ptr<const OperatorFormat> For(std::string_view accept_language);

 private:
  OperatorLocales(LocaleNegotiator negotiator, std::shared_ptr<const OperatorFormat> english)
      : negotiator_(std::move(negotiator)), default_(std::move(english)) {}

  LocaleNegotiator negotiator_;
  std::shared_ptr<const OperatorFormat> default_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const OperatorFormat>> formats_;  // by locale
};

}  // namespace mg::console
