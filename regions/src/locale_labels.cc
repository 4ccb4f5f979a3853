#include "locale_labels.h"

#include <algorithm>
#include <filesystem>
#include <variant>

namespace mg::regions::internal {
namespace {

std::string LanguageOf(const std::string& locale) { return locale.substr(0, locale.find('-')); }

// "pack 'eu'" for regions/common/eu.yaml; the market's own file says so.
std::string DeclaredBy(const std::string& file, const std::string& market_file) {
  if (file == market_file) return "the market file";
  return "pack '" + std::filesystem::path(file).stem().string() + "'";
}

const std::vector<SourcedNode>* VersionsOf(const MergedLayers& merged, const std::string& id) {
  auto it = std::find_if(merged.rules.begin(), merged.rules.end(),
                         [&](const auto& entry) { return entry.first == id; });
  return it == merged.rules.end() ? nullptr : &it->second;
}

}  // namespace

void CheckLocaleLabels(const MergedLayers& merged, const std::vector<Rule>& rules,
                       const std::vector<std::string>& locales, const std::string& market_code,
                       const std::string& market_file) {
  for (const Rule& rule : rules) {
    const auto* disclosure = std::get_if<AdDisclosureRule>(&rule.body);
    if (disclosure == nullptr || rule.disabled) continue;
    const std::vector<SourcedNode>* versions = VersionsOf(merged, rule.id);
    if (versions == nullptr) continue;
    // The labels in effect are those of the last declaration that has any.
    auto declared = std::find_if(versions->rbegin(), versions->rend(), [](const SourcedNode& v) {
      return v.node.IsMap() && v.node["labels"].IsDefined();
    });
    if (declared == versions->rend()) continue;
    for (const std::string& locale : locales) {
      if (disclosure->labels.count(locale) > 0 || disclosure->labels.count(LanguageOf(locale)) > 0)
        continue;
      declared->context.Child("labels").Error(
          declared->node["labels"], "market " + market_code + ": rule '" + rule.id + "' of " +
                                        DeclaredBy(*declared->context.file, market_file) +
                                        " has no label for the market's locale '" + locale +
                                        "' (add labels." + locale + ")");
    }
  }
}

}  // namespace mg::regions::internal
