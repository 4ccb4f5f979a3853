// Loads and validates a regions directory (docs/markets.md):
//
//   <regions_dir>/common/providers.yaml   the providers markets may route to
//   <regions_dir>/common/<pack>.yaml      packs, merged into the markets that include them
//   <regions_dir>/markets/XX.yaml         one market each (XX.cases.yaml files are skipped)
//
// Every file is read and every error in every file is reported, with file,
// line, column, field path and what was expected; loading never stops at the
// first error. The snapshot is produced only when there is no error at all.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/load_error.h"
#include "regions/snapshot.h"

namespace mg::regions {

struct LoadOptions {
  uint64_t version = 1;  // stamped on the snapshot
};

struct LoadResult {
  std::shared_ptr<const MarketSnapshot> snapshot;  // null when !errors.empty()
  std::vector<LoadError> errors;                   // in file order, then position

  bool ok() const { return errors.empty(); }
};

// Paths in errors are `regions_dir` joined with "common/..." or "markets/...".
LoadResult LoadMarkets(const std::string& regions_dir, const LoadOptions& options = {});

}  // namespace mg::regions
