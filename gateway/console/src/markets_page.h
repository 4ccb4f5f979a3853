// GET /console/markets: every market of the serving snapshot with its
// status, currency, locales and entity, filtered by ?q=.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "regions/snapshot.h"

namespace mg::console {

// The page's body (HTML). `query` keeps the markets whose code, name,
// status, currency, entity or one of whose locales contains it, ignoring
// case; empty keeps all.
std::string MarketsBody(const regions::MarketSnapshot& snapshot, std::string_view query);

// "2026-12-07T03:15:17Z".
std::string IsoTime(std::chrono::system_clock::time_point time);

}  // namespace mg::console
