// A changed market file tried against the live snapshot without applying it
// (docs/console.md, "Change a market"): the market directory the snapshot was
// loaded from is copied aside with the file replaced, loaded as a reload
// would load it, and either its errors (file, line, column) or its diff
// against the serving snapshot (regions/market_diff.h, as `marketgate diff`
// shows it) come back. Nothing serving changes: ops ship the file the
// normal way and reload.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/load_error.h"
#include "base/status.h"
#include "regions/market_diff.h"
#include "regions/snapshot.h"

namespace mg::console {

struct DryRun {
  std::vector<LoadError> errors;  // file paths as in the live directory
  std::vector<regions::MarketDiff> diffs;
};

// `code`'s market file replaced by `yaml`. Errors: kInternal when the
// directory cannot be copied.
Result<DryRun> TryMarketFile(const regions::MarketSnapshot& live, std::string_view code,
                             std::string_view yaml);

// The market file of `code` as it is on disk now; empty when unreadable.
std::string MarketFileText(const regions::MarketSnapshot& live, std::string_view code);

// The page's body: the form with `yaml`, then the outcome when there is one.
std::string ChangeBody(std::string_view code, std::string_view yaml, std::string_view csrf,
                       const DryRun* outcome);

}  // namespace mg::console
