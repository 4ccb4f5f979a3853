// Reads one market file, applies its packs and parses the merged result into
// a MarketSpec with every cross-check of docs/markets.md. Internal to the
// loader.
#pragma once

#include <optional>
#include <string>

#include "market_layers.h"
#include "regions/market.h"
#include "regions/providers.h"

namespace mg::regions::internal {

// Errors go to `sink`; returns a spec only when this market added none.
std::optional<MarketSpec> ParseMarketFile(const std::string& file, const ProviderCatalog& providers,
                                          PackLibrary& packs, ErrorSink& sink);

}  // namespace mg::regions::internal
