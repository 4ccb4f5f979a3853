// Runs the cases of the shipped regions/ directory (RunCompliance) on a copy,
// then changes one tax rate and one age and shows that the matching cases
// fail and that the JUnit and HTML reports name them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "compliance/reporting/case_report.h"
#include "compliance/reporting/cases.h"
#include "temp_dir.h"

namespace mg::compliance {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::set<std::string> FailedCases(const ComplianceRun& run,
                                  std::set<std::string>* markets = nullptr) {
  std::set<std::string> failed;
  for (const auto& market : run.markets) {
    for (const auto& result : market.results) {
      if (result.passed) continue;
      failed.insert(result.case_id);
      if (markets) markets->insert(market.market);
    }
  }
  return failed;
}

class ShippedRegionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::path source = fs::path(MG_SOURCE_DIR) / "regions";
    if (!fs::exists(source / "markets" / "DE.yaml") ||
        !fs::exists(source / "markets" / "DE.cases.yaml")) {
      GTEST_SKIP() << "regions/markets/DE.yaml and its cases are not shipped yet";
    }
    fs::copy(source / "common", dir_.path() / "common", fs::copy_options::recursive);
    fs::copy(source / "markets", dir_.path() / "markets", fs::copy_options::recursive);
    baseline_ = Run();
    ASSERT_TRUE(baseline_.errors.empty()) << baseline_.errors.front().ToString();
  }

  ComplianceRun Run(int min_coverage_percent = 100) {
    RunOptions options;
    options.min_coverage_percent = min_coverage_percent;
    options.regions_dir = dir_.path().string();
    options.now = Timestamp(std::chrono::seconds(1'790'000'000));
    return RunCompliance(options);
  }

  // The mismatches of one case of a run; empty when it passed or is not there.
  std::vector<Mismatch> MismatchesOf(const ComplianceRun& run, const std::string& market,
                                     const std::string& case_id) {
    const MarketRun* found = Market(run, market);
    if (found == nullptr) return {};
    for (const auto& result : found->results) {
      if (result.case_id == case_id) return result.mismatches;
    }
    return {};
  }

  const MarketRun* Market(const ComplianceRun& run, const std::string& code) {
    for (const auto& market : run.markets) {
      if (market.market == code) return &market;
    }
    return nullptr;
  }

  // In the first match of `pattern` in `file` (relative to the copy), keeps
  // group 1 and replaces the rest of the match with `replacement`.
  void Edit(const std::string& file, const std::string& pattern, const std::string& replacement) {
    std::string text = testing::ReadFile(dir_.path() / file);
    std::smatch match;
    ASSERT_TRUE(std::regex_search(text, match, std::regex(pattern)))
        << pattern << " not in " << file;
    dir_.Write(file, match.prefix().str() + match.str(1) + replacement + match.suffix().str());
  }

  testing::TempDir dir_;
  ComplianceRun baseline_;
};

TEST_F(ShippedRegionsTest, EveryMarketLoadsAndHasCases) {
  EXPECT_FALSE(baseline_.markets.empty());
  EXPECT_GT(baseline_.total_cases(), 0);
  EXPECT_EQ(baseline_.fingerprint.size(), 64u);
}

TEST_F(ShippedRegionsTest, ChangedRateFailsTheMatchingCaseAndTheReportsNameIt) {
  // Germany's standard rate 19 -> 20 in the coin packs' class.
  Edit("markets/DE.yaml", R"((virtual_currency:\s*\n\s*- \{name: "MwSt.", rate: ")19)", "20");
  ComplianceRun run = Run();
  ASSERT_TRUE(run.errors.empty());
  std::set<std::string> markets;
  std::set<std::string> newly_failed;
  for (const auto& id : FailedCases(run, &markets)) {
    if (!FailedCases(baseline_).count(id)) newly_failed.insert(id);
  }
  ASSERT_FALSE(newly_failed.empty()) << "no DE case checks the VAT on coins";
  EXPECT_FALSE(run.ok());
  std::string junit = RenderJUnit(run);
  std::string html = RenderHtmlReport(run);
  for (const auto& id : newly_failed) {
    EXPECT_EQ(id.rfind("de-", 0), 0u) << id;
    EXPECT_THAT(junit, HasSubstr("<testcase name=\"" + id + "\" classname=\"compliance.DE\""));
    EXPECT_THAT(html, HasSubstr("id=\"case-" + id + "\""));
  }
  EXPECT_THAT(junit, ::testing::ContainsRegex("<failure message=\"(totals\\.tax|tax_lines)"));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge fail\">FAIL</span>"));
  EXPECT_NE(run.fingerprint, baseline_.fingerprint);
}

TEST_F(ShippedRegionsTest, ChangedAgeFailsTheBoundaryCase) {
  // The platform's coin age 18 -> 19: an 18-year-old may no longer buy coins.
  Edit("common/platform.yaml", R"((id: platform\.age\.coins[\s\S]*?min_age: )18)", "19");
  ComplianceRun run = Run();
  ASSERT_TRUE(run.errors.empty());
  std::set<std::string> failed = FailedCases(run);
  size_t newly = 0;
  for (const auto& id : failed) newly += FailedCases(baseline_).count(id) ? 0 : 1;
  EXPECT_GT(newly, 0u);
  std::string junit = RenderJUnit(run);
  EXPECT_THAT(junit, ::testing::ContainsRegex("<failure message=\"(decision|passed|fired)"));
}

