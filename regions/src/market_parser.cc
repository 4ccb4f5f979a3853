#include "market_parser.h"

#include <algorithm>
#include <filesystem>

#include "currency/money_format.h"
#include "locale_labels.h"
#include "pack_currency.h"
#include "parse_memo.h"
#include "regions/market_code.h"
#include "section_parsers.h"
#include "tax_factors.h"

namespace mg::regions::internal {
namespace {

// The market-level fields that are not merged with packs.
struct TopLevel {
  std::optional<std::string> code;
  std::optional<std::string> name;
  std::optional<MarketStatus> status;
  std::optional<Suspension> suspension;
  std::vector<std::string> locales;
  std::optional<CurrencyFacts> currency;
  DisplayOptions display;
  std::optional<std::string> time_zone;
  std::optional<bool> prices_include_tax;
  std::optional<std::string> prices_include_tax_source;
  bool prices_include_tax_verified = true;
  bool subdivision_required = false;
};

void ReadIdentity(FieldReader& root, const std::string& file, TopLevel& top) {
  const NodeContext& context = root.context();
  std::string expected = std::filesystem::path(file).stem().string();
  top.code = root.RequiredString("market");
  if (top.code && *top.code != expected) {
    context.Child("market").Error(
        root.Get("market"),
        "market code '" + *top.code + "' must equal the file name '" + expected + "'");
    top.code.reset();
  } else if (top.code && !IsMarketCode(*top.code)) {
    context.Child("market").Error(
        root.Get("market"),
        "expected an ISO 3166-1 alpha-2 code (\"DE\") or an ISO 3166-2 subdivision code "
        "(\"ES-CN\"), found '" +
            *top.code + "': " + MarketCodeProblem(*top.code));
    top.code.reset();
  }
  top.name = RequiredText(root, "name");

  std::optional<std::string> status = root.RequiredEnum("status", {"live", "suspended", "planned"});
  if (status) {
    top.status = *status == "live"        ? MarketStatus::kLive
                 : *status == "suspended" ? MarketStatus::kSuspended
                                          : MarketStatus::kPlanned;
  }
  YAML::Node suspension = root.Get("suspension");
  if (top.status == MarketStatus::kSuspended && !suspension.IsDefined()) {
    context.Child("suspension")
        .Error(root.Get("status"),
               "a suspended market needs 'suspension' (reason, "
               "legal_reference, source)");
  } else if (suspension.IsDefined() && status && top.status != MarketStatus::kSuspended) {
    context.Child("suspension")
        .Error(suspension, "'suspension' is only allowed with status: suspended");
  } else if (suspension.IsDefined()) {
    FieldReader reader(suspension, context.Child("suspension"));
    if (reader.valid()) {
      std::optional<std::string> reason = RequiredText(reader, "reason");
      std::optional<std::string> legal_reference = RequiredText(reader, "legal_reference");
      std::optional<std::string> source = RequiredText(reader, "source");
      std::optional<std::string> since = reader.OptionalString("since");
      std::optional<bool> verified = reader.OptionalBool("verified");
      reader.Finish();
      if (reason && legal_reference && source) {
        top.suspension = Suspension{*reason, *legal_reference, *source, since.value_or(""),
                                    verified.value_or(true)};
      }
    }
  }
}

void ReadLocaleAndCurrency(FieldReader& root, TopLevel& top) {
  const NodeContext& context = root.context();
  if (std::optional<std::vector<std::string>> locales = root.OptionalStringList("locales")) {
    YAML::Node list = root.Get("locales");
    if (locales->empty()) context.Child("locales").Error(list, "at least one locale is required");
    for (size_t i = 0; i < locales->size(); ++i) {
      const std::string& tag = (*locales)[i];
      if (!ValidateLocale(tag).ok()) {
        context.Child("locales").Index(i).Error(list[i],
                                                "unknown locale '" + tag + "' (not known to ICU)");
      } else if (std::find(top.locales.begin(), top.locales.end(), tag) != top.locales.end()) {
        context.Child("locales").Index(i).Error(list[i], "duplicate locale '" + tag + "'");
      } else {
        top.locales.push_back(tag);
      }
    }
  } else if (!root.Has("locales")) {
    root.RequiredString("locales");
  }

  if (std::optional<std::string> code = root.RequiredString("currency")) {
    Result<CurrencyCode> currency = CurrencyCode::Parse(*code);
    Result<CurrencyFacts> facts =
        currency.ok() ? LookupCurrency(*currency) : Result<CurrencyFacts>(currency.status());
    if (facts.ok()) {
      top.currency = *facts;
    } else {
      context.Child("currency")
          .Error(root.Get("currency"),
                 "unknown currency '" + *code + "' (not an ISO 4217 code known to ICU)");
    }
  }

  if (YAML::Node display = root.Get("display"); display.IsDefined()) {
    FieldReader reader(display, context.Child("display"));
    if (std::optional<int64_t> digits = reader.OptionalInt("digits")) {
      if (*digits < 0 || *digits > 4) {
        reader.context().Child("digits").Error(reader.Get("digits"),
                                               "display digits must be between 0 and 4");
      } else {
        top.display.digits = static_cast<int>(*digits);
      }
    }
    if (std::optional<std::string> style =
            reader.OptionalEnum("style", {"symbol", "iso", "name"})) {
      top.display.style = *style == "iso"    ? MoneyStyle::kIsoCode
                          : *style == "name" ? MoneyStyle::kName
                                             : MoneyStyle::kSymbol;
    }
    reader.Finish();
  }

  top.time_zone = root.RequiredString("time_zone");
  if (top.time_zone && !IsKnownTimeZone(*top.time_zone)) {
    context.Child("time_zone")
        .Error(root.Get("time_zone"),
               "unknown time zone '" + *top.time_zone + "' (expected an IANA id known to ICU)");
    top.time_zone.reset();
  }
  top.prices_include_tax = RequiredBool(root, "prices_include_tax");
  top.prices_include_tax_source = RequiredText(root, "prices_include_tax_source");
  top.prices_include_tax_verified = root.OptionalBool("prices_include_tax_verified").value_or(true);
  top.subdivision_required = root.OptionalBool("subdivision_required").value_or(false);
}

// A rule declared in a pack is parsed once per currency in a load and copied
// into each market of the pack (parse_memo.h); errors are not kept, so a
// market that includes a broken rule parses it again and reports them.
std::optional<Rule> ParseSharedRule(const SourcedNode& declared, const MarketContext& market) {
  ParseMemo* memo =
      market.memo != nullptr && market.memo->FromPack(declared) ? market.memo : nullptr;
  ParseMemo::Key key;
  if (memo != nullptr) {
    key = ParseMemo::KeyOf(declared, market.currency->str());
    if (auto found = memo->rules.find(key); found != memo->rules.end()) return found->second;
  }
  std::optional<Rule> rule = ParseRule(declared.node, declared.context, *market.currency);
  if (memo != nullptr && rule) memo->rules.emplace(std::move(key), *rule);
  return rule;
}

// The rules after merging by id; a switch-off keeps the rule it switches off.
std::vector<Rule> MergeRules(const MergedLayers& merged, const MarketContext& market) {
  std::vector<Rule> rules;
  if (!market.currency) return rules;
  for (const auto& [id, versions] : merged.rules) {
    std::vector<std::optional<Rule>> parsed;
    for (size_t i = 0; i < versions.size(); ++i) {
      const SourcedNode& version = versions[i];
      for (size_t j = 0; j < i; ++j) {
        if (versions[j].context.file == version.context.file) {
          version.context.Error(version.node,
                                "duplicate rule id '" + id + "' (first declared at line " +
                                    std::to_string(versions[j].node.Mark().line + 1) + ")");
        }
      }
      parsed.push_back(ParseSharedRule(version, market));
    }
    if (!parsed.back()) continue;
    Rule rule = *parsed.back();
    if (rule.disabled && rule.kind.empty()) {
      auto earlier = std::find_if(parsed.rbegin() + 1, parsed.rend(),
                                  [](const auto& r) { return r.has_value() && !r->kind.empty(); });
      if (earlier == parsed.rend()) {
        versions.back().context.Error(
            versions.back().node,
            "rule '" + id + "' is switched off but no included pack declares it");
        continue;
      }
      Rule base = **earlier;
      base.disabled = true;
      base.disabled_reason = rule.disabled_reason;
      base.source = rule.source;
      if (!rule.legal_reference.empty()) base.legal_reference = rule.legal_reference;
      base.verified = rule.verified;
      base.declared_in = rule.declared_in;
      base.line = rule.line;
      rule = std::move(base);
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

struct MergedSections {
  std::optional<Entity> entity;
  TaxConfig tax;
  std::vector<PaymentMethod> payment_methods;
  std::optional<AdsConfig> ads;
  std::vector<Rule> rules;
};

void ParseMerged(const MergedLayers& merged, const NodeContext& root_context,
                 const YAML::Node& root, const MarketContext& market, MergedSections& out) {
  if (merged.entity) {
    out.entity = ParseEntity(*merged.entity);
  } else {
    root_context.Child("entity").Error(
        root, "required field 'entity' is missing (declare it in the market or an included pack)");
  }
  if (merged.tax_rounding) out.tax.rounding = ParseTaxRounding(*merged.tax_rounding);
  if (merged.tax_b2b) out.tax.reverse_charge = ParseB2b(*merged.tax_b2b);
  if (merged.tax_local_taxes) out.tax.local_taxes = ParseLocalTaxes(*merged.tax_local_taxes);
  for (const auto& [name, components] : merged.tax_classes) {
    // A class that fails to parse is still declared: no follow-on errors for
    // the products that use it (the market is not built anyway).
    auto parsed = ParseTaxClass(name, components);
    out.tax.classes.emplace(name, parsed.value_or(std::vector<TaxComponent>{}));
  }
  if (merged.tax_classes.empty()) {
    root_context.Child("tax.classes")
        .Error(root, "no tax classes declared (in the market or an included pack)");
  }
  for (const auto& [key, method] : merged.payment_methods) {
    if (auto parsed = ParsePaymentMethod(method, market)) {
      out.payment_methods.push_back(std::move(*parsed));
    }
  }
  if (merged.payment_methods.empty()) {
    root_context.Child("payment_methods")
        .Error(root, "required field 'payment_methods' is missing (in the market or a pack)");
  }
  out.ads = ParseAds(merged, market);
  out.rules = MergeRules(merged, market);
}

DerivedPriceTax PriceTaxFor(const TopLevel& top, const TaxConfig& tax) {
  DerivedPriceTax result;
  result.inclusive = top.prices_include_tax.value_or(false);
  auto it = tax.classes.find(kTaxClassVirtualCurrency);
  if (result.inclusive && it != tax.classes.end()) {
    std::vector<const TaxComponent*> components;
    for (const auto& c : it->second) components.push_back(&c);
    if (Result<Decimal> rate = CombinedRate(components); rate.ok()) {
      result.virtual_currency_rate = *rate;
    }
  }
  return result;
}

void CheckCatalogClasses(const Catalog& catalog, const YAML::Node& catalog_node,
                         const NodeContext& context, const TaxConfig& tax) {
  if (!catalog.coin_packs.empty() && !tax.classes.count(kTaxClassVirtualCurrency)) {
    context.Child("coin_packs")
        .Error(catalog_node["coin_packs"],
               "coin packs are taxed as virtual_currency, but the market declares no such "
               "tax class");
  }
  const YAML::Node products = catalog_node["products"];
  for (size_t i = 0; i < catalog.products.size(); ++i) {
    const Product& product = catalog.products[i];
    if (tax.classes.count(product.tax_class)) continue;
    // Products are only kept when parsed, so find the node by SKU.
    for (size_t j = 0; j < products.size(); ++j) {
      if (products[j]["sku"].Scalar() != product.sku) continue;
      context.Child("products")
          .Index(j)
          .Child("tax_class")
          .Error(products[j]["tax_class"], "tax class '" + product.tax_class +
                                               "' is not declared in the market's tax.classes");
    }
  }
}

}  // namespace

std::optional<MarketSpec> ParseMarketFile(const std::string& file, const ProviderCatalog& providers,
                                          PackLibrary& packs, ErrorSink& sink) {
  const size_t errors_before = sink.size();
  std::optional<YAML::Node> root_node = LoadYamlFile(file, sink);
  return ParseMarketDocument(file, std::move(root_node), errors_before, providers, packs, sink);
}

std::optional<MarketSpec> ParseMarketDocument(const std::string& file,
                                              std::optional<YAML::Node> root_node,
                                              size_t errors_before,
                                              const ProviderCatalog& providers, PackLibrary& packs,
                                              ErrorSink& sink) {
  if (!root_node) return std::nullopt;
  NodeContext context{&file, "", &sink};
  FieldReader root(*root_node, context);
  if (!root.valid()) return std::nullopt;

  TopLevel top;
  ReadIdentity(root, file, top);
  MergedLayers merged;
  if (YAML::Node includes = root.Get("includes"); includes.IsDefined()) {
    packs.ApplyIncludes(includes, context.Child("includes"), merged);
  }
  MergeLayer(ReadLayer(root), merged);
  ReadLocaleAndCurrency(root, top);

  MarketContext market;
  market.code = top.code.value_or(std::filesystem::path(file).stem().string());
  if (top.currency) market.currency = top.currency->code;
  market.providers = &providers;
  market.memo = &packs.memo();

  std::map<std::string, Subdivision> subdivisions = ParseSubdivisions(root, market);
  if (top.subdivision_required && subdivisions.empty()) {
    context.Child("subdivision_required")
        .Error(root.Get("subdivision_required"),
               "subdivision_required is true but no subdivisions are declared");
  }
  MergedSections sections;
  ParseMerged(merged, context, *root_node, market, sections);
  std::vector<Gift> gifts = ParseGifts(merged, top.locales);
  internal::CheckLocaleLabels(merged, sections.rules, top.locales, market.code, file);
  internal::CheckPackCurrencies(merged, sections.rules, market.currency, market.code,
                                root.Get("includes"), context.Child("includes"));
  Gifting gifting = ParseGifting(merged);
  std::optional<Payouts> payouts = ParsePayouts(merged, market);
  if (payouts && !gifting.diamond_value) {
    context.Child("payouts").Error(root.Get("payouts"),
                                   "payouts need gifting.diamond_value: what the diamonds paid "
                                   "out are worth");
  }

  std::optional<Commerce> commerce = ParseCommerce(merged, market);

  std::optional<Catalog> catalog;
  YAML::Node catalog_node = root.Get("catalog");
  if (!catalog_node.IsDefined()) {
    root.RequiredString("catalog");  // reports it missing
  } else {
    catalog = ParseCatalog(catalog_node, context.Child("catalog"), market,
                           PriceTaxFor(top, sections.tax));
    if (catalog)
      CheckCatalogClasses(*catalog, catalog_node, context.Child("catalog"), sections.tax);
  }
  root.Finish();

  if (sink.size() != errors_before) return std::nullopt;
  // Every required piece parsed when no error was reported; stay defensive.
  if (!top.currency || !top.code || !top.name || !top.status || !sections.entity ||
      !top.time_zone || !top.prices_include_tax || !top.prices_include_tax_source || !catalog) {
    context.Error(*root_node, "internal: incomplete market after a clean parse");
    return std::nullopt;
  }
  MarketSpec spec(*top.currency);
  spec.code = *top.code;
  spec.name = *top.name;
  spec.status = *top.status;
  spec.suspension = top.suspension;
  spec.entity = *sections.entity;
  spec.locales = top.locales;
  spec.display = top.display;
  spec.time_zone = *top.time_zone;
  spec.prices_include_tax = *top.prices_include_tax;
  spec.prices_include_tax_source = *top.prices_include_tax_source;
  spec.prices_include_tax_verified = top.prices_include_tax_verified;
  spec.subdivision_required = top.subdivision_required;
  spec.subdivisions = std::move(subdivisions);
  spec.tax = std::move(sections.tax);
  spec.catalog = std::move(*catalog);
  spec.payment_methods = std::move(sections.payment_methods);
  spec.ads = std::move(sections.ads);
  spec.gifts = std::move(gifts);
  spec.gifting = std::move(gifting);
  spec.payouts = std::move(payouts);
  spec.commerce = std::move(commerce);
  spec.rules = std::move(sections.rules);
  spec.includes = merged.packs_applied;
  spec.source_file = file;
  return spec;
}

}  // namespace mg::regions::internal
