// What changed between two loads of the regions directory, per market: for
// reviewing a market file change before it ships (`marketgate diff`).
#pragma once

#include <string>
#include <vector>

#include "regions/snapshot.h"

namespace mg::regions {

struct MarketChange {
  // "status", "price", "tax", "rule", "payment", "ads", "gifts", "gifting",
  // "payouts", "market" (other fields).
  std::string section;
  // Human-readable: "coins_70: 0,99 € -> 1,09 €" (amounts formatted with the
  // market's default-locale formatter).
  std::string text;
};

struct MarketDiff {
  enum class Kind { kAdded, kRemoved, kChanged } kind = Kind::kChanged;
  std::string code;
  std::vector<MarketChange> changes;  // empty for added / removed
};

// "added", "removed", "changed".
const char* KindName(MarketDiff::Kind kind);

// Markets in code order; unchanged markets are left out.
std::vector<MarketDiff> DiffSnapshots(const MarketSnapshot& before, const MarketSnapshot& after);

}  // namespace mg::regions
