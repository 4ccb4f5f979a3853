#include "gateway/providers/provider_registry.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace mg::providers {

const PaymentProvider* ProviderSet::Find(std::string_view id) const {
  auto it = providers_.find(id);
  return it == providers_.end() ? nullptr : it->second.get();
}

std::vector<std::string> ProviderSet::ids() const {
  std::vector<std::string> out;
  for (const auto& [id, provider] : providers_) out.push_back(id);
  return out;
}

void ProviderRegistry::Add(std::string kind, ProviderFactory factory) {
  if (factory == nullptr || !factories_.emplace(kind, factory).second) {
    std::fprintf(stderr, "ProviderRegistry: kind '%s' registered twice or without factory\n",
                 kind.c_str());
    std::abort();
  }
}

bool ProviderRegistry::Has(std::string_view kind) const { return factories_.contains(kind); }

std::vector<std::string> ProviderRegistry::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, factory] : factories_) out.push_back(kind);
  return out;
}

Result<std::shared_ptr<const ProviderSet>> ProviderRegistry::Build(
    const std::vector<ProviderConfig>& configs) const {
  auto set = std::make_shared<ProviderSet>();
  for (const ProviderConfig& config : configs) {
    if (config.id.empty()) return InvalidArgument("provider id is required", "providers[].id");
    auto factory = factories_.find(config.kind);
    if (factory == factories_.end()) {
      return InvalidArgument("provider '" + config.id + "': unknown kind '" + config.kind + "'",
                             "providers." + config.id + ".kind");
    }
    if (set->providers_.contains(config.id)) {
      return InvalidArgument("provider id '" + config.id + "' declared twice",
                             "providers." + config.id);
    }
    Result<std::unique_ptr<PaymentProvider>> provider = factory->second(config);
    if (!provider.ok()) {
      mg::Status status = provider.status();
      return mg::Status(
          status.code(), "provider '" + config.id + "': " + status.message(),
          "providers." + config.id + (status.param().empty() ? "" : "." + status.param()));
    }
    set->providers_.emplace(config.id, std::move(provider).value());
  }
  return std::shared_ptr<const ProviderSet>(std::move(set));
}

}  // namespace mg::providers
