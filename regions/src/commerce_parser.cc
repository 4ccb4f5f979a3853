// `commerce` (docs/markets.md, "Commerce"): how a market sells goods listed
// by third-party sellers. Merged by field like `payouts`, so the eu pack
// declares what every member state shares (the territory, the deemed-supplier
// rules, the withdrawal period) and a market opens the shop by declaring its
// categories.
#include <algorithm>

#include "parse_memo.h"
#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

const SourcedNode* FindField(const MergedLayers& merged, std::string_view field) {
  for (const auto& [name, declared] : merged.commerce) {
    if (name == field) return &declared;
  }
  return nullptr;
}

std::optional<Placement> ReadPlacement(FieldReader& reader, const std::string& key) {
  if (!reader.Has(key)) return Placement::kAny;
  std::optional<std::string> value = reader.OptionalEnum(key, {"inside", "outside"});
  if (!value) return std::nullopt;
  return *value == "inside" ? Placement::kInside : Placement::kOutside;
}

// A rule's `when`; the rule without one matches every order.
bool ReadConditions(const YAML::Node& node, const NodeContext& context, const MarketContext& market,
                    TaxCollectionRule& rule) {
  FieldReader when(node, context);
  if (!when.valid()) return false;
  std::optional<Placement> established = ReadPlacement(when, "seller_established");
  std::optional<Placement> ships_from = ReadPlacement(when, "ships_from");
  rule.seller_registered = when.OptionalBool("seller_registered");
  bool ok = established && ships_from;
  if (when.Has("max_consignment")) {
    rule.max_consignment = ReadAmount(when, "max_consignment", true, market.currency);
    ok = ok && rule.max_consignment.has_value();
  }
  when.Finish();
  if (!ok) return false;
  rule.seller_established = *established;
  rule.ships_from = *ships_from;
  return true;
}

std::optional<TaxCollectionRule> ReadCollectionRule(const YAML::Node& node,
                                                    const NodeContext& context,
                                                    const MarketContext& market,
                                                    bool& conditional) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  TaxCollectionRule rule;
  bool ok = true;
  conditional = reader.Has("when");
  if (conditional) ok = ReadConditions(reader.Get("when"), context.Child("when"), market, rule);
  std::optional<std::string> remitter = reader.RequiredEnum("remitted_by", {"platform", "seller"});
  std::optional<std::string> reason = RequiredText(reader, "reason");
  std::optional<std::string> legal_reference = RequiredText(reader, "legal_reference");
  std::optional<std::string> source = RequiredText(reader, "source");
  rule.verified = reader.OptionalBool("verified").value_or(true);
  reader.Finish();
  if (!ok || !remitter || !reason || !legal_reference || !source) return std::nullopt;
  rule.remitted_by = *remitter == "platform" ? Remitter::kPlatform : Remitter::kSeller;
  rule.reason = *reason;
  rule.legal_reference = *legal_reference;
  rule.source = *source;
  return rule;
}

// The rules in order; the last has no `when` and nothing follows a rule
// without one, so every order is decided and no rule is dead.
std::optional<std::vector<TaxCollectionRule>> ReadCollection(const SourcedNode& declared,
                                                             const MarketContext& market) {
  if (!declared.node.IsSequence() || declared.node.size() == 0) {
    declared.context.Error(declared.node, "expected a non-empty list of tax collection rules");
    return std::nullopt;
  }
  std::vector<TaxCollectionRule> rules;
  bool ok = true;
  for (size_t i = 0; i < declared.node.size(); ++i) {
    bool conditional = false;
    std::optional<TaxCollectionRule> rule =
        ReadCollectionRule(declared.node[i], declared.context.Index(i), market, conditional);
    const bool last = i + 1 == declared.node.size();
    if (rule && !conditional && !last) {
      declared.context.Index(i).Error(
          declared.node[i],
          "a rule without `when` matches every order: the rules after it never "
          "apply (put it last)");
      ok = false;
    }
    if (rule && conditional && last) {
      declared.context.Index(i).Error(
          declared.node[i],
          "the last tax collection rule must have no `when`, so that every "
          "order is decided");
      ok = false;
    }
    if (!rule) ok = false;
    if (rule) rules.push_back(std::move(*rule));
  }
  if (!ok) return std::nullopt;
  return rules;
}

