// Pricing of a request's lines before tax (internal to BuildQuote): catalog
// SKUs for purchases, the ad rate card for bookings.
#pragma once

#include <optional>
#include <vector>

#include "compliance/quote.h"
#include "currency/money_format.h"
#include "regions/market.h"
#include "regions/tax_engine.h"

namespace mg::compliance {

struct PricedRequest {
  std::vector<regions::TaxRequestLine> tax_lines;  // for the tax engine
  std::vector<QuoteLine> lines;                    // same order; amounts after tax are filled later
  std::optional<AdPricingDetail> ad;
  int64_t coins_credit = 0;
};

// Display text of `money`, falling back to plain text should ICU fail.
FormattedMoney FormatWith(const MoneyFormatter& formatter, const Money& money);

// Errors as BuildQuote() documents for SKUs and ad bookings.
Result<PricedRequest> PriceRequest(const regions::Market& market, const QuoteRequest& request,
                                   const MoneyFormatter& formatter);

// Copies the tax engine's lines, tax lines and totals into `quote`
// (quote.cc).
void ApplyTax(const regions::TaxResult& tax, const MoneyFormatter& formatter, Quote& quote);

// kUnprocessable [customer.payment_method] when the request names a method
// the quote's market does not offer or cannot take now (quote.cc).
Status CheckPaymentMethod(const QuoteRequest& request, const Quote& quote);

// The market's payment methods for paying `total`: available ones first (in
// declaration order), then the unavailable ones with the reason.
std::vector<PaymentMethodOption> PaymentOptions(const regions::Market& market, const Money& total,
                                                const regions::ProviderFilter& usable,
                                                const MoneyFormatter& formatter);

}  // namespace mg::compliance
