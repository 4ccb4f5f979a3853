// Computes consumption tax for a basket in one market, as the market file
// declares it (docs/markets.md, "Tax"). Pure and thread-safe: a TaxEngine is
// built once and Compute() is const.
//
// THE ARITHMETIC (all integer minor units; rates are exact decimals):
//
// Line amount A = unit_price * quantity: the price shown to the customer,
// gross when the line's prices include tax (the market's prices_include_tax,
// unless the line overrides it: ad rate cards are tax-exclusive), net
// otherwise. The components of a line are the market's components of its tax
// class followed by the subdivision's components of that class, or only the
// subdivision's when it `replaces_national` (and declares the class).
//
// Each component i has a factor f_i = r_i / 100 when it is not compound, and
// f_i = r_i / 100 * (1 + f_1 + ... + f_{i-1}) when `compound` (charged on the
// base plus the components before it). F = f_1 + ... + f_n. All exact.
//
// Tax-exclusive (A is the net N):
//   tax_i = round(N * f_i)                     each component on its own
//   for a single component: round(N * rate / 100); gross = N + sum(tax_i).
//   (A compound component is rounded on the exact base, so its tax is
//   round(N * f_i), not round((N + rounded earlier taxes) * r_i / 100).)
// Tax-inclusive (A is the gross G):
//   N = round(G / (1 + F)); total tax T = G - N  (single component:
//   tax = G - round(G * 100 / (100 + rate)), as docs/markets.md says);
//   T is split over the components in proportion to f_i with
//   AllocateByWeights (largest remainder), so the components sum to T exactly.
// round() is the market's tax.rounding.mode.
//
// Rounding level:
//   line:    the above per line.
//   invoice: lines are grouped by their exact list of components (per tax
//            rate per invoice, Japan's rule); the above is applied once to the
//            group's summed A, and each component's tax of the group is spread
//            back over the group's lines by AllocateByWeights with weights A.
// Either way each line has net + tax = gross exactly, the tax lines sum to the
// total tax exactly, and the totals are sums of the lines.
//
// Reverse charge applies to a line when the customer is a business whose
// VAT ID the checker accepts, the ID's country is the billing country, the
// billing country differs from the entity's country and is in the market's
// reverse_charge.countries, and the line's class is in reverse_charge.classes.
// Such a line has tax 0: in a tax-exclusive line gross = net = A; in a
// tax-inclusive line the business pays the extracted net N (computed as above,
// per line), gross = net = N. The result carries the note and legal reference.
// An ID the checker rejects never fails the request: the customer is charged
// as a consumer and a note says why. Domestic B2B is charged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "currency/decimal.h"
#include "currency/money.h"
#include "regions/market.h"
#include "regions/vat_id.h"

namespace mg::regions {

struct TaxCustomer {
  bool business = false;
  std::string vat_id;           // may be empty
  std::string billing_country;  // ISO 3166-1 alpha-2; empty: the market's country
};

struct TaxRequestLine {
  std::string sku;  // or empty with a description
  std::string description;
  std::string tax_class;  // must be declared in the market
  Money unit_price;       // in the market currency
  int64_t quantity = 1;   // > 0
  // Overrides the market's prices_include_tax for this line (ad rate cards
  // are tax-exclusive in every market).
  std::optional<bool> price_includes_tax;
};

struct TaxRequest {
  const Market* market = nullptr;          // REQUIRED
  std::optional<std::string> subdivision;  // "US-CA", "CA-QC"
  TaxCustomer customer;
  std::vector<TaxRequestLine> lines;
};

struct TaxedLine {
  Money net;
  Money tax;
  Money gross;
  bool reverse_charged = false;
};

// One tax component summed over the lines it applies to.
struct TaxLine {
  std::string name;    // local name: "MwSt.", "TVA", "VAT", "GST", "QST", "消費税"
  Decimal rate;        // percent
  Money taxable_base;  // sum of the net amounts of the lines it applies to
  Money amount;
  std::string source;
  bool verified = true;
};

struct ReverseChargeOutcome {
  bool applied = false;
  std::string note;
  std::string legal_reference;
};

struct TaxResult {
  std::vector<TaxedLine> lines;    // one per request line, same order
  std::vector<TaxLine> tax_lines;  // in order of first appearance
  Money subtotal_net;
  Money total_tax;
  Money total_gross;
  ReverseChargeOutcome reverse_charge;
  // Why a business customer was charged as a consumer ("VAT ID 'DE123'
  // rejected: check digit mismatch; charged as a consumer").
  std::vector<std::string> notes;
};

class TaxEngine {
 public:
  // Uses OfflineVatIdChecker.
  TaxEngine();
  // `checker` must outlive the engine.
  explicit TaxEngine(const VatIdChecker& checker);

  // Errors (Status param in brackets): no market or no lines
  // (kInvalidArgument); kUnprocessable for a missing subdivision where the
  // market requires one [subdivision], an unknown subdivision [subdivision],
  // a class the market does not declare [lines[i].tax_class], quantity <= 0
  // [lines[i].quantity] or a negative price; a price in another currency
  // [lines[i].unit_price] (kCurrencyMismatch); overflow (kOutOfRange).
  Result<TaxResult> Compute(const TaxRequest& request) const;

 private:
  const VatIdChecker* checker_;
};

}  // namespace mg::regions
