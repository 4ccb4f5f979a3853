#include "order_quote.h"

#include "compliance/spend_history.h"
#include "quote_pricing.h"
#include "regions/order_pricing.h"

namespace mg::compliance {
namespace {

Result<regions::OrderInput> OrderInputOf(const regions::Market& market, const Order& order,
                                         const Customer& customer) {
  regions::OrderInput input;
  input.destination_country = order.shipping_address.country;
  input.subdivision = order.shipping_address.subdivision;
  input.ships_from = order.ships_from;
  input.customer_age = customer.age;
  input.seller =
      regions::OrderSeller{order.seller.id, order.seller.country, order.seller.registration};
  for (size_t i = 0; i < order.items.size(); ++i) {
    const OrderLineItem& item = order.items[i];
    Result<Money> price = ParseMoney(item.unit_price, market.currency());
    if (!price.ok()) {
      return InvalidArgument(price.status().message(),
                             "items[" + std::to_string(i) + "].unit_price");
    }
    input.items.push_back(regions::OrderItem{item.listing, item.title, *price, item.quantity,
                                             item.tax_class, item.category});
  }
  if (order.affiliate) {
    Result<Decimal> rate = Decimal::Parse(order.affiliate->rate);
    if (!rate.ok()) return InvalidArgument(rate.status().message(), "affiliate.rate");
    input.affiliate_rate = *rate;
  }
  return input;
}

OrderTerms TermsOf(const regions::Market& market, const Order& order,
                   const regions::OrderPricing& pricing, const MoneyFormatter& formatter) {
  const regions::Commerce& commerce = *market.commerce();
  const regions::TaxCollectionRule& rule = *pricing.collection.rule;
  OrderTerms terms;
  terms.seller_id = order.seller.id;
  terms.seller_country = order.seller.country;
  terms.ships_from = pricing.ships_from;
  terms.attribution_type = AttributionTypeName(order.attribution.type);
  terms.attribution_id = order.attribution.id;
  if (order.affiliate) {
    terms.affiliate_creator = order.affiliate->creator;
    terms.affiliate_rate = order.affiliate->rate;
  }
  terms.remitted_by = regions::RemitterName(pricing.collection.remitted_by);
  terms.remittance_reason = rule.reason;
  terms.remittance_legal_reference = rule.legal_reference;
  terms.remittance_source = rule.source;
  terms.remittance_verified = rule.verified;
  terms.referral_fee = FormatWith(formatter, pricing.referral_fee);
  terms.affiliate_fee = FormatWith(formatter, pricing.affiliate_fee);
  terms.processing_fee = FormatWith(formatter, pricing.processing_fee);
  terms.platform_tax = FormatWith(formatter, pricing.platform_tax);
  terms.seller_payable = FormatWith(formatter, pricing.seller_payable);
  terms.creator_payable = FormatWith(formatter, pricing.creator_payable);
  terms.platform_revenue = FormatWith(formatter, pricing.platform_revenue);
  terms.return_window_days = commerce.return_window.days;
  terms.return_window_legal_reference = commerce.return_window.legal_reference;
  terms.return_window_source = commerce.return_window.source;
  terms.return_window_verified = commerce.return_window.verified;
  terms.holding_period_days = commerce.holding_period.days;
  terms.holding_period_basis = commerce.holding_period.basis;
  return terms;
}

}  // namespace

Result<Quote> BuildOrderQuote(const regions::MarketSnapshot& snapshot,
                              const regions::Market& market, const QuoteRequest& request,
                              const DecisionContext& context) {
  const Order& order = *request.order;
  MG_ASSIGN_OR_RETURN(regions::OrderInput input, OrderInputOf(market, order, request.customer));
  MG_ASSIGN_OR_RETURN(regions::OrderPricing pricing, regions::PriceOrder(market, input));

  Quote quote(market.currency());
  quote.market = market.code();
  quote.market_name = market.name();
  quote.kind = request.kind;
  quote.locale = request.locale.empty() ? market.default_locale()
                                        : market.negotiator().Resolve(request.locale);
  quote.prices_include_tax = market.prices_include_tax();
  quote.subdivision = request.subdivision;
  quote.created = context.now;
  quote.snapshot_version = snapshot.version();
  const MoneyFormatter& formatter = market.FormatterFor(quote.locale);
  for (size_t i = 0; i < input.items.size(); ++i) {
    const regions::OrderItem& item = input.items[i];
    QuoteLine line;
    line.type = QuoteLine::Type::kGoods;
    line.sku = item.listing;
    line.description = item.title;
    line.tax_class = item.tax_class;
    line.category = item.category;
    line.quantity = item.quantity;
    line.unit_price = FormatWith(formatter, item.unit_price);
    line.referral_fee = FormatWith(formatter, pricing.lines[i].referral_fee);
    quote.lines.push_back(std::move(line));
  }
  ApplyTax(pricing.tax, formatter, quote);
  quote.order = TermsOf(market, order, pricing, formatter);
  quote.payment_methods =
      PaymentOptions(market, quote.ToMoney(quote.total), context.usable_providers, formatter);
  MG_RETURN_IF_ERROR(CheckPaymentMethod(request, quote));

  DecisionContext decision_context = context;
  decision_context.amount = quote.total.minor_units;
  decision_context.locale = quote.locale;
  MG_ASSIGN_OR_RETURN(decision_context.spend,
                      ResolveSpend(request, market.currency(), context.spend_history, context.now));
  quote.decision = Decide(market, request, decision_context);
  return quote;
}

}  // namespace mg::compliance
