// Parsers of the sections of a merged market into the typed model
// (regions/market.h). Internal to the loader. Each parser reports every error
// it finds to the node's sink and returns what it could read; the loader only
// builds a market when no error was reported.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "field_checks.h"
#include "market_layers.h"
#include "regions/market.h"

namespace mg::regions::internal {

// --- tax_parser.cc ---
std::optional<Entity> ParseEntity(const SourcedNode& entity);
TaxRounding ParseTaxRounding(const SourcedNode& rounding);
// `tax.b2b`; nullopt when it declares no reverse charge.
std::optional<ReverseChargeConfig> ParseB2b(const SourcedNode& b2b);
// `tax.local_taxes`; nullopt on an error (reported) or collected: true.
std::optional<LocalTaxes> ParseLocalTaxes(const SourcedNode& local_taxes);
// One class's list of components; `name` must be a known tax class.
std::optional<std::vector<TaxComponent>> ParseTaxClass(const std::string& name,
                                                       const SourcedNode& components);
// `subdivisions` of the market file (codes "<market>-XXX").
std::map<std::string, Subdivision> ParseSubdivisions(FieldReader& root,
                                                     const MarketContext& market);

// --- catalog_parser.cc ---
// How derived prices treat tax: the target point includes tax at
// `virtual_currency_rate` (a fraction) when the market's prices include tax.
struct DerivedPriceTax {
  bool inclusive = false;
  Decimal virtual_currency_rate{};
};
std::optional<Catalog> ParseCatalog(const YAML::Node& node, const NodeContext& context,
                                    const MarketContext& market, const DerivedPriceTax& tax);

// --- payment_parser.cc ---
std::optional<PaymentMethod> ParsePaymentMethod(const SourcedNode& method,
                                                const MarketContext& market);
std::optional<AdsConfig> ParseAds(const MergedLayers& merged, const MarketContext& market);

// gift_parser.cc: the merged gifts, each available one named in every locale.
std::vector<Gift> ParseGifts(const MergedLayers& merged, const std::vector<std::string>& locales);

// gifting_parser.cc: the merged `gifting` fields.
Gifting ParseGifting(const MergedLayers& merged);

// payouts_parser.cc: the merged `payouts` fields; nullopt when the market
// declares no payout methods (or on an error, which is reported).
std::optional<Payouts> ParsePayouts(const MergedLayers& merged, const MarketContext& market);

// commerce_parser.cc: the merged `commerce` fields; nullopt when the market
// declares no categories (the shop is not open there) or on an error
// (reported).
std::optional<Commerce> ParseCommerce(const MergedLayers& merged, const MarketContext& market);

// --- rules merge (market_parser.cc) ---
std::vector<Rule> ParseMergedRules(const MergedLayers& merged, const MarketContext& market);

}  // namespace mg::regions::internal
