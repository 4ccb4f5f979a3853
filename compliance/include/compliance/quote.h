// A quote: what a request costs in one market, with tax, the payment methods
// on offer, the coins it credits or debits, and the compliance Decision. The
// CLI (`marketgate quote`), the HTTP API (POST /v1/quotes) and the compliance
// cases all build it with BuildQuote() and render it with QuoteToJson().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "compliance/decide.h"
#include "compliance/decision.h"
#include "compliance/request.h"
#include "currency/money.h"
#include "regions/snapshot.h"
#include "regions/tax_engine.h"

namespace mg::compliance {

// An amount in minor units of the quote's currency with its display text in
// the quote's locale ("0,99 €"), rendered by the market's prebuilt formatter.
struct FormattedMoney {
  int64_t minor_units = 0;
  std::string formatted;
};

struct QuoteLine {
  enum class Type { kCoinPack, kProduct, kAd, kGoods };
  Type type = Type::kProduct;
  std::string sku;          // the ad format for an ad line
  std::string description;  // product name, "70 coins", "in_feed ad"
  std::string tax_class;
  int64_t quantity = 1;
  FormattedMoney unit_price;  // as the catalog or rate card declares it
  FormattedMoney net;
  FormattedMoney tax;
  FormattedMoney gross;
  bool reverse_charged = false;
  int64_t coins = 0;  // coins credited by this line
  // Goods of an order: the seller's listing is `sku`, its title `description`.
  std::string category;
  std::optional<FormattedMoney> referral_fee;
};
// "coin_pack", "product", "ad", "goods"
const char* QuoteLineTypeName(QuoteLine::Type type);

struct QuoteTaxLine {
  std::string name;
  std::string rate;  // percent, exact: "19", "9.975"
  FormattedMoney taxable_base;
  FormattedMoney amount;
  std::string source;
  bool verified = true;
};

// How an ad booking was priced from the rate card (tax-exclusive figures).
struct AdPricingDetail {
  std::string format;
  std::string pricing;  // "cpm", "per_day", "flat"
  std::optional<FormattedMoney> cpm_floor;
  std::optional<FormattedMoney> min_budget;
  std::optional<int64_t> max_impressions;  // cpm: budget / cpm_floor * 1000, rounded down
  std::optional<int> days;                 // per_day
  std::optional<FormattedMoney> price;     // per_day: per day; flat: the price
  std::vector<std::string> payment_terms;  // "card_prepayment", "invoice"
  std::optional<int64_t> invoice_terms_days;
};

// An order's regional terms and the split of what the buyer pays
// (regions/order_pricing.h): seller_payable + creator_payable +
// platform_revenue + platform_tax = the quote's total.
struct OrderTerms {
  std::string seller_id;
  std::string seller_country;
  std::string ships_from;
  std::string attribution_type;  // "live", "shoppable_ad", "product_link"
  std::string attribution_id;
  std::string affiliate_creator;  // empty: no affiliate
  std::string affiliate_rate;     // percent, exact
  // Who remits the order's tax, and the rule that says so.
  std::string remitted_by;  // "platform" or "seller"
  std::string remittance_reason;
  std::string remittance_legal_reference;
  std::string remittance_source;
  bool remittance_verified = true;
  FormattedMoney referral_fee;
  FormattedMoney affiliate_fee;
  FormattedMoney processing_fee;
  FormattedMoney platform_tax;
  FormattedMoney seller_payable;
  FormattedMoney creator_payable;
  FormattedMoney platform_revenue;
  int64_t return_window_days = 0;
  std::string return_window_legal_reference;
  std::string return_window_source;
  bool return_window_verified = true;
  int64_t holding_period_days = 0;
  std::string holding_period_basis;
};

struct PaymentMethodOption {
  std::string method;
  bool available = true;
  std::string unavailable_reason;
  std::vector<std::string> providers;  // routing order, those that can take this payment
};

struct Quote {
  explicit Quote(CurrencyCode quote_currency) : currency(quote_currency) {}
  Money ToMoney(const FormattedMoney& amount) const { return Money(amount.minor_units, currency); }

  std::string market;
  std::string market_name;
  RequestKind kind = RequestKind::kPurchase;
  std::string locale;  // the supported locale the request resolved to
  CurrencyCode currency;
  bool prices_include_tax = false;
  std::string subdivision;
  std::vector<QuoteLine> lines;
  std::vector<QuoteTaxLine> tax_lines;
  FormattedMoney subtotal;  // net
  FormattedMoney tax;
  FormattedMoney total;  // what the customer pays
  regions::ReverseChargeOutcome reverse_charge;
  std::vector<std::string> tax_notes;
  int64_t coins_credit = 0;  // coins the purchase credits
  int64_t coins_debit = 0;   // coins a gift spends
  std::optional<AdPricingDetail> ad;
  std::optional<OrderTerms> order;  // orders only
  // As the request stated it: a payment under a recurring mandate.
  std::optional<RecurringPayment> recurring;
  std::vector<PaymentMethodOption> payment_methods;  // available first
  Decision decision;
  Timestamp created{};
  uint64_t snapshot_version = 0;
};

// Resolves the market, locale and SKUs, prices the lines (catalog or ad rate
// card), computes tax with the regions tax engine, lists payment methods and
// decides with Decide(). A quote whose decision is deny is still a quote.
//
// Errors (param in brackets): unknown market (kNotFound) [market]; unknown
// SKU (kNotFound) [items[i].sku]; unknown ad format (kNotFound) [ad.format];
// a budget below the format's minimum, missing days, an unavailable payment
// method (kUnprocessable) [ad.budget, ad.days, customer.payment_method];
// amounts with more decimals than the currency has [the amount's param]; the
// tax engine's errors (missing or unknown subdivision [subdivision], ...).
Result<Quote> BuildQuote(const regions::MarketSnapshot& snapshot, const QuoteRequest& request,
                         const DecisionContext& context);

}  // namespace mg::compliance
