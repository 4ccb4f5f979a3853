#include "compliance/quote.h"

#include "order_quote.h"
#include "payout_quote.h"
#include "quote_pricing.h"

namespace mg::compliance {
namespace {

const regions::TaxEngine& DefaultTaxEngine() {
  static const regions::TaxEngine engine;  // offline VAT ID checks; stateless
  return engine;
}

std::optional<BusinessParty> TaxBusiness(const QuoteRequest& request) {
  if (request.kind == RequestKind::kAdBooking && request.ad) return request.ad->advertiser.business;
  return request.customer.business;
}

// The tax engine names its lines "lines[i]"; the request calls them
// "items[i]" (purchases) or "ad" (the one line of a booking).
Status MapTaxError(Status status, RequestKind kind) {
  std::string param = status.param();
  if (param.rfind("lines[", 0) == 0) {
    if (kind == RequestKind::kAdBooking) {
      param = "ad";
    } else {
      param = "items" + param.substr(5);
    }
  }
  return Status(status.code(), status.message(), param);
}

Result<regions::TaxResult> ComputeTax(const regions::Market& market, const QuoteRequest& request,
                                      std::vector<regions::TaxRequestLine> lines,
                                      const regions::VatIdChecker* checker) {
  regions::TaxRequest tax_request;
  tax_request.market = &market;
  if (!request.subdivision.empty()) tax_request.subdivision = request.subdivision;
  if (std::optional<BusinessParty> business = TaxBusiness(request)) {
    tax_request.customer.business = true;
    tax_request.customer.vat_id = business->vat_id;
    tax_request.customer.billing_country = business->billing_country;
  }
  tax_request.lines = std::move(lines);
  // An engine only holds the checker's address: building one per quote is free.
  Result<regions::TaxResult> result = checker != nullptr
                                          ? regions::TaxEngine(*checker).Compute(tax_request)
                                          : DefaultTaxEngine().Compute(tax_request);
  if (!result.ok()) return MapTaxError(result.status(), request.kind);
  return result;
}

}  // namespace

void ApplyTax(const regions::TaxResult& tax, const MoneyFormatter& formatter, Quote& quote) {
  for (size_t i = 0; i < quote.lines.size() && i < tax.lines.size(); ++i) {
    quote.lines[i].net = FormatWith(formatter, tax.lines[i].net);
    quote.lines[i].tax = FormatWith(formatter, tax.lines[i].tax);
    quote.lines[i].gross = FormatWith(formatter, tax.lines[i].gross);
    quote.lines[i].reverse_charged = tax.lines[i].reverse_charged;
  }
  for (const regions::TaxLine& line : tax.tax_lines) {
    quote.tax_lines.push_back(
        QuoteTaxLine{line.name, line.rate.ToString(), FormatWith(formatter, line.taxable_base),
                     FormatWith(formatter, line.amount), line.source, line.verified});
  }
  quote.subtotal = FormatWith(formatter, tax.subtotal_net);
  quote.tax = FormatWith(formatter, tax.total_tax);
  quote.total = FormatWith(formatter, tax.total_gross);
  quote.reverse_charge = tax.reverse_charge;
  quote.tax_notes = tax.notes;
}

Status CheckPaymentMethod(const QuoteRequest& request, const Quote& quote) {
  const std::string& wanted = request.customer.payment_method;
  if (wanted.empty() || request.kind == RequestKind::kGift) return Status::Ok();
  for (const PaymentMethodOption& option : quote.payment_methods) {
    if (option.method != wanted) continue;
    if (option.available) return Status::Ok();
    return Unprocessable("payment method '" + wanted + "' is not available in " + quote.market +
                             ": " + option.unavailable_reason,
                         "customer.payment_method");
  }
  std::string known;
  for (const auto& option : quote.payment_methods)
    known += (known.empty() ? "" : ", ") + option.method;
  return Unprocessable("payment method '" + wanted + "' is not offered in " + quote.market +
                           " (methods: " + known + ")",
                       "customer.payment_method");
}

const char* QuoteLineTypeName(QuoteLine::Type type) {
  switch (type) {
    case QuoteLine::Type::kCoinPack:
      return "coin_pack";
    case QuoteLine::Type::kProduct:
      return "product";
    case QuoteLine::Type::kAd:
      return "ad";
    case QuoteLine::Type::kGoods:
      return "goods";
  }
  return "product";
}

Result<Quote> BuildQuote(const regions::MarketSnapshot& snapshot, const QuoteRequest& request,
                         const DecisionContext& context) {
  const regions::Market* market = snapshot.Find(request.market);
  if (market == nullptr) {
    return Status(ErrorCode::kNotFound, "no market '" + request.market + "'", "market");
  }
  if (request.kind == RequestKind::kPayout) return BuildPayoutQuote(*market, request, context);
  if (request.kind == RequestKind::kOrder) {
    return BuildOrderQuote(snapshot, *market, request, context);
  }
  Quote quote(market->currency());
  quote.market = market->code();
  quote.market_name = market->name();
  quote.kind = request.kind;
  quote.locale = request.locale.empty() ? market->default_locale()
                                        : market->negotiator().Resolve(request.locale);
  quote.prices_include_tax = market->prices_include_tax();
  quote.subdivision = request.subdivision;
  quote.recurring = request.recurring;
  quote.created = context.now;
  quote.snapshot_version = snapshot.version();
  const MoneyFormatter& formatter = market->FormatterFor(quote.locale);

  MG_ASSIGN_OR_RETURN(PricedRequest priced, PriceRequest(*market, request, formatter));
  quote.lines = std::move(priced.lines);
  quote.ad = std::move(priced.ad);
  quote.coins_credit = priced.coins_credit;
  if (request.kind == RequestKind::kGift) quote.coins_debit = request.gift->coins;
  Money zero(0, market->currency());
  quote.subtotal = quote.tax = quote.total = FormatWith(formatter, zero);
  if (!priced.tax_lines.empty()) {
    MG_ASSIGN_OR_RETURN(
        regions::TaxResult tax,
        ComputeTax(*market, request, std::move(priced.tax_lines), context.vat_id_checker));
    ApplyTax(tax, formatter, quote);
  }
  if (request.kind != RequestKind::kGift) {
    quote.payment_methods =
        PaymentOptions(*market, quote.ToMoney(quote.total), context.usable_providers, formatter);
    MG_RETURN_IF_ERROR(CheckPaymentMethod(request, quote));
  }

  DecisionContext decision_context = context;
  decision_context.amount = quote.total.minor_units;
  decision_context.locale = quote.locale;
  MG_ASSIGN_OR_RETURN(decision_context.spend, ResolveSpend(request, market->currency(),
                                                           context.spend_history, context.now));
  quote.decision = Decide(*market, request, decision_context);
  return quote;
}

}  // namespace mg::compliance
