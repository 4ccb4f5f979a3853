// Covers compliance/src/junit_report.cc, html_report.cc, html_market.cc,
// markup.cc, rule_summary.cc and run_metadata.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compliance/reporting/case_report.h"
#include "compliance/reporting/run_metadata.h"
#include "temp_dir.h"
#include "test_market.h"

namespace mg::compliance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A run over two in-memory markets: DE with one passing and one failing
// case, US with none.
ComplianceRun MakeRun() {
  regions::MarketSpec de = testing::GermanSpec();
  de.rules = {testing::AgeGate("age.coins", {regions::Action::kBuyCoins}, 18),
              testing::MakeRule("ads.label",
                                regions::AdDisclosureRule{regions::AdDisclosureRule::AppliesTo::kAd,
                                                          {{"de-DE", "Werbung <Anzeige>"}}},
                                /*verified=*/false)};
  ComplianceRun run;
  run.regions_dir = "/tmp/regions";
  run.started = Timestamp(std::chrono::seconds(1'790'000'000));
  run.git_commit = "0123456789abcdef0123456789abcdef01234567";
  run.fingerprint = std::string(64, 'a');
  run.ruleset_files = {"common/eu.yaml", "markets/DE.yaml"};
  run.snapshot = testing::SnapshotOf(
      {testing::BuildMarket(std::move(de)), testing::BuildMarket(testing::UsSpec())});

  ComplianceCase ok;
  ok.id = "de-ok";
  ok.description = "An adult buys coins <script>alert(1)</script> & more";
  ok.request.market = "DE";
  ok.request.items = {{"coins_70", 1}};
  ok.request.customer.age = 30;
  ok.expect.decision = DecisionOutcome::kAllow;
  ok.line = 3;
  ComplianceCase bad = ok;
  bad.id = "de-bad";
  bad.description = "Wrong tax";
  bad.expect.tax = "0.17";
  bad.line = 12;

  MarketRun de_run;
  de_run.market = "DE";
  de_run.cases_file = "/tmp/regions/markets/DE.cases.yaml";
  de_run.results = {RunCase(*run.snapshot, ok, DecisionContext{}),
                    RunCase(*run.snapshot, bad, DecisionContext{})};
  de_run.rules_declared = 2;
  de_run.unexercised_rules = {"ads.label"};
  MarketRun us_run;
  us_run.market = "US";
  run.markets = {de_run, us_run};
  return run;
}

TEST(ReportTest, JUnitHasASuitePerMarketAndNamesTheMismatch) {
  ComplianceRun run = MakeRun();
  std::string xml = RenderJUnit(run);
  EXPECT_THAT(xml, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "<testsuites name=\"marketgate compliance\" tests=\"4\" failures=\"3\" errors=\"0\""));
  // Two cases and the coverage of each live market (DE 1 of 2 rules, US no cases file).
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"DE\" tests=\"3\" failures=\"2\""));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"US\" tests=\"1\" failures=\"1\""));
  EXPECT_THAT(xml, HasSubstr("<failure message=\"50 % of the rules exercised, 100 % required\" "
                             "type=\"coverage\">unexercised: ads.label\n</failure>"));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"rule coverage\" classname=\"compliance.US\" "
                             "file=\"\" time=\"0\">\n      <failure message=\"0 % of the rules "
                             "exercised, 100 % required\" type=\"coverage\">no cases file"));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"de-ok\" classname=\"compliance.DE\""));
  EXPECT_THAT(xml, HasSubstr("line=\"12\""));
  EXPECT_THAT(
      xml,
      HasSubstr("<failure message=\"totals.tax: expected 0.17, got 0.16\" type=\"mismatch\">"));
  EXPECT_THAT(
      xml, HasSubstr("<property name=\"ruleset_sha256\" value=\"" + std::string(64, 'a') + "\"/>"));
  EXPECT_THAT(xml, HasSubstr("<property name=\"rules_unexercised\" value=\"ads.label\"/>"));
}

TEST(ReportTest, JUnitReportsLoadErrors) {
  ComplianceRun run = MakeRun();
  run.errors.push_back(
      {"markets/FR.cases.yaml", 4, 7, "cases[0].id", "duplicate case id \"x\" <y>"});
  std::string xml = RenderJUnit(run);
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"load\" tests=\"1\" failures=\"0\" errors=\"1\">"));
  EXPECT_THAT(xml, HasSubstr("duplicate case id &quot;x&quot; &lt;y&gt;"));
}

