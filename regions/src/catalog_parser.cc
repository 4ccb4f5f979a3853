#include <map>
#include <set>

#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

std::optional<PriceLocalizationConfig> ParsePriceLocalization(const YAML::Node& node,
                                                              const NodeContext& context,
                                                              const MarketContext& market) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  PriceLocalizationConfig config;
  bool ok = true;
  reader.ForEachEntry(
      "fx_rates",
      [&](const std::string& code, const YAML::Node& rate_node, NodeContext rate_context) {
        if (!CurrencyCode::Parse(code).ok()) {
          rate_context.Error(rate_node, "unknown currency '" + code +
                                            "' (not an ISO 4217 code "
                                            "known to ICU)");
          ok = false;
        }
        FieldReader rate_reader(rate_node, rate_context);
        if (!rate_reader.valid()) {
          ok = false;
          return;
        }
        std::optional<std::string> text = rate_reader.RequiredString("rate");
        std::optional<std::string> as_of = rate_reader.RequiredString("as_of");
        std::optional<std::string> source = RequiredText(rate_reader, "source");
        rate_reader.Finish();
        if (!text || !as_of || !source) {
          ok = false;
          return;
        }
        Result<Decimal> rate = Decimal::Parse(*text);
        if (!rate.ok() || rate->coefficient <= 0) {
          rate_context.Child("rate").Error(
              rate_reader.Get("rate"), "expected a positive exchange rate, found '" + *text + "'");
          ok = false;
          return;
        }
        config.fx_rates.emplace(code, FxRateDeclaration{*rate, *as_of, *source});
      },
      /*required=*/true);
  if (std::optional<std::string> ending =
          reader.RequiredEnum("ending", {"none", "99", "49_99", "whole"})) {
    config.ending_name = *ending;
    config.ending = *ParsePriceEnding(*ending);
  } else {
    ok = false;
  }
  if (std::optional<int64_t> step = reader.OptionalInt("step")) {
    if (*step < 0) {
      reader.context().Child("step").Error(reader.Get("step"), "step must not be negative");
      ok = false;
    }
    config.step_major = *step;
  }
  if (reader.Has("floor")) {
    config.floor = ReadAmount(reader, "floor", false, market.currency);
    ok = ok && config.floor.has_value();
  }
  reader.Finish();
  if (!ok) return std::nullopt;
  return config;
}

// `base_price: "USD:4.99"` derived with the declared price localization.
std::optional<Money> DerivePrice(FieldReader& reader, const MarketContext& market,
                                 const std::optional<PriceLocalizationConfig>& localization,
                                 bool localization_declared, const DerivedPriceTax& tax,
                                 std::optional<Money>& base_out) {
  std::optional<std::string> text = reader.OptionalString("base_price");
  if (!text) return std::nullopt;
  NodeContext context = reader.context().Child("base_price");
  YAML::Node node = reader.Get("base_price");
  Result<Money> base = ParseCurrencyAmount(*text);
  if (!base.ok()) {
    context.Error(node, "expected a base price such as \"USD:4.99\", found '" + *text +
                            "': " + base.status().message());
    return std::nullopt;
  }
  base_out = *base;
  if (!localization_declared) {
    context.Error(node, "a derived price needs catalog.price_localization");
    return std::nullopt;
  }
  if (!localization || !market.currency) return std::nullopt;
  auto rate = localization->fx_rates.find(base->currency().str());
  if (rate == localization->fx_rates.end()) {
    context.Error(
        node, "no rate for " + base->currency().str() + " in catalog.price_localization.fx_rates");
    return std::nullopt;
  }
  PricePointRule rule;
  rule.ending = localization->ending;
  rule.step_major = localization->step_major;
  rule.floor = localization->floor;
  rule.tax_inclusive_target = tax.inclusive;
  rule.tax_rate = tax.virtual_currency_rate;
  Result<Money> price = LocalizePrice(*base, rate->second.rate, *market.currency, rule);
  if (!price.ok()) {
    context.Error(node,
                  "cannot derive the price from '" + *text + "': " + price.status().message());
    return std::nullopt;
  }
  return *price;
}

}  // namespace

std::optional<Catalog> ParseCatalog(const YAML::Node& node, const NodeContext& context,
                                    const MarketContext& market, const DerivedPriceTax& tax) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  Catalog catalog;
  bool ok = true;
  bool localization_declared = reader.Has("price_localization");
  if (localization_declared) {
    catalog.price_localization = ParsePriceLocalization(
        reader.Get("price_localization"), context.Child("price_localization"), market);
    ok = catalog.price_localization.has_value();
  }

  // SKU -> line of its first declaration, across coin packs and products.
  std::map<std::string, int> skus;
  auto check_sku = [&](FieldReader& item, const std::string& sku) {
    YAML::Node sku_node = item.Get("sku");
    int line = sku_node.Mark().line + 1;
    auto [it, inserted] = skus.emplace(sku, line);
    if (inserted) return true;
    item.context().Child("sku").Error(
        sku_node,
        "duplicate SKU '" + sku + "' (first declared at line " + std::to_string(it->second) + ")");
    return false;
  };

  reader.ForEachItem("coin_packs", [&](const YAML::Node& item_node, NodeContext item_context) {
    FieldReader item(item_node, item_context);
    if (!item.valid()) {
      ok = false;
      return;
    }
    std::optional<std::string> sku = RequiredText(item, "sku");
    std::optional<int64_t> coins_read = item.RequiredInt("coins");
    int64_t coins = coins_read.value_or(0);
    if (coins_read && coins <= 0) {
      item_context.Child("coins").Error(item.Get("coins"), "coins must be positive");
    }
    bool has_price = item.Has("price");
    bool has_base = item.Has("base_price");
    std::optional<Money> price;
    std::optional<Money> base;
    if (has_price && has_base) {
      item_context.Error(item_node, "declare either 'price' or 'base_price', not both");
    } else if (!has_price && !has_base) {
      item_context.Child("price").Error(item_node,
                                        "required field 'price' (or 'base_price') is missing");
    } else if (has_price) {
      price = ReadAmount(item, "price", true, market.currency);
    } else {
      price =
          DerivePrice(item, market, catalog.price_localization, localization_declared, tax, base);
    }
    item.Get("base_price");  // known either way
    item.Finish();
    bool unique = sku && check_sku(item, *sku);
    if (!sku || coins <= 0 || !price || !unique) {
      ok = false;
      return;
    }
    catalog.coin_packs.push_back(CoinPack{*sku, coins, *price, base});
  });

  reader.ForEachItem("products", [&](const YAML::Node& item_node, NodeContext item_context) {
    FieldReader item(item_node, item_context);
    if (!item.valid()) {
      ok = false;
      return;
    }
    std::optional<std::string> sku = RequiredText(item, "sku");
    std::optional<std::string> name = RequiredText(item, "name");
    std::optional<Money> price = ReadAmount(item, "price", true, market.currency);
    std::optional<std::string> tax_class = RequiredText(item, "tax_class");
    item.Finish();
    bool unique = sku && check_sku(item, *sku);
    if (!sku || !name || !price || !tax_class || !unique) {
      ok = false;
      return;
    }
    catalog.products.push_back(Product{*sku, *name, *price, *tax_class});
  });
  reader.Finish();
  if (!ok) return std::nullopt;
  return catalog;
}

}  // namespace mg::regions::internal
