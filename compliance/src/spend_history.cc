#include "compliance/spend_history.h"

#include "currency/decimal.h"

namespace mg::compliance {
namespace {

Result<int64_t> MinorUnits(const std::string& text, CurrencyCode currency,
                           const std::string& param) {
  Result<Money> money = ParseMoney(text, currency);
  if (!money.ok()) return InvalidArgument(money.status().message(), param);
  return money->minor_units();
}

}  // namespace

Result<SpendFigures> ResolveSpend(const QuoteRequest& request, CurrencyCode currency,
                                  const SpendHistory* history, Timestamp now) {
  SpendFigures figures;
  const Customer& customer = request.customer;
  if (customer.spend) {
    const DeclaredSpend& spend = *customer.spend;
    MG_ASSIGN_OR_RETURN(figures.last_24h,
                        MinorUnits(spend.last_24h, currency, "customer.spend.last_24h"));
    MG_ASSIGN_OR_RETURN(figures.last_30d,
                        MinorUnits(spend.last_30d, currency, "customer.spend.last_30d"));
    MG_ASSIGN_OR_RETURN(figures.since_last_sca, MinorUnits(spend.since_last_sca, currency,
                                                           "customer.spend.since_last_sca"));
    figures.count_since_last_sca = spend.count_since_last_sca;
    return figures;
  }
  if (history == nullptr || customer.id.empty()) return figures;
  MG_ASSIGN_OR_RETURN(figures.last_24h,
                      history->SpentInWindow(customer.id, request.market, now, kDayWindow));
  MG_ASSIGN_OR_RETURN(figures.last_30d,
                      history->SpentInWindow(customer.id, request.market, now, kMonthWindow));
  MG_ASSIGN_OR_RETURN(SpendHistory::ScaTally tally,
                      history->SinceLastSca(customer.id, request.market));
  figures.since_last_sca = tally.amount;
  figures.count_since_last_sca = tally.count;
  return figures;
}

}  // namespace mg::compliance
