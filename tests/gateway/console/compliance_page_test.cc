// The console's compliance pages (gateway/console/src/compliance_page.h):
// DE's declared cases run from the console as `marketgate compliance run`
// runs them, with the summary, the whole HTML report and the JUnit XML.
#include "compliance/reporting/cases.h"
#include "console_test_fixture.h"

namespace mg::console::testing {
namespace {

TEST_F(ConsoleTest, RunsAMarketsCasesWithTheirReportAndJUnit) {
  Browser browser(*pipeline_);
  EXPECT_EQ(browser.Get("/console/compliance?market=DE").result_int(), 303);  // no session
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  http::RawResponse form = browser.Get("/console/compliance");
  ASSERT_EQ(form.result_int(), 200);
  EXPECT_NE(form.body().find("<option value=\"DE\">DE</option>"), std::string::npos);
  EXPECT_EQ(form.body().find("cases, "), std::string::npos);  // nothing run yet

  // The same run as the command line's.
  compliance::RunOptions options;
  options.regions_dir = MG_SOURCE_DIR "/regions";
  options.market = "DE";
  const compliance::ComplianceRun expected = compliance::RunCompliance(options);
  ASSERT_GT(expected.total_cases(), 0);
  ASSERT_TRUE(expected.ok());
  const std::string cases = std::to_string(expected.total_cases());

  http::RawResponse summary = browser.Get("/console/compliance?market=DE");
  ASSERT_EQ(summary.result_int(), 200) << summary.body();
  EXPECT_NE(summary.body().find(cases + " cases, 0 failed</h2>"), std::string::npos);
  EXPECT_NE(summary.body().find("<a href=\"/console/markets/DE\">DE</a></td><td class=\"num\">" +
                                cases + "</td><td class=\"num\">" + cases + "</td>"),
            std::string::npos);
  EXPECT_NE(summary.body().find("<option value=\"DE\" selected>"), std::string::npos);

  http::RawResponse report = browser.Get("/console/compliance/report?market=DE");
  ASSERT_EQ(report.result_int(), 200);
  EXPECT_TRUE(report.body().starts_with("<!DOCTYPE html>")) << report.body().substr(0, 80);
  EXPECT_NE(report.body().find(expected.fingerprint), std::string::npos);
  EXPECT_EQ(report["Content-Security-Policy"],
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");

  http::RawResponse junit = browser.Get("/console/compliance/junit?market=DE");
  ASSERT_EQ(junit.result_int(), 200);
  EXPECT_EQ(junit[boost::beast::http::field::content_type], "application/xml; charset=utf-8");
  EXPECT_EQ(junit["Content-Disposition"], "attachment; filename=\"compliance-DE.xml\"");
  // Its cases and the market's coverage check, none failed.
  EXPECT_NE(junit.body().find("<testsuite name=\"DE\" tests=\"" +
                              std::to_string(expected.total_cases() + 1) + "\" failures=\"0\""),
            std::string::npos)
      << junit.body().substr(0, 600);

  http::RawResponse unknown = browser.Get("/console/compliance?market=XX");
  EXPECT_EQ(unknown.result_int(), 404);
  EXPECT_NE(unknown.body().find("No market <code>XX</code>"), std::string::npos);
}

TEST_F(ConsoleTest, EveryMarketsCasesAreCountedInTheBrowsersLanguage) {
  compliance::RunOptions options;
  options.regions_dir = MG_SOURCE_DIR "/regions";
  const compliance::ComplianceRun expected = compliance::RunCompliance(options);
  ASSERT_GT(expected.total_cases(), 1000);  // grouped in German: "1.038"
  const int64_t total = expected.total_cases();
  const std::string german = std::to_string(total / 1000) + "." + [&] {
    std::string rest = std::to_string(total % 1000);
    return std::string(3 - rest.size(), '0') + rest;
  }();

  Browser browser(*pipeline_);
  ASSERT_EQ(LogIn(browser).result_int(), 303);
  browser.accept_language = "de-DE";
  const std::string page = browser.Get("/console/compliance?market=all").body();
  EXPECT_NE(page.find(german + " cases, 0 failed</h2>"), std::string::npos) << german;
  EXPECT_NE(page.find("100\u00a0%</td><td>live</td>"), std::string::npos);
  const std::string markets = browser.Get("/console/markets").body();
  EXPECT_NE(markets.find(std::to_string(Markets()->markets().size()) + " of "), std::string::npos);
}

}  // namespace
}  // namespace mg::console::testing