// Every rule of every live market is exercised by one of its cases: the
// shipped files meet the run's default, 100 %.
TEST_F(ShippedRegionsTest, EveryLiveMarketsCasesExerciseAllItsRules) {
  for (const MarketRun* market : baseline_.below_coverage()) {
    ADD_FAILURE() << market->market << " " << market->coverage_percent()
                  << " %: " << ::testing::PrintToString(market->unexercised_rules);
  }
  EXPECT_EQ(FailedCases(baseline_), std::set<std::string>{});
  EXPECT_TRUE(baseline_.ok());
}

TEST_F(ShippedRegionsTest, ALiveMarketWithoutCasesFailsTheRunUnlessTheThresholdIsLowered) {
  fs::remove(dir_.path() / "markets" / "AT.cases.yaml");
  ComplianceRun run = Run();
  ASSERT_TRUE(run.errors.empty());
  const MarketRun* austria = Market(run, "AT");
  ASSERT_NE(austria, nullptr);
  EXPECT_EQ(austria->coverage_percent(), 0);
  ASSERT_EQ(run.below_coverage().size(), 1u);
  EXPECT_EQ(run.below_coverage()[0]->market, "AT");
  EXPECT_FALSE(run.ok());
  EXPECT_THAT(RenderJUnit(run), HasSubstr("<testcase name=\"rule coverage\" "
                                          "classname=\"compliance.AT\" file=\"\" time=\"0\">\n"
                                          "      <failure message=\"0 % of the rules exercised, "
                                          "100 % required\" type=\"coverage\">no cases file"));
  EXPECT_THAT(RenderHtmlReport(run), HasSubstr("1 market(s) short"));
  EXPECT_TRUE(Run(0).ok());
}

TEST_F(ShippedRegionsTest, ACaseRemovedLeavesItsRuleUnexercised) {
  // DE's only gambling booking goes: platform.ads.gambling is no longer tried.
  Edit("markets/DE.cases.yaml", R"(()  - id: de-ad-gambling-denied[\s\S]*?fired: \[[^\]]*\]\n)",
       "");
  ComplianceRun run = Run();
  const MarketRun* germany = Market(run, "DE");
  ASSERT_NE(germany, nullptr);
  EXPECT_EQ(germany->unexercised_rules, std::vector<std::string>{"platform.ads.gambling"});
  int rules = germany->rules_declared;
  EXPECT_EQ(germany->coverage_percent(), (rules - 1) * 100 / rules);
  EXPECT_FALSE(run.ok());
  EXPECT_TRUE(Run(germany->coverage_percent()).ok());
  EXPECT_FALSE(Run(germany->coverage_percent() + 1).ok());
}

// A suspended market sells nothing: it is reported but not held to coverage.
TEST_F(ShippedRegionsTest, ASuspendedMarketIsNotHeldToCoverage) {
  fs::remove(dir_.path() / "markets" / "IN.cases.yaml");
  ComplianceRun run = Run();
  const MarketRun* india = Market(run, "IN");
  ASSERT_NE(india, nullptr);
  EXPECT_FALSE(india->live);
  EXPECT_EQ(india->coverage_percent(), 0);
  EXPECT_TRUE(run.below_coverage().empty());
}

// `fired` is the exact set: a rule that fires without being listed fails the case.
TEST_F(ShippedRegionsTest, ARuleFiringUnlistedFailsTheCase) {
  Edit("markets/DE.cases.yaml",
       R"((- id: de-ad-alcohol-denied[\s\S]*?fired: \[eu\.ads\.alcohol), eu\.dsa\.ad_disclosure)",
       "");
  ComplianceRun run = Run();
  EXPECT_EQ(FailedCases(run), std::set<std::string>{"de-ad-alcohol-denied"});
  std::vector<Mismatch> mismatches = MismatchesOf(run, "DE", "de-ad-alcohol-denied");
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].field, "fired");
  EXPECT_EQ(mismatches[0].expected, "not eu.dsa.ad_disclosure");
}

// A label's wording is checked, not only its presence: France's influencer law
// asks for "Collaboration commerciale", and the case says so.
TEST_F(ShippedRegionsTest, AChangedLabelFailsTheCaseThatNamesIt) {
  Edit("markets/FR.yaml", R"((labels: \{fr-FR: ")Collaboration commerciale)", "Partenariat");
  ComplianceRun run = Run();
  EXPECT_EQ(FailedCases(run), std::set<std::string>{"fr-paid-partnership-labelled"});
  std::vector<Mismatch> mismatches = MismatchesOf(run, "FR", "fr-paid-partnership-labelled");
  ASSERT_EQ(mismatches.size(), 1u);
  EXPECT_EQ(mismatches[0].field, "labels");
  EXPECT_EQ(mismatches[0].actual, "[Partenariat, Publicité]");
}

}  // namespace
}  // namespace mg::compliance
