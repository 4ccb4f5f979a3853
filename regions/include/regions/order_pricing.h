// Pricing an order of goods listed by a third-party seller (regions/commerce.h):
// the tax due at the buyer's destination and who remits it, the platform's
// referral fee, the affiliate creator's commission, and the split of what
// the buyer pays into seller payable, creator payable, platform revenue and
// tax the platform remits. Pure and exact (integer minor units).
//
// THE SPLIT. The buyer pays G (the tax engine's total gross: unit prices
// include tax where the market's prices do). Of the goods' value without
// tax N (the tax engine's subtotal net):
//   referral_fee  = sum over lines of round(line net * category fee %)
//   affiliate_fee = round(N * affiliate rate %)
//   processing    = round(G * processing %), when the market passes it on
//   platform_tax  = the total tax T when the platform remits it, else 0
//   seller_payable = G - platform_tax - referral_fee - affiliate_fee - processing
// so seller_payable + affiliate_fee (creator payable) + referral_fee +
// processing (platform revenue) + platform_tax = G exactly. round() is the
// market's commerce.rounding. A seller who remits the tax receives it in
// its payable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "currency/decimal.h"
#include "currency/money.h"
#include "regions/commerce.h"
#include "regions/market.h"
#include "regions/tax_engine.h"

namespace mg::regions {

struct OrderSeller {
  std::string id;
  std::string country;       // of establishment, ISO 3166-1 alpha-2
  std::string registration;  // its VAT/GST number in the market; empty: none
};

struct OrderItem {
  std::string listing;
  std::string title;
  Money unit_price;  // in the market currency, as the seller priced it
  int64_t quantity = 1;
  std::string tax_class;  // a goods class the market declares
  std::string category;   // one of commerce.categories
};

struct OrderInput {
  std::string destination_country;  // the shipping address's country
  std::string subdivision;          // ISO 3166-2; empty when none given
  std::string ships_from;           // country the goods leave from; empty: the seller's
  std::optional<int64_t> customer_age;
  OrderSeller seller;
  std::vector<OrderItem> items;
  std::optional<Decimal> affiliate_rate;  // percent the seller offered the creator
};

struct OrderLinePrice {
  TaxedLine taxed;
  Money referral_fee;
};

// Who remits the order's tax and why: the tax collection rule that decided.
struct TaxCollection {
  Remitter remitted_by = Remitter::kSeller;
  size_t rule_index = 0;  // in commerce.tax_collection
  const TaxCollectionRule* rule = nullptr;
};

struct OrderPricing {
  TaxResult tax;
  std::vector<OrderLinePrice> lines;  // one per item, same order
  TaxCollection collection;
  Money referral_fee;
  Money affiliate_fee;
  Money processing_fee;
  Money platform_tax;  // the tax the platform remits (0 when the seller does)
  Money seller_payable;
  Money creator_payable;   // == affiliate_fee
  Money platform_revenue;  // referral_fee + processing_fee
  std::string ships_from;  // as decided (the seller's country when not given)
};

// Prices `input` in `market`. Errors, each naming its parameter:
// kFailedPrecondition when the market does not sell goods (no commerce);
// kUnprocessable for a destination outside the market [shipping_address.country],
// an unknown or forbidden category [items[i].category], a class that is not a
// goods class of the market [items[i].tax_class], a buyer under a category's
// minimum age or of unknown age where one applies [customer.age], fees over
// the order's value [affiliate.rate]; kInvalidArgument for a price that is
// not positive [items[i].unit_price], an affiliate rate outside (0, 100]
// [affiliate.rate], a bad country code; and the tax engine's errors.
Result<OrderPricing> PriceOrder(const Market& market, const OrderInput& input);

}  // namespace mg::regions