std::optional<CategoryGate> ReadGate(FieldReader& reader) {
  std::optional<std::string> reason = RequiredText(reader, "reason");
  std::optional<std::string> legal_reference = RequiredText(reader, "legal_reference");
  std::optional<std::string> source = RequiredText(reader, "source");
  bool verified = reader.OptionalBool("verified").value_or(true);
  if (!reason || !legal_reference || !source) return std::nullopt;
  return CategoryGate{*reason, *legal_reference, *source, verified};
}

std::optional<CommerceCategory> ReadCategory(const std::string& id, const YAML::Node& node,
                                             const NodeContext& context) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  CommerceCategory category;
  category.id = id;
  bool ok = true;
  if (reader.Has("forbidden")) {
    FieldReader forbidden(reader.Get("forbidden"), context.Child("forbidden"));
    category.forbidden = forbidden.valid() ? ReadGate(forbidden) : std::nullopt;
    if (forbidden.valid()) forbidden.Finish();
    ok = category.forbidden.has_value();
    if (reader.Has("referral_fee") || reader.Has("min_age")) {
      context.Error(node, "a forbidden category is not sold: it has no referral_fee or min_age");
      ok = false;
    }
  } else {
    if (!reader.Has("referral_fee")) {
      context.Error(node, "a category needs a referral_fee (or forbidden, when it is not sold)");
      ok = false;
    } else if (FieldReader fee(reader.Get("referral_fee"), context.Child("referral_fee"));
               fee.valid()) {
      category.referral_fee_percent = ReadRate(fee, "percent");
      std::optional<std::string> basis = RequiredText(fee, "basis");
      fee.Finish();
      ok = category.referral_fee_percent && basis;
      if (basis) category.referral_fee_basis = *basis;
    } else {
      ok = false;
    }
  }
  if (reader.Has("min_age") && !category.forbidden) {
    FieldReader age(reader.Get("min_age"), context.Child("min_age"));
    if (age.valid()) {
      category.min_age = age.RequiredInt("age");
      if (category.min_age && (*category.min_age < 1 || *category.min_age > 99)) {
        age.context().Child("age").Error(age.Get("age"), "expected an age from 1 to 99");
        category.min_age.reset();
      }
      category.age_gate = ReadGate(age);
      age.Finish();
    }
    ok = ok && category.min_age && category.age_gate;
  }
  reader.Finish();
  if (!ok) return std::nullopt;
  return category;
}

