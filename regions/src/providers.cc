#include "regions/providers.h"

#include <algorithm>

#include "base/yaml_reader.h"

namespace mg::regions {

ProviderCatalog ProviderCatalog::Load(const std::string& file, ErrorSink& sink) {
  ProviderCatalog catalog;
  std::optional<YAML::Node> root = LoadYamlFile(file, sink);
  if (!root) return catalog;
  FieldReader reader(*root, NodeContext{&file, "", &sink});
  if (!reader.valid()) return catalog;
  reader.ForEachItem(
      "providers",
      [&](const YAML::Node& node, NodeContext context) {
        FieldReader item(node, context);
        if (!item.valid()) return;
        std::optional<std::string> id = item.RequiredString("id");
        std::optional<std::vector<std::string>> methods = item.OptionalStringList("methods");
        if (!item.Has("methods")) {
          context.Child("methods").Error(node, "required field 'methods' is missing");
        }
        std::optional<std::vector<std::string>> payout_methods =
            item.OptionalStringList("payout_methods");
        std::optional<std::string> source = item.OptionalString("source");
        item.Finish();
        if (!id) return;
        if (catalog.providers_.count(*id)) {
          context.Child("id").Error(node["id"], "duplicate provider '" + *id + "'");
          return;
        }
        const YAML::Mark mark = node["id"].Mark();
        catalog.providers_.emplace(
            *id, ProviderSpec{*id, methods.value_or(std::vector<std::string>{}),
                              payout_methods.value_or(std::vector<std::string>{}),
                              source.value_or(""), file, mark.line + 1, mark.column + 1});
      },
      /*required=*/true);
  reader.Finish();
  return catalog;
}

const ProviderSpec* ProviderCatalog::Find(std::string_view id) const {
  auto it = providers_.find(id);
  return it == providers_.end() ? nullptr : &it->second;
}

bool ProviderCatalog::Supports(std::string_view provider, std::string_view method) const {
  const ProviderSpec* spec = Find(provider);
  if (spec == nullptr) return false;
  return std::find(spec->methods.begin(), spec->methods.end(), method) != spec->methods.end();
}

bool ProviderCatalog::SupportsPayout(std::string_view provider, std::string_view method) const {
  const ProviderSpec* spec = Find(provider);
  if (spec == nullptr) return false;
  return std::find(spec->payout_methods.begin(), spec->payout_methods.end(), method) !=
         spec->payout_methods.end();
}

}  // namespace mg::regions
