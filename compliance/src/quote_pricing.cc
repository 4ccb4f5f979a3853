#include "quote_pricing.h"

#include "currency/decimal.h"

namespace mg::compliance {
namespace {

Result<Money> RequestAmount(const std::string& text, CurrencyCode currency,
                            const std::string& param) {
  Result<Money> money = ParseMoney(text, currency);
  if (!money.ok()) return InvalidArgument(money.status().message(), param);
  return *money;
}

Result<PricedRequest> PricePurchase(const regions::Market& market, const QuoteRequest& request,
                                    const MoneyFormatter& formatter) {
  PricedRequest priced;
  for (size_t i = 0; i < request.items.size(); ++i) {
    const LineItem& line = request.items[i];
    const regions::CatalogItem* item = market.FindSku(line.sku);
    if (item == nullptr) {
      return Status(ErrorCode::kNotFound, "no SKU '" + line.sku + "' in market " + market.code(),
                    "items[" + std::to_string(i) + "].sku");
    }
    bool coins = item->kind == regions::CatalogItem::Kind::kCoinPack;
    QuoteLine quote_line;
    quote_line.type = coins ? QuoteLine::Type::kCoinPack : QuoteLine::Type::kProduct;
    quote_line.sku = item->sku;
    quote_line.description = item->name;
    quote_line.tax_class = item->tax_class;
    quote_line.quantity = line.quantity;
    quote_line.unit_price = FormatWith(formatter, item->price);
    if (coins) {
      quote_line.coins = item->coins * line.quantity;
      priced.coins_credit += quote_line.coins;
    }
    priced.tax_lines.push_back(regions::TaxRequestLine{.sku = item->sku,
                                                       .description = item->name,
                                                       .tax_class = item->tax_class,
                                                       .unit_price = item->price,
                                                       .quantity = line.quantity,
                                                       .price_includes_tax = std::nullopt});
    priced.lines.push_back(std::move(quote_line));
  }
  return priced;
}

// The rate card's price for the booking and how it was derived.
Result<Money> PriceAd(const regions::AdFormat& format, const AdBooking& ad, CurrencyCode currency,
                      const MoneyFormatter& formatter, AdPricingDetail& detail) {
  detail.pricing = regions::AdPricingName(format.pricing);
  if (format.pricing != regions::AdPricing::kCpm && ad.budget) {
    return Unprocessable(
        "a budget applies to cpm formats; " + format.name + " is priced " + detail.pricing,
        "ad.budget");
  }
  if (format.pricing != regions::AdPricing::kPerDay && (ad.days || ad.flight_start)) {
    return Unprocessable(
        "days apply to per_day formats; " + format.name + " is priced " + detail.pricing,
        ad.days ? "ad.days" : "ad.flight");
  }
  switch (format.pricing) {
    case regions::AdPricing::kCpm: {
      if (!ad.budget)
        return Unprocessable(format.name + " is priced by CPM and needs a budget", "ad.budget");
      MG_ASSIGN_OR_RETURN(Money budget, RequestAmount(*ad.budget, currency, "ad.budget"));
      if (format.min_budget) {
        detail.min_budget = FormatWith(formatter, *format.min_budget);
        if (budget.minor_units() < format.min_budget->minor_units()) {
          return Unprocessable("budget " + FormatWith(formatter, budget).formatted +
                                   " is below the minimum of " + detail.min_budget->formatted +
                                   " for " + format.name,
                               "ad.budget");
        }
      }
      if (format.cpm_floor) {
        detail.cpm_floor = FormatWith(formatter, *format.cpm_floor);
        if (format.cpm_floor->minor_units() > 0) {
          detail.max_impressions = static_cast<int64_t>(
              static_cast<__int128>(budget.minor_units()) * 1000 / format.cpm_floor->minor_units());
        }
      }
      return budget;
    }
    case regions::AdPricing::kPerDay: {
      int days = 0;
      if (ad.days) {
        days = *ad.days;
      } else if (ad.flight_start && ad.flight_end) {
        MG_ASSIGN_OR_RETURN(days, FlightDays(*ad.flight_start, *ad.flight_end));
      } else {
        return Unprocessable(format.name + " is priced per day and needs days or a flight",
                             "ad.days");
      }
      if (!format.price) return Status(ErrorCode::kInternal, format.name + " has no price");
      detail.days = days;
      detail.price = FormatWith(formatter, *format.price);
      return Multiply(*format.price, days);
    }
    case regions::AdPricing::kFlat:
      if (!format.price) return Status(ErrorCode::kInternal, format.name + " has no price");
      detail.price = FormatWith(formatter, *format.price);
      return *format.price;
  }
  return Status(ErrorCode::kInternal, "unknown ad pricing");
}

Result<PricedRequest> PriceAdBooking(const regions::Market& market, const AdBooking& ad,
                                     const MoneyFormatter& formatter) {
  const regions::AdFormat* format = market.FindAdFormat(ad.format);
  if (format == nullptr) {
    std::string known;
    if (market.ads()) {
      for (const auto& [name, unused] : market.ads()->formats) {
        known += (known.empty() ? "" : ", ") + name;
      }
    }
    return Status(ErrorCode::kNotFound,
                  "no ad format '" + ad.format + "' in market " + market.code() +
                      (known.empty() ? " (it sells no ads)" : " (formats: " + known + ")"),
                  "ad.format");
  }
  AdPricingDetail detail;
  detail.format = format->name;
  MG_ASSIGN_OR_RETURN(Money price, PriceAd(*format, ad, market.currency(), formatter, detail));
  if (market.ads()) {
    detail.payment_terms = market.ads()->payment_terms;
    detail.invoice_terms_days = market.ads()->invoice_terms_days;
  }
  PricedRequest priced;
  QuoteLine line;
  line.type = QuoteLine::Type::kAd;
  line.sku = format->name;
  line.description = format->name + " ad (" + detail.pricing + ")";
  line.tax_class = regions::kTaxClassAdvertising;
  line.unit_price = FormatWith(formatter, price);
  priced.tax_lines.push_back(
      regions::TaxRequestLine{.sku = "",
                              .description = line.description,
                              .tax_class = regions::kTaxClassAdvertising,
                              .unit_price = price,
                              .quantity = 1,
                              .price_includes_tax = false});  // rate cards are tax-exclusive
  priced.lines.push_back(std::move(line));
  priced.ad = std::move(detail);
  return priced;
}

}  // namespace

FormattedMoney FormatWith(const MoneyFormatter& formatter, const Money& money) {
  Result<std::string> text = formatter.Format(money);
  return FormattedMoney{money.minor_units(), text.ok() ? *text : FormatPlain(money)};
}

Result<PricedRequest> PriceRequest(const regions::Market& market, const QuoteRequest& request,
                                   const MoneyFormatter& formatter) {
  switch (request.kind) {
    case RequestKind::kPurchase:
      return PricePurchase(market, request, formatter);
    case RequestKind::kAdBooking:
      return PriceAdBooking(market, *request.ad, formatter);
    case RequestKind::kGift:
      return PricedRequest{};  // a gift spends coins; nothing is priced
    case RequestKind::kPayout:
      return PricedRequest{};  // priced by BuildPayoutQuote (payout_quote.cc)
    case RequestKind::kOrder:
      return PricedRequest{};  // priced by BuildOrderQuote (order_quote.cc)
  }
  return PricedRequest{};
}

std::vector<PaymentMethodOption> PaymentOptions(const regions::Market& market, const Money& total,
                                                const regions::ProviderFilter& usable,
                                                const MoneyFormatter& formatter) {
  std::vector<PaymentMethodOption> available;
  std::vector<PaymentMethodOption> unavailable;
  for (const regions::PaymentMethod& method : market.payment_methods()) {
    PaymentMethodOption option;
    option.method = method.method;
    if (std::optional<std::string> reason = regions::MethodUnavailableReason(method, usable)) {
      option.available = false;
      option.unavailable_reason = std::move(*reason);
      unavailable.push_back(std::move(option));
      continue;
    }
    std::string refusal;
    for (const regions::ProviderRoute& route : method.providers) {
      if (usable && !usable(route.provider)) continue;
      bool currency_ok = route.currencies.empty();
      for (CurrencyCode code : route.currencies)
        currency_ok = currency_ok || code == total.currency();
      if (!currency_ok) {
        refusal = route.provider + " does not take " + total.currency().str();
        continue;
      }
      if (route.max_amount && route.max_amount->currency() == total.currency() &&
          total.minor_units() > route.max_amount->minor_units()) {
        refusal =
            route.provider + " takes at most " + FormatWith(formatter, *route.max_amount).formatted;
        continue;
      }
      option.providers.push_back(route.provider);
    }
    if (option.providers.empty()) {
      option.available = false;
      option.unavailable_reason = "no provider can take " + FormatWith(formatter, total).formatted +
                                  (refusal.empty() ? "" : " (" + refusal + ")");
      unavailable.push_back(std::move(option));
    } else {
      available.push_back(std::move(option));
    }
  }
  for (auto& option : unavailable) available.push_back(std::move(option));
  return available;
}

}  // namespace mg::compliance
