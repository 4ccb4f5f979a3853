// GET /console/markets: every market of the serving snapshot with its
// status, currency, locales and entity, filtered by ?q=.
#pragma once

#include <string>
#include <string_view>

#include "operator_format.h"
#include "regions/snapshot.h"

namespace mg::console {

// The page's body (HTML). `query` keeps the markets whose code, name,
// status, currency, entity or one of whose locales contains it, ignoring
// case; empty keeps all.
std::string MarketsBody(const regions::MarketSnapshot& snapshot, std::string_view query,
                        const OperatorFormat& format);

}  // namespace mg::console
