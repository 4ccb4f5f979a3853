#include "pack_currency.h"

#include <algorithm>
#include <variant>

namespace mg::regions::internal {
namespace {

bool HasAmounts(const Rule& rule) {
  if (const auto* sca = std::get_if<ScaRule>(&rule.body))
    return sca->low_value_exemption.has_value() || sca->recurring_mandate.has_value();
  return std::holds_alternative<SpendingLimitRule>(rule.body);
}

const SourcedNode* CommerceField(const MergedLayers& merged, std::string_view field) {
  for (const auto& [name, declared] : merged.commerce) {
    if (name == field) return &declared;
  }
  return nullptr;
}

// A consignment threshold in the tax collection rules of a market that opens
// the shop (declares categories).
bool HasThreshold(const MergedLayers& merged, const SourcedNode& collection) {
  if (CommerceField(merged, "categories") == nullptr || !collection.node.IsSequence()) return false;
  for (const YAML::Node& rule : collection.node) {
    if (!rule.IsMap()) continue;
    const YAML::Node when = rule["when"];
    if (when.IsMap() && when["max_consignment"].IsDefined()) return true;
  }
  return false;
}

}  // namespace

void CheckPackCurrencies(const MergedLayers& merged, const std::vector<Rule>& rules,
                         const std::optional<CurrencyCode>& market_currency,
                         const std::string& market_code, const YAML::Node& includes,
                         const NodeContext& includes_context) {
  if (!market_currency) return;  // the market's own currency error is reported already
  for (const MergedLayers::PackCurrency& pack : merged.pack_currencies) {
    Result<CurrencyCode> currency = CurrencyCode::Parse(pack.declared.node.Scalar());
    if (!currency.ok() || *currency == *market_currency) continue;  // a bad code: pack error
    std::string head = "market " + market_code + " sells in " + market_currency->str() + ", but ";
    std::string tail = " of pack '" + pack.pack + "' is in " + currency->str() +
                       ": switch it off in the market file and declare the market's own in " +
                       market_currency->str() + " (docs/markets.md, \"Packs\")";
    for (const Rule& rule : rules) {
      if (rule.disabled || rule.declared_in != pack.file || !HasAmounts(rule)) continue;
      includes_context.Error(includes, head + "rule '" + rule.id + "'" + tail);
    }
    auto diamond = std::find_if(merged.gifting.begin(), merged.gifting.end(),
                                [](const auto& field) { return field.first == "diamond_value"; });
    if (diamond != merged.gifting.end() && diamond->second.context.file != nullptr &&
        *diamond->second.context.file == pack.file) {
      std::string own = tail.substr(0, tail.find(": switch it off")) +
                        ": declare gifting.diamond_value in the market file, in " +
                        market_currency->str() + " (docs/markets.md, \"Gifting\")";
      includes_context.Error(includes, head + "gifting.diamond_value" + own);
    }
    const SourcedNode* collection = CommerceField(merged, "tax_collection");
    if (collection != nullptr && collection->context.file != nullptr &&
        *collection->context.file == pack.file && HasThreshold(merged, *collection)) {
      includes_context.Error(
          includes, head + "the consignment thresholds of commerce.tax_collection in pack '" +
                        pack.pack + "' are in " + currency->str() +
                        ": declare commerce.tax_collection in the market file, with thresholds "
                        "in " +
                        market_currency->str() + " (docs/markets.md, \"Commerce\")");
    }
  }
}

}  // namespace mg::regions::internal
