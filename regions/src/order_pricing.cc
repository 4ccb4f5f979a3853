#include "regions/order_pricing.h"

#include <algorithm>

#include "field_checks.h"

namespace mg::regions {
namespace {

std::string ItemParam(size_t i, const char* field) {
  return "items[" + std::to_string(i) + "]." + field;
}

// The tax engine names its request's fields; the order's body names them
// differently.
Status RenameTaxParam(const Status& status) {
  std::string param = status.param();
  if (param.rfind("lines[", 0) == 0) {
    param.replace(0, 5, "items");
  } else if (param == "subdivision") {
    param = "shipping_address.subdivision";
  }
  return Status(status.code(), status.message(), std::move(param));
}

bool Matches(Placement wanted, bool inside) {
  return wanted == Placement::kAny || (wanted == Placement::kInside) == inside;
}

Result<TaxCollection> DecideCollection(const Commerce& commerce, const OrderInput& input,
                                       const std::string& ships_from, const Money& goods_value) {
  const std::vector<TaxCollectionRule>& rules = *commerce.tax_collection;
  for (size_t i = 0; i < rules.size(); ++i) {
    const TaxCollectionRule& rule = rules[i];
    if (!Matches(rule.seller_established, commerce.InTerritory(input.seller.country))) continue;
    if (!Matches(rule.ships_from, commerce.InTerritory(ships_from))) continue;
    if (rule.seller_registered && *rule.seller_registered == input.seller.registration.empty()) {
      continue;
    }
    if (rule.max_consignment) {
      MG_ASSIGN_OR_RETURN(int over, Compare(goods_value, *rule.max_consignment));
      if (over > 0) continue;
    }
    return TaxCollection{rule.remitted_by, i, &rule};
  }
  // The loader requires an unconditional last rule.
  return Status(ErrorCode::kInternal, "no tax collection rule matched the order");
}

// The category of item `i`, checked against its gates.
Result<const CommerceCategory*> CategoryOf(const Market& market, const Commerce& commerce,
                                           const OrderInput& input, size_t i) {
  const OrderItem& item = input.items[i];
  auto found = commerce.categories->find(item.category);
  if (found == commerce.categories->end()) {
    std::string known;
    for (const auto& [id, category] : *commerce.categories) {
      if (category.forbidden) continue;
      known += (known.empty() ? "" : ", ") + id;
    }
    return Unprocessable("category '" + item.category + "' is not sold in " + market.code() +
                             " (sold: " + known + ")",
                         ItemParam(i, "category"));
  }
  const CommerceCategory& category = found->second;
  if (category.forbidden) {
    return Status(ErrorCode::kComplianceDenied,
                  "'" + item.category + "' may not be sold in " + market.code() + ": " +
                      category.forbidden->reason + " (" + category.forbidden->legal_reference + ")",
                  ItemParam(i, "category"));
  }
  if (category.min_age) {
    if (!input.customer_age) {
      return Unprocessable("customer.age is required for '" + item.category + "' in " +
                               market.code() + " (minimum age " +
                               std::to_string(*category.min_age) + ")",
                           "customer.age");
    }
    if (*input.customer_age < *category.min_age) {
      return Status(ErrorCode::kComplianceDenied,
                    "buyers under " + std::to_string(*category.min_age) + " may not buy '" +
                        item.category + "' in " + market.code() + " (" +
                        category.age_gate->legal_reference + ")",
                    "customer.age");
    }
  }
  return &category;
}

Status CheckItem(const Market& market, const OrderItem& item, size_t i) {
  if (item.unit_price.minor_units() <= 0) {
    return InvalidArgument("the unit price must be positive", ItemParam(i, "unit_price"));
  }
  if (item.tax_class != kTaxClassPhysicalGoods && item.tax_class != kTaxClassPhysicalGoodsReduced) {
    return Unprocessable("tax class '" + item.tax_class + "' is not a class of goods (" +
                             kTaxClassPhysicalGoods + " or " + kTaxClassPhysicalGoodsReduced + ")",
                         ItemParam(i, "tax_class"));
  }
  if (market.FindTaxClass(item.tax_class) == nullptr) {
    return Unprocessable("tax class '" + item.tax_class + "' is not declared in " + market.code(),
                         ItemParam(i, "tax_class"));
  }
  return Status::Ok();
}

Status CheckParties(const Market& market, const OrderInput& input) {
  if (!internal::IsCountryCode(input.destination_country)) {
    return InvalidArgument("expected an ISO 3166-1 alpha-2 country code",
                           "shipping_address.country");
  }
  if (input.destination_country != market.code()) {
    return Unprocessable("the shipping address is in " + input.destination_country +
                             ", not in market " + market.code() +
                             ": order in the market of the destination",
                         "shipping_address.country");
  }
  if (!internal::IsCountryCode(input.seller.country)) {
    return InvalidArgument("expected an ISO 3166-1 alpha-2 country code", "seller.country");
  }
  if (!input.ships_from.empty() && !internal::IsCountryCode(input.ships_from)) {
    return InvalidArgument("expected an ISO 3166-1 alpha-2 country code", "ships_from");
  }
  if (input.items.empty()) return InvalidArgument("an order needs at least one item", "items");
  if (input.affiliate_rate) {
    const Decimal& rate = *input.affiliate_rate;
    MG_ASSIGN_OR_RETURN(int64_t hundredths, PercentOf(10000, rate, RoundingMode::kUp));
    if (rate.coefficient <= 0 || hundredths > 10000) {
      return InvalidArgument("the affiliate rate is a percent above 0 and at most 100",
                             "affiliate.rate");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<OrderPricing> PriceOrder(const Market& market, const OrderInput& input) {
  const Commerce* commerce = market.commerce();
  if (commerce == nullptr) {
    return Status(ErrorCode::kFailedPrecondition,
                  "market " + market.code() + " does not sell goods from sellers (no commerce)",
                  "market");
  }
  MG_RETURN_IF_ERROR(CheckParties(market, input));
  const CurrencyCode currency = market.currency();
  TaxRequest tax_request;
  tax_request.market = &market;
  if (!input.subdivision.empty()) tax_request.subdivision = input.subdivision;
  tax_request.customer.billing_country = input.destination_country;
  std::vector<const CommerceCategory*> categories;
  for (size_t i = 0; i < input.items.size(); ++i) {
    const OrderItem& item = input.items[i];
    MG_RETURN_IF_ERROR(CheckItem(market, item, i));
    MG_ASSIGN_OR_RETURN(const CommerceCategory* category, CategoryOf(market, *commerce, input, i));
    categories.push_back(category);
    tax_request.lines.push_back(TaxRequestLine{
        item.listing, item.title, item.tax_class, item.unit_price, item.quantity, {}});
  }
  Result<TaxResult> tax = TaxEngine().Compute(tax_request);
  if (!tax.ok()) return RenameTaxParam(tax.status());

  OrderPricing pricing{*tax,
                       {},
                       {},
                       Money(0, currency),
                       Money(0, currency),
                       Money(0, currency),
                       Money(0, currency),
                       Money(0, currency),
                       Money(0, currency),
                       Money(0, currency),
                       input.ships_from.empty() ? input.seller.country : input.ships_from};
  MG_ASSIGN_OR_RETURN(pricing.collection, DecideCollection(*commerce, input, pricing.ships_from,
                                                           pricing.tax.subtotal_net));
  int64_t referral = 0;
  for (size_t i = 0; i < input.items.size(); ++i) {
    const TaxedLine& taxed = pricing.tax.lines[i];
    MG_ASSIGN_OR_RETURN(int64_t fee,
                        PercentOf(taxed.net.minor_units(), *categories[i]->referral_fee_percent,
                                  commerce->rounding));
    referral += fee;
    pricing.lines.push_back(OrderLinePrice{taxed, Money(fee, currency)});
  }
  const int64_t net = pricing.tax.subtotal_net.minor_units();
  const int64_t gross = pricing.tax.total_gross.minor_units();
  int64_t affiliate = 0;
  if (input.affiliate_rate) {
    MG_ASSIGN_OR_RETURN(affiliate, PercentOf(net, *input.affiliate_rate, commerce->rounding));
  }
  int64_t processing = 0;
  if (commerce->processing_fee) {
    MG_ASSIGN_OR_RETURN(processing,
                        PercentOf(gross, commerce->processing_fee->percent, commerce->rounding));
  }
  const int64_t platform_tax = pricing.collection.remitted_by == Remitter::kPlatform
                                   ? pricing.tax.total_tax.minor_units()
                                   : 0;
  // The fees come out of the goods' value without tax: a seller who remits
  // the tax must still have it to remit.
  if (referral + affiliate + processing > net) {
    return Unprocessable(
        "the referral fee, the affiliate commission and the processing fee exceed the order's "
        "value without tax",
        input.affiliate_rate ? "affiliate.rate" : "items");
  }
  const int64_t seller = gross - platform_tax - referral - affiliate - processing;
  pricing.referral_fee = Money(referral, currency);
  pricing.affiliate_fee = Money(affiliate, currency);
  pricing.processing_fee = Money(processing, currency);
  pricing.platform_tax = Money(platform_tax, currency);
  pricing.seller_payable = Money(seller, currency);
  pricing.creator_payable = Money(affiliate, currency);
  pricing.platform_revenue = Money(referral + processing, currency);
  return pricing;
}

}  // namespace mg::regions
