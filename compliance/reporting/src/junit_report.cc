#include "compliance/reporting/case_report.h"
#include "markup.h"

namespace mg::compliance {
namespace {

std::string IsoTime(Timestamp time) {
  std::string text = FormatUtc(time);  // "YYYY-MM-DD HH:MM:SS UTC"
  return text.substr(0, 10) + "T" + text.substr(11, 8);
}

void AppendCase(const std::string& market, const std::string& file, const CaseResult& result,
                std::string& out) {
  out += "    <testcase name=\"" + Escape(result.case_id) + "\" classname=\"compliance." +
         Escape(market) + "\" file=\"" + Escape(file) + "\" line=\"" + std::to_string(result.line) +
         "\" time=\"0\"";
  if (result.passed) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  std::string details;
  for (const Mismatch& mismatch : result.mismatches) details += mismatch.ToString() + "\n";
  const char* element = result.error.ok() ? "failure" : "error";
  std::string message = result.mismatches.empty() ? "failed" : result.mismatches.front().ToString();
  if (result.mismatches.size() > 1) {
    message += " (and " + std::to_string(result.mismatches.size() - 1) + " more)";
  }
  out += "      <" + std::string(element) + " message=\"" + Escape(message) + "\" type=\"" +
         (result.error.ok() ? "mismatch" : "quote_error") + "\">" + Escape(details) + "</" +
         element + ">\n";
  out += "    </testcase>\n";
}

bool ShortOfCoverage(const ComplianceRun& run, const MarketRun& market) {
  return market.live && market.coverage_percent() < run.min_coverage_percent;
}

// A live market's coverage is one more test case of its suite, so a CI that
// reads only JUnit fails on a market whose cases leave rules untested.
void AppendCoverage(const ComplianceRun& run, const MarketRun& market, std::string& out) {
  if (!market.live) return;
  out += "    <testcase name=\"rule coverage\" classname=\"compliance." + Escape(market.market) +
         "\" file=\"" + Escape(market.cases_file) + "\" time=\"0\"";
  if (!ShortOfCoverage(run, market)) {
    out += "/>\n";
    return;
  }
  std::string message = std::to_string(market.coverage_percent()) + " % of the rules exercised, " +
                        std::to_string(run.min_coverage_percent) + " % required";
  std::string details = market.cases_file.empty() ? "no cases file\n" : "";
  for (const auto& id : market.unexercised_rules) details += "unexercised: " + id + "\n";
  out += ">\n      <failure message=\"" + Escape(message) + "\" type=\"coverage\">" +
         Escape(details) + "</failure>\n    </testcase>\n";
}

}  // namespace

std::string RenderJUnit(const ComplianceRun& run) {
  int errors = static_cast<int>(run.errors.size());
  int quote_errors = 0;
  int coverage_cases = 0, coverage_failures = 0;
  for (const auto& market : run.markets) {
    for (const auto& result : market.results) quote_errors += result.error.ok() ? 0 : 1;
    coverage_cases += market.live ? 1 : 0;
    coverage_failures += ShortOfCoverage(run, market) ? 1 : 0;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"marketgate compliance\" tests=\"" +
         std::to_string(run.total_cases() + coverage_cases + errors) + "\" failures=\"" +
         std::to_string(run.failed_cases() - quote_errors + coverage_failures) + "\" errors=\"" +
         std::to_string(errors + quote_errors) + "\" timestamp=\"" + IsoTime(run.started) + "\">\n";
  if (!run.errors.empty()) {
    out += "  <testsuite name=\"load\" tests=\"" + std::to_string(errors) +
           "\" failures=\"0\" errors=\"" + std::to_string(errors) + "\">\n";
    for (size_t i = 0; i < run.errors.size(); ++i) {
      const auto& error = run.errors[i];
      out += "    <testcase name=\"" + Escape(error.file.empty() ? "load" : error.file) +
             "\" classname=\"compliance.load\"><error message=\"" + Escape(error.ToString()) +
             "\" type=\"load_error\"/></testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  for (const MarketRun& market : run.markets) {
    int market_errors = 0;
    for (const auto& result : market.results) market_errors += result.error.ok() ? 0 : 1;
    out +=
        "  <testsuite name=\"" + Escape(market.market) + "\" tests=\"" +
        std::to_string(market.results.size() + (market.live ? 1 : 0)) + "\" failures=\"" +
        std::to_string(market.failed() - market_errors + (ShortOfCoverage(run, market) ? 1 : 0)) +
        "\" errors=\"" + std::to_string(market_errors) + "\" skipped=\"0\" timestamp=\"" +
        IsoTime(run.started) + "\" file=\"" + Escape(market.cases_file) + "\">\n";
    out += "    <properties>\n";
    out += "      <property name=\"ruleset_sha256\" value=\"" + Escape(run.fingerprint) + "\"/>\n";
    out += "      <property name=\"git_commit\" value=\"" + Escape(run.git_commit) + "\"/>\n";
    out += "      <property name=\"rules_declared\" value=\"" +
           std::to_string(market.rules_declared) + "\"/>\n";
    std::string unexercised;
    for (const auto& id : market.unexercised_rules)
      unexercised += (unexercised.empty() ? "" : " ") + id;
    out += "      <property name=\"rules_unexercised\" value=\"" + Escape(unexercised) + "\"/>\n";
    out += "    </properties>\n";
    for (const CaseResult& result : market.results) {
      AppendCase(market.market, market.cases_file, result, out);
    }
    AppendCoverage(run, market, out);
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace mg::compliance
