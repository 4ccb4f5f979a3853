#include "payout_quote.h"

#include "compliance/decide.h"
#include "quote_pricing.h"
#include "regions/payouts.h"

namespace mg::compliance {

Result<Quote> BuildPayoutQuote(const regions::Market& market, const QuoteRequest& request,
                               const DecisionContext& context) {
  const PayoutCase& payout = *request.payout;
  const regions::Payouts* payouts = market.payouts();
  Quote quote(payouts != nullptr ? payouts->currency : market.currency());
  quote.market = market.code();
  quote.market_name = market.name();
  quote.kind = request.kind;
  quote.locale = request.locale.empty() ? market.default_locale()
                                        : market.negotiator().Resolve(request.locale);
  quote.created = context.now;
  const MoneyFormatter& formatter = market.FormatterFor(quote.locale);
  // The market's formatter speaks its own currency; another is written plainly.
  auto format = [&](const Money& money) {
    return money.currency() == market.currency()
               ? FormatWith(formatter, money)
               : FormattedMoney{money.minor_units(), FormatPlain(money)};
  };
  Money gross(0, quote.currency);
  Money withheld(0, quote.currency);
  Money net(0, quote.currency);
  if (payouts != nullptr) {
    MG_ASSIGN_OR_RETURN(
        regions::PayoutAmounts amounts,
        regions::ComputePayout(market, payout.diamonds, /*rates=*/nullptr, context.now));
    gross = amounts.gross;
    withheld = amounts.withheld;
    net = amounts.net;
  }
  quote.subtotal = format(gross);
  quote.tax = format(withheld);
  quote.total = format(net);
  quote.decision = DecidePayout(market, payout.creator, gross);
  return quote;
}

}  // namespace mg::compliance
