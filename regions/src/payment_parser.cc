#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

std::optional<ProviderRoute> ParseRoute(const YAML::Node& node, const NodeContext& context,
                                        const std::string& method, const MarketContext& market) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  ProviderRoute route;
  bool ok = true;
  std::optional<std::string> provider = RequiredText(reader, "provider");
  if (provider && market.providers != nullptr) {
    NodeContext provider_context = context.Child("provider");
    if (market.providers->Find(*provider) == nullptr) {
      provider_context.Error(
          reader.Get("provider"),
          "unknown provider '" + *provider + "' (not declared in common/providers.yaml)");
      ok = false;
    } else if (!market.providers->Supports(*provider, method)) {
      provider_context.Error(reader.Get("provider"), "provider '" + *provider +
                                                         "' does not support method '" + method +
                                                         "' (see common/providers.yaml)");
      ok = false;
    }
  }
  if (std::optional<int64_t> weight = reader.OptionalInt("weight")) {
    if (*weight < 0 || *weight > 100) {
      context.Child("weight").Error(reader.Get("weight"), "weight must be between 0 and 100");
      ok = false;
    }
    route.weight = *weight;
  } else if (reader.Has("weight")) {
    ok = false;
  }
  if (std::optional<std::vector<std::string>> currencies =
          reader.OptionalStringList("currencies")) {
    YAML::Node list = reader.Get("currencies");
    for (size_t i = 0; i < currencies->size(); ++i) {
      Result<CurrencyCode> code = CurrencyCode::Parse((*currencies)[i]);
      if (code.ok()) {
        route.currencies.push_back(*code);
      } else {
        context.Child("currencies")
            .Index(i)
            .Error(list[i], "unknown currency '" + (*currencies)[i] +
                                "' (not an ISO 4217 code known to ICU)");
        ok = false;
      }
    }
  } else if (reader.Has("currencies")) {
    ok = false;
  }
  if (reader.Has("max_amount")) {
    route.max_amount = ReadAmount(reader, "max_amount", false, market.currency);
    ok = ok && route.max_amount.has_value();
  }
  reader.Finish();
  if (!ok || !provider) return std::nullopt;
  route.provider = *provider;
  return route;
}

}  // namespace

std::optional<PaymentMethod> ParsePaymentMethod(const SourcedNode& method_node,
                                                const MarketContext& market) {
  FieldReader reader(method_node.node, method_node.context);
  if (!reader.valid()) return std::nullopt;
  PaymentMethod method;
  bool ok = true;
  std::optional<std::string> name = RequiredText(reader, "method");
  method.available = reader.OptionalBool("available").value_or(true);
  method.unavailable_reason = reader.OptionalString("unavailable_reason").value_or("");
  if (!method.available && method.unavailable_reason.empty()) {
    method_node.context.Child("unavailable_reason")
        .Error(method_node.node, "an unavailable method needs 'unavailable_reason'");
    ok = false;
  }
  method.source = RequiredText(reader, "source").value_or("");
  method.verified = reader.OptionalBool("verified").value_or(true);
  if (name) {
    reader.ForEachItem("providers", [&](const YAML::Node& node, NodeContext context) {
      std::optional<ProviderRoute> route = ParseRoute(node, context, *name, market);
      if (route) {
        method.providers.push_back(std::move(*route));
      } else {
        ok = false;
      }
    });
  } else {
    reader.Get("providers");
  }
  if (name && method.available && method.providers.empty() && ok) {
    method_node.context.Child("providers")
        .Error(method_node.node, "an available method needs at least one provider");
    ok = false;
  }
  reader.Finish();
  if (!ok || !name) return std::nullopt;
  method.method = *name;
  return method;
}

std::optional<AdsConfig> ParseAds(const MergedLayers& merged, const MarketContext& market) {
  if (!merged.ads) return std::nullopt;
  AdsConfig ads;
  for (const auto& [name, format_node] : merged.ad_formats) {
    FieldReader reader(format_node.node, format_node.context);
    if (!reader.valid()) continue;
    AdFormat format;
    format.name = name;
    std::optional<std::string> pricing = reader.RequiredEnum("pricing", {"cpm", "per_day", "flat"});
    format.cpm_floor = ReadAmount(reader, "cpm_floor", false, market.currency);
    format.min_budget = ReadAmount(reader, "min_budget", false, market.currency);
    format.price = ReadAmount(reader, "price", false, market.currency);
    if (pricing == "cpm") {
      format.pricing = AdPricing::kCpm;
      if (!reader.Has("cpm_floor")) reader.RequiredString("cpm_floor");
    } else if (pricing) {
      format.pricing = *pricing == "flat" ? AdPricing::kFlat : AdPricing::kPerDay;
      if (!reader.Has("price")) reader.RequiredString("price");
    }
    reader.Finish();
    ads.formats.emplace(name, std::move(format));
  }
  if (merged.ads_payment_terms) {
    const SourcedNode& terms = *merged.ads_payment_terms;
    if (!terms.node.IsSequence()) {
      terms.context.Error(terms.node, "expected a list of payment terms");
    } else {
      for (size_t i = 0; i < terms.node.size(); ++i) {
        if (terms.node[i].IsScalar()) {
          ads.payment_terms.push_back(terms.node[i].Scalar());
        } else {
          terms.context.Index(i).Error(terms.node[i], "expected a string");
        }
      }
    }
  }
  if (merged.ads_invoice_terms_days) {
    const SourcedNode& days = *merged.ads_invoice_terms_days;
    int64_t value = 0;
    bool parsed = days.node.IsScalar();
    if (parsed) {
      try {
        size_t used = 0;
        value = std::stoll(days.node.Scalar(), &used);
        parsed = used == days.node.Scalar().size();
      } catch (const std::exception&) {
        parsed = false;
      }
    }
    if (!parsed || value <= 0) {
      days.context.Error(days.node, "expected a positive number of days");
    } else {
      ads.invoice_terms_days = value;
    }
  }
  return ads;
}

}  // namespace mg::regions::internal
