// Reads one market file, applies its packs and parses the merged result into
// a MarketSpec with every cross-check of docs/markets.md. Internal to the
// loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>

#include "market_layers.h"
#include "regions/market.h"
#include "regions/providers.h"

namespace mg::regions::internal {

// Errors go to `sink`; returns a spec only when this market added none.
std::optional<MarketSpec> ParseMarketFile(const std::string& file, const ProviderCatalog& providers,
                                          PackLibrary& packs, ErrorSink& sink);

// The same for a file read and parsed as YAML already (LoadYamlFile, whose
// errors are in `sink` after index `errors_before`): the loader reads the
// files on several threads, then parses them in order on one.
std::optional<MarketSpec> ParseMarketDocument(const std::string& file,
                                              std::optional<YAML::Node> root_node,
                                              size_t errors_before,
                                              const ProviderCatalog& providers, PackLibrary& packs,
                                              ErrorSink& sink);

}  // namespace mg::regions::internal
