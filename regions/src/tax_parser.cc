#include <algorithm>
#include <regex>

#include "regions/market_code.h"
#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

bool IsKnownTaxClass(const std::string& name) {
  const auto& known = KnownTaxClasses();
  return std::find(known.begin(), known.end(), name) != known.end();
}

std::string KnownTaxClassList() {
  std::string list;
  for (const auto& name : KnownTaxClasses()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

std::optional<TaxComponent> ParseComponent(const YAML::Node& node, const NodeContext& context) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  std::optional<std::string> name = RequiredText(reader, "name");
  std::optional<Decimal> rate = ReadRate(reader, "rate");
  std::optional<bool> compound = reader.OptionalBool("compound");
  std::optional<std::string> source = RequiredText(reader, "source");
  std::optional<bool> verified = reader.OptionalBool("verified");
  reader.Finish();
  if (!name || !rate || !source) return std::nullopt;
  return TaxComponent{*name, *rate, compound.value_or(false), *source, verified.value_or(true)};
}

}  // namespace

std::optional<Entity> ParseEntity(const SourcedNode& entity) {
  FieldReader reader(entity.node, entity.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<std::string> name = RequiredText(reader, "name");
  std::optional<std::string> country = ReadCountry(reader, "country", /*required=*/true);
  std::optional<std::string> source = RequiredText(reader, "source");
  std::optional<bool> verified = reader.OptionalBool("verified");
  reader.Finish();
  if (!name || !country || !source) return std::nullopt;
  return Entity{*name, *country, *source, verified.value_or(true)};
}

TaxRounding ParseTaxRounding(const SourcedNode& rounding) {
  TaxRounding result;
  FieldReader reader(rounding.node, rounding.context);
  if (!reader.valid()) return result;
  if (std::optional<std::string> mode =
          reader.RequiredEnum("mode", {"half_up", "half_even", "down", "up"})) {
    result.mode = *ParseRoundingMode(*mode);
  }
  if (std::optional<std::string> level = reader.RequiredEnum("level", {"line", "invoice"})) {
    result.level = *level == "invoice" ? RoundingLevel::kInvoice : RoundingLevel::kLine;
  }
  result.source = RequiredText(reader, "source").value_or("");
  result.verified = reader.OptionalBool("verified").value_or(true);
  reader.Finish();
  return result;
}

std::optional<ReverseChargeConfig> ParseB2b(const SourcedNode& b2b) {
  FieldReader reader(b2b.node, b2b.context);
  if (!reader.valid()) return std::nullopt;
  YAML::Node node = reader.Get("reverse_charge");
  reader.Finish();
  if (!node.IsDefined()) return std::nullopt;

  FieldReader rc(node, b2b.context.Child("reverse_charge"));
  if (!rc.valid()) return std::nullopt;
  ReverseChargeConfig config;
  std::optional<std::vector<std::string>> countries = ReadCountryList(rc, "countries");
  if (!rc.Has("countries")) rc.RequiredString("countries");
  std::optional<std::vector<std::string>> classes = rc.OptionalStringList("classes");
  if (!rc.Has("classes")) rc.RequiredString("classes");
  if (classes) {
    YAML::Node list = rc.Get("classes");
    for (size_t i = 0; i < classes->size(); ++i) {
      if (IsKnownTaxClass((*classes)[i])) continue;
      rc.context().Child("classes").Index(i).Error(
          list[i],
          "unknown tax class '" + (*classes)[i] + "'; expected one of: " + KnownTaxClassList());
    }
  }
  std::optional<std::string> note = RequiredText(rc, "note");
  std::optional<std::string> legal_reference = RequiredText(rc, "legal_reference");
  std::optional<std::string> source = RequiredText(rc, "source");
  config.verified = rc.OptionalBool("verified").value_or(true);
  rc.Finish();
  config.countries = countries.value_or(std::vector<std::string>{});
  config.classes = classes.value_or(std::vector<std::string>{});
  config.note = note.value_or("");
  config.legal_reference = legal_reference.value_or("");
  config.source = source.value_or("");
  return config;
}

std::optional<LocalTaxes> ParseLocalTaxes(const SourcedNode& local_taxes) {
  FieldReader reader(local_taxes.node, local_taxes.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<bool> collected = RequiredBool(reader, "collected");
  std::optional<std::string> reason = RequiredText(reader, "reason");
  std::optional<std::string> source = RequiredText(reader, "source");
  std::optional<bool> verified = reader.OptionalBool("verified");
  reader.Finish();
  // Collecting would need a rate per address, and no market can declare a
  // source of those yet: refuse it rather than quote a total without them.
  if (collected.value_or(false)) {
    const YAML::Node& node = local_taxes.node;
    reader.context()
        .Child("collected")
        .Error(
            node["collected"],
            "collected: true needs a local rate source, which no market can declare yet; declare "
            "collected: false with the reason");
    return std::nullopt;
  }
  if (!collected || !reason || !source) return std::nullopt;
  return LocalTaxes{false, *reason, *source, verified.value_or(true)};
}

std::optional<std::vector<TaxComponent>> ParseTaxClass(const std::string& name,
                                                       const SourcedNode& components) {
  if (!IsKnownTaxClass(name)) {
    components.context.Error(components.node, "unknown tax class '" + name +
                                                  "'; expected one of: " + KnownTaxClassList());
    return std::nullopt;
  }
  if (!components.node.IsSequence()) {
    components.context.Error(components.node,
                             "expected a list of tax components (an empty list means exempt)");
    return std::nullopt;
  }
  std::vector<TaxComponent> result;
  bool ok = true;
  for (size_t i = 0; i < components.node.size(); ++i) {
    std::optional<TaxComponent> component =
        ParseComponent(components.node[i], components.context.Index(i));
    if (component) {
      result.push_back(std::move(*component));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return result;
}

std::map<std::string, Subdivision> ParseSubdivisions(FieldReader& root,
                                                     const MarketContext& market) {
  std::map<std::string, Subdivision> result;
  static const std::regex kShape("[A-Z]{2}-[A-Z0-9]{1,3}");
  root.ForEachEntry(
      "subdivisions", [&](const std::string& code, const YAML::Node& node, NodeContext context) {
        // A subdivision market's own subdivisions are still its country's codes.
        const std::string_view country = MarketCountry(market.code);
        if (!std::regex_match(code, kShape) || code.compare(0, 2, country) != 0) {
          context.Error(node, "subdivision '" + code +
                                  "' is not an ISO 3166-2 code of this market (expected " +
                                  std::string(country) + "-XX)");
        }
        FieldReader reader(node, context);
        if (!reader.valid()) return;
        Subdivision subdivision;
        subdivision.code = code;
        subdivision.name = RequiredText(reader, "name").value_or("");
        subdivision.replaces_national = reader.OptionalBool("replaces_national").value_or(false);
        reader.ForEachEntry(
            "classes",
            [&](const std::string& name, const YAML::Node& components, NodeContext class_context) {
              if (auto parsed = ParseTaxClass(name, SourcedNode{components, class_context})) {
                subdivision.classes.emplace(name, std::move(*parsed));
              }
            },
            /*required=*/true);
        reader.Finish();
        result.emplace(code, std::move(subdivision));
      });
  return result;
}

}  // namespace mg::regions::internal