TEST(ReportTest, HtmlIsASelfContainedAuditDocument) {
  ComplianceRun run = MakeRun();
  std::string html = RenderHtmlReport(run);
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<style>"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, HasSubstr("2026-09-21 14:13:20 UTC"));
  EXPECT_THAT(html, HasSubstr("0123456789abcdef0123456789abcdef01234567"));
  EXPECT_THAT(html, HasSubstr(std::string(64, 'a')));
  // Each market has its section; the failing case is named with the field.
  EXPECT_THAT(html, HasSubstr("<section class=\"market\" id=\"market-DE\">"));
  EXPECT_THAT(html, HasSubstr("<section class=\"market\" id=\"market-US\">"));
  EXPECT_THAT(html, HasSubstr("id=\"case-de-bad\""));
  EXPECT_THAT(html, HasSubstr("<b>totals.tax</b>: expected 0.17; got 0.16"));
  // Text from market files and cases is escaped.
  EXPECT_THAT(html, HasSubstr("coins &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
  EXPECT_THAT(html, HasSubstr("Werbung &lt;Anzeige&gt;"));
  // Unverified rules are open items; sources are links; unexercised rules listed.
  EXPECT_THAT(html, HasSubstr("open item: unverified"));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://example.test/ads.label\">"));
  EXPECT_THAT(html, HasSubstr("Declared rules no case exercises"));
  EXPECT_THAT(html, HasSubstr("<li><code>ads.label</code></li>"));
  EXPECT_THAT(html, HasSubstr("No cases."));
  EXPECT_THAT(html, HasSubstr("<span class=\"badge fail\">FAILED</span>"));
}

TEST(ReportTest, HtmlTagsAreBalanced) {
  std::string html = RenderHtmlReport(MakeRun());
  for (const char* tag :
       {"section", "table", "tr", "td", "div", "ul", "li", "h2", "h3", "h4", "p", "code"}) {
    std::string open = std::string("<") + tag;
    std::string close = std::string("</") + tag + ">";
    size_t opens = 0, closes = 0;
    for (size_t pos = html.find(open); pos != std::string::npos; pos = html.find(open, pos + 1)) {
      char next = html[pos + open.size()];
      if (next == '>' || next == ' ') ++opens;
    }
    for (size_t pos = html.find(close); pos != std::string::npos; pos = html.find(close, pos + 1))
      ++closes;
    EXPECT_EQ(opens, closes) << tag;
  }
}

TEST(RunMetadataTest, FingerprintChangesWithAnyByte) {
  testing::TempDir dir;
  dir.Write("common/eu.yaml", "pack: eu\n");
  dir.Write("markets/DE.yaml", "market: DE\n");
  dir.Write("markets/notes.txt", "ignored\n");
  Result<std::string> first = RulesetFingerprint(dir.path().string());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 64u);
  EXPECT_EQ(RulesetFiles(dir.path().string()),
            (std::vector<std::string>{"common/eu.yaml", "markets/DE.yaml"}));
  EXPECT_EQ(*RulesetFingerprint(dir.path().string()), *first);
  dir.Write("markets/notes.txt", "still ignored\n");
  EXPECT_EQ(*RulesetFingerprint(dir.path().string()), *first);
  dir.Write("markets/DE.yaml", "market: DE \n");
  EXPECT_NE(*RulesetFingerprint(dir.path().string()), *first);
  EXPECT_FALSE(RulesetFingerprint((dir.path() / "missing").string()).ok());
}

TEST(RunMetadataTest, GitCommitOrUnknown) {
  testing::TempDir dir;
  EXPECT_EQ(GitCommitOf(dir.path().string()), "unknown");
  std::string commit = GitCommitOf(MG_SOURCE_DIR);
  EXPECT_TRUE(commit == "unknown" || commit.size() == 40) << commit;
}

// A lower threshold passes DE (50 %); a market that is not live gets no
// coverage case at all.
TEST(ReportTest, CoverageFollowsTheThresholdAndOnlyLiveMarkets) {
  ComplianceRun run = MakeRun();
  run.min_coverage_percent = 50;
  run.markets[1].live = false;
  EXPECT_TRUE(run.below_coverage().empty());
  std::string xml = RenderJUnit(run);
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"rule coverage\" classname=\"compliance.DE\" "
                             "file=\"/tmp/regions/markets/DE.cases.yaml\" time=\"0\"/>"));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"US\" tests=\"0\" failures=\"0\""));
  EXPECT_THAT(xml, ::testing::Not(HasSubstr("classname=\"compliance.US\"")));
  EXPECT_THAT(RenderHtmlReport(run), HasSubstr("met by every live market"));
}

}  // namespace
}  // namespace mg::compliance