std::optional<std::map<std::string, CommerceCategory>> ReadCategories(const SourcedNode& declared) {
  if (!declared.node.IsMap() || declared.node.size() == 0) {
    declared.context.Error(declared.node, "expected a non-empty mapping of categories by id");
    return std::nullopt;
  }
  std::map<std::string, CommerceCategory> categories;
  bool ok = true;
  for (const auto& entry : declared.node) {
    const std::string id = entry.first.Scalar();
    std::optional<CommerceCategory> category =
        ReadCategory(id, entry.second, declared.context.Entry(id));
    if (category) {
      categories.emplace(id, std::move(*category));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return categories;
}

std::optional<ReturnWindow> ReadReturnWindow(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<int64_t> days = reader.RequiredInt("days");
  std::optional<std::string> legal_reference = RequiredText(reader, "legal_reference");
  std::optional<std::string> source = RequiredText(reader, "source");
  bool verified = reader.OptionalBool("verified").value_or(true);
  reader.Finish();
  if (days && (*days < 0 || *days > 365)) {
    reader.context().Child("days").Error(reader.Get("days"), "expected 0 to 365 days");
    return std::nullopt;
  }
  if (!days || !legal_reference || !source) return std::nullopt;
  return ReturnWindow{*days, *legal_reference, *source, verified};
}

std::optional<HoldingPeriod> ReadHoldingPeriod(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<int64_t> days = reader.RequiredInt("days");
  std::optional<std::string> basis = RequiredText(reader, "basis");
  reader.Finish();
  if (days && (*days < 0 || *days > 365)) {
    reader.context().Child("days").Error(reader.Get("days"), "expected 0 to 365 days");
    return std::nullopt;
  }
  if (!days || !basis) return std::nullopt;
  return HoldingPeriod{*days, *basis};
}

std::optional<ProcessingFee> ReadProcessingFee(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<Decimal> percent = ReadRate(reader, "percent");
  std::optional<std::string> basis = RequiredText(reader, "basis");
  reader.Finish();
  if (!percent || !basis) return std::nullopt;
  return ProcessingFee{*percent, *basis};
}

std::optional<std::vector<std::string>> ReadTerritory(const SourcedNode& territory) {
  if (!territory.node.IsSequence()) {
    territory.context.Error(territory.node, "expected a list of country codes");
    return std::nullopt;
  }
  std::vector<std::string> countries;
  bool ok = true;
  for (size_t i = 0; i < territory.node.size(); ++i) {
    const YAML::Node& item = territory.node[i];
    if (!item.IsScalar() || !IsCountryCode(item.Scalar())) {
      territory.context.Index(i).Error(item, "expected an ISO 3166-1 alpha-2 country code");
      ok = false;
    } else {
      countries.push_back(item.Scalar());
    }
  }
  if (!ok) return std::nullopt;
  return countries;
}

// The territory and the rules, parsed once per declaration in a load and
// shared (parse_memo.h); null on an error (reported).
std::shared_ptr<const std::vector<std::string>> SharedTerritory(const SourcedNode& declared,
                                                                const MarketContext& market) {
  const ParseMemo::Key key = ParseMemo::KeyOf(declared);
  if (market.memo != nullptr) {
    if (auto found = market.memo->territories.find(key); found != market.memo->territories.end()) {
      return found->second;
    }
  }
  std::optional<std::vector<std::string>> countries = ReadTerritory(declared);
  if (!countries) return nullptr;
  auto shared = std::make_shared<const std::vector<std::string>>(std::move(*countries));
  if (market.memo != nullptr) market.memo->territories.emplace(key, shared);
  return shared;
}

std::shared_ptr<const std::vector<TaxCollectionRule>> SharedCollection(
    const SourcedNode& declared, const MarketContext& market) {
  // The thresholds are read in the market's currency.
  const ParseMemo::Key key =
      ParseMemo::KeyOf(declared, market.currency ? market.currency->str() : std::string());
  if (market.memo != nullptr) {
    auto found = market.memo->tax_collections.find(key);
    if (found != market.memo->tax_collections.end()) return found->second;
  }
  std::optional<std::vector<TaxCollectionRule>> rules = ReadCollection(declared, market);
  if (!rules) return nullptr;
  auto shared = std::make_shared<const std::vector<TaxCollectionRule>>(std::move(*rules));
  if (market.memo != nullptr) market.memo->tax_collections.emplace(key, shared);
  return shared;
}

// Every field of `categories`, as text: equal for equal categories.
std::string ContentKey(const std::map<std::string, CommerceCategory>& categories) {
  std::string key;
  auto add = [&key](const std::string& field) {
    key += std::to_string(field.size());
    key += ':';
    key += field;
  };
  auto add_gate = [&](const std::optional<CategoryGate>& gate) {
    add(gate ? "1" : "0");
    if (!gate) return;
    add(gate->reason);
    add(gate->legal_reference);
    add(gate->source);
    add(gate->verified ? "1" : "0");
  };
  for (const auto& [id, category] : categories) {
    add(id);
    add(category.referral_fee_percent ? category.referral_fee_percent->ToString() : "-");
    add(category.referral_fee_basis);
    add_gate(category.forbidden);
    add(category.min_age ? std::to_string(*category.min_age) : "-");
    add_gate(category.age_gate);
  }
  return key;
}

// Shared with an earlier market of the load that declared the same
// categories (parse_memo.h); null when they did not parse.
std::shared_ptr<const std::map<std::string, CommerceCategory>> SharedCategories(
    std::optional<std::map<std::string, CommerceCategory>> categories,
    const MarketContext& market) {
  if (!categories) return nullptr;
  if (market.memo == nullptr) {
    return std::make_shared<const std::map<std::string, CommerceCategory>>(std::move(*categories));
  }
  auto [it, inserted] = market.memo->categories.try_emplace(ContentKey(*categories));
  if (inserted) {
    it->second =
        std::make_shared<const std::map<std::string, CommerceCategory>>(std::move(*categories));
  }
  return it->second;
}

}  // namespace

std::optional<Commerce> ParseCommerce(const MergedLayers& merged, const MarketContext& market) {
  const SourcedNode* categories_node = FindField(merged, "categories");
  if (categories_node == nullptr) return std::nullopt;  // the shop is not open in this market
  bool ok = true;
  Commerce commerce;
  for (auto [field, what] :
       {std::pair{"tax_collection", "who remits the tax on goods sellers sell"},
        std::pair{"return_window", "how long a buyer may return goods"},
        std::pair{"holding_period", "how long a seller's money is held"}}) {
    if (FindField(merged, field) == nullptr) {
      categories_node->context.Error(categories_node->node,
                                     std::string("a market that declares commerce.categories "
                                                 "needs commerce.") +
                                         field + " (" + what + "; in the market or a pack)");
      ok = false;
    }
  }
  commerce.categories = SharedCategories(ReadCategories(*categories_node), market);
  ok = ok && commerce.categories;
  if (const SourcedNode* territory = FindField(merged, "territory")) {
    commerce.territory = SharedTerritory(*territory, market);
    ok = ok && commerce.territory;
  } else {
    commerce.territory =
        std::make_shared<const std::vector<std::string>>(std::vector<std::string>{market.code});
  }
  if (const SourcedNode* collection = FindField(merged, "tax_collection")) {
    // A pack's threshold in another currency than the market's: pack_currency.cc.
    commerce.tax_collection = SharedCollection(*collection, market);
    ok = ok && commerce.tax_collection;
  }
  std::optional<ReturnWindow> return_window;
  if (const SourcedNode* window = FindField(merged, "return_window")) {
    return_window = ReadReturnWindow(*window);
    ok = ok && return_window;
  }
  std::optional<HoldingPeriod> holding;
  if (const SourcedNode* period = FindField(merged, "holding_period")) {
    holding = ReadHoldingPeriod(*period);
    ok = ok && holding;
    if (holding && return_window && holding->days < return_window->days) {
      period->context.Child("days").Error(
          period->node["days"], "the holding period (" + std::to_string(holding->days) +
                                    " days) is shorter than the return window (" +
                                    std::to_string(return_window->days) +
                                    " days): a seller would be paid before a buyer may return");
      ok = false;
    }
  }
  if (const SourcedNode* fee = FindField(merged, "processing_fee")) {
    commerce.processing_fee = ReadProcessingFee(*fee);
    ok = ok && commerce.processing_fee;
  }
  if (const SourcedNode* rounding = FindField(merged, "rounding")) {
    Result<RoundingMode> mode = rounding->node.IsScalar()
                                    ? ParseRoundingMode(rounding->node.Scalar())
                                    : Result<RoundingMode>(InvalidArgument("not a scalar"));
    if (mode.ok()) {
      commerce.rounding = *mode;
    } else {
      rounding->context.Error(rounding->node,
                              "expected a rounding mode: half_up, half_even, down or up");
      ok = false;
    }
  }
  if (!ok || !commerce.tax_collection || !return_window || !holding) {
    return std::nullopt;
  }
  commerce.return_window = std::move(*return_window);
  commerce.holding_period = std::move(*holding);
  return commerce;
}

}  // namespace mg::regions::internal
