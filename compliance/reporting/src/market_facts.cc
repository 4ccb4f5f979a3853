#include "market_facts.h"

namespace mg::compliance {
namespace {

void AddTaxClasses(const regions::TaxClasses& classes, const std::string& where,
                   std::vector<MarketFact>& facts) {
  for (const auto& [name, components] : classes) {
    std::string fact = "Tax" + where + ": " + name;
    if (components.empty()) {
      facts.push_back({fact, "exempt", "", true});
      continue;
    }
    for (const regions::TaxComponent& component : components) {
      facts.push_back({fact,
                       component.name + " " + component.rate.ToString() + " %" +
                           (component.compound ? " (compound)" : ""),
                       component.source, component.verified});
    }
  }
}

}  // namespace

std::vector<MarketFact> MarketFacts(const regions::Market& market) {
  const regions::MarketSpec& spec = market.spec();
  std::vector<MarketFact> facts;
  facts.push_back({"Selling entity", market.entity().name + " (" + market.entity().country + ")",
                   market.entity().source, market.entity().verified});
  if (const auto& suspension = market.suspension()) {
    facts.push_back({"Suspension", suspension->reason + " (" + suspension->legal_reference + ")",
                     suspension->source, suspension->verified});
  }
  facts.push_back({"Prices shown",
                   market.prices_include_tax() ? "including tax" : "before tax (tax added)",
                   spec.prices_include_tax_source, spec.prices_include_tax_verified});
  const regions::TaxRounding& rounding = market.tax().rounding;
  facts.push_back({"Tax rounding",
                   std::string(RoundingModeName(rounding.mode)) + " per " +
                       regions::RoundingLevelName(rounding.level),
                   rounding.source, rounding.verified});
  AddTaxClasses(market.tax().classes, "", facts);
  for (const auto& [code, subdivision] : spec.subdivisions) {
    AddTaxClasses(subdivision.classes, " " + code, facts);
  }
  if (const auto& reverse_charge = market.tax().reverse_charge) {
    std::string classes;
    for (const auto& name : reverse_charge->classes)
      classes += (classes.empty() ? "" : ", ") + name;
    facts.push_back({"B2B reverse charge",
                     "for " + classes + " (" + std::to_string(reverse_charge->countries.size()) +
                         " billing countries); " + reverse_charge->legal_reference,
                     reverse_charge->source, reverse_charge->verified});
  } else {
    facts.push_back({"B2B reverse charge", "none: business customers are charged tax", "", true});
  }
  return facts;
}

}  // namespace mg::compliance
