// Test data shared by the API and cluster tests: copies of the shipped
// regions where DE has a 24-hour limit of 25.00 EUR on coins for adults
// (rule test.coins.daily), or declares a refund policy after gifts.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace mg::api::testing {

// Copies MG_SOURCE_DIR/regions to `dir` (which must not exist) and appends
// the rule to dir/markets/DE.yaml.
inline void CopyRegionsWithDailyCoinLimit(const std::filesystem::path& dir) {
  std::filesystem::copy(MG_SOURCE_DIR "/regions", dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "markets/DE.yaml", std::ios::app)
      << "\nrules:\n"
         "  - id: test.coins.daily\n"
         "    kind: spending_limit\n"
         "    actions: [buy_coins]\n"
         "    brackets:\n"
         "      - {min_age: 18, per_day: \"25.00\"}\n"
         "    legal_reference: \"test limit\"\n"
         "    source: \"test\"\n";
}

// Copies MG_SOURCE_DIR/regions to `dir` (which must not exist) and
// declares `policy` as DE's gifting.refund_after_gifts.
inline void CopyRegionsWithRefundPolicy(const std::filesystem::path& dir,
                                        const std::string& policy) {
  std::filesystem::copy(MG_SOURCE_DIR "/regions", dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "markets/DE.yaml", std::ios::app)
      << "\ngifting:\n  refund_after_gifts: {policy: " << policy << ", basis: \"test\"}\n";
}

}  // namespace mg::api::testing
