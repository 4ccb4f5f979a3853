// Amounts in API responses, as in quotes:
//
//   {"amount": 99, "currency": "EUR", "formatted": "0,99 €"}
//
// "amount" in integer minor units; "formatted" by the market's prebuilt
// formatter for the locale the quote resolved to.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "currency/currency_code.h"
#include "currency/money_format.h"
#include "regions/snapshot.h"

namespace mg::api {

class AmountRenderer {
 public:
  // `formatter` may be null (plain "12.34" text); it must outlive the renderer.
  AmountRenderer(CurrencyCode currency, const MoneyFormatter* formatter)
      : currency_(currency), formatter_(formatter) {}

  boost::json::object operator()(int64_t minor_units) const;
  CurrencyCode currency() const { return currency_; }

 private:
  CurrencyCode currency_;
  const MoneyFormatter* formatter_;
};

// The renderer for a stored record of `market` in `currency`: the market's
// formatter for the locale of the stored quote when `snapshot` still has the
// market, plain text otherwise. Errors: an unknown currency (a corrupt row).
Result<AmountRenderer> RendererForRecord(const regions::MarketSnapshot& snapshot,
                                         std::string_view market, std::string_view currency,
                                         const boost::json::value& quote);

// Parses a stored JSON document (quotes, advertisers); null when it is empty
// or malformed, which only a corrupt row can be. Its nodes live in `storage`.
boost::json::value ParseStoredJson(std::string_view text, boost::json::storage_ptr storage = {});

// Unix seconds of a store timestamp.
int64_t UnixSeconds(int64_t unix_millis);

}  // namespace mg::api
