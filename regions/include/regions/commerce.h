// `commerce` (docs/markets.md, "Commerce"): how a market sells physical goods
// that third-party sellers list in the shop (shoppable ads, product links,
// LIVE shopping). Sellers and listings are not market data; what is regional
// is declared here: who remits the tax due at the destination, the return
// window the buyer has, how long a seller's money is held, and the
// categories the platform sells with their referral fees and legal gates.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "currency/decimal.h"
#include "currency/money.h"
#include "currency/rounding.h"

namespace mg::regions {

// Who pays the destination tax of an order over to the tax authority.
enum class Remitter { kPlatform, kSeller };
const char* RemitterName(Remitter remitter);  // "platform", "seller"

// A place relative to the market's commerce territory (the member states of
// the EU for an EU market; the market's own country otherwise).
enum class Placement { kAny, kInside, kOutside };

// One rule of `commerce.tax_collection`. The rules are tried in order and
// the first whose conditions all hold decides who remits the order's tax;
// the last rule has no condition, so every order is decided.
struct TaxCollectionRule {
  Placement seller_established = Placement::kAny;  // the seller's country
  Placement ships_from = Placement::kAny;          // where the goods are sent from
  // Whether the seller is registered for the market's tax (a VAT/GST number
  // it gave); unset: either.
  std::optional<bool> seller_registered;
  // The order's goods, without tax, at most this value (EUR 150 for the
  // EU's imported consignments, GBP 135 for the UK's); unset: any value.
  std::optional<Money> max_consignment;
  Remitter remitted_by = Remitter::kSeller;
  std::string reason;  // shown with each tax line: why this party remits
  std::string legal_reference;
  std::string source;
  bool verified = true;
};

// How long a buyer may return goods, counted from delivery: the statutory
// withdrawal period where a law gives one, else the platform's own policy
// (a legal_reference "commercial figure: ...").
struct ReturnWindow {
  int64_t days = 0;
  std::string legal_reference;
  std::string source;
  bool verified = true;
};

// How long after delivery a seller's money is held before it may be paid.
struct HoldingPeriod {
  int64_t days = 0;
  std::string basis;  // "commercial figure: ..."
};

// A legal or policy gate on a category: forbidden outright, or a minimum age.
struct CategoryGate {
  std::string reason;
  std::string legal_reference;
  std::string source;
  bool verified = true;
};

struct CommerceCategory {
  std::string id;  // "apparel", "books", "alcohol"
  // The platform's referral fee, percent of the goods' value without tax
  // (a commercial figure, with its basis). Unset for a forbidden category.
  std::optional<Decimal> referral_fee_percent;
  std::string referral_fee_basis;
  std::optional<CategoryGate> forbidden;  // set: no listing of it may be sold
  std::optional<int64_t> min_age;         // set: buyers younger are refused
  std::optional<CategoryGate> age_gate;   // the basis of min_age
};

// A cost the platform passes on to sellers, percent of the order's total.
struct ProcessingFee {
  Decimal percent;
  std::string basis;
};

struct Commerce {
  // Countries counted as "inside" by the tax collection rules; default the
  // market's own country. Both lists are shared by the markets of a load
  // that take them from the same declaration (a pack's): 27 member states
  // and four rules with their texts, per market, were 7 KB of each of 1,000
  // markets.
  std::shared_ptr<const std::vector<std::string>> territory;
  std::shared_ptr<const std::vector<TaxCollectionRule>> tax_collection;
  ReturnWindow return_window;
  HoldingPeriod holding_period;  // never shorter than the return window
  // By id; shared by the markets of a load that declare the same ones.
  std::shared_ptr<const std::map<std::string, CommerceCategory>> categories;
  std::optional<ProcessingFee> processing_fee;    // unset: not passed on
  RoundingMode rounding = RoundingMode::kHalfUp;  // of fees and commissions

  bool InTerritory(const std::string& country) const;
};

}  // namespace mg::regions
