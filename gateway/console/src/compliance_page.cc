#include "compliance_page.h"

#include "html.h"

namespace mg::console {
namespace {

std::string MarketQuery(std::string_view market) {
  return market.empty() ? "all" : std::string(market);
}

}  // namespace

compliance::ComplianceRun RunCases(const regions::MarketSnapshot& live, std::string_view market,
                                   std::chrono::system_clock::time_point now) {
  compliance::RunOptions options;
  options.regions_dir = live.source_dir();
  options.market = market == "all" ? "" : std::string(market);
  options.now = std::chrono::floor<std::chrono::seconds>(now);
  return compliance::RunCompliance(options);
}

std::string ComplianceBody(const regions::MarketSnapshot& live, std::string_view market,
                           const compliance::ComplianceRun* run, const OperatorFormat& format) {
  std::string options = "<option value=\"all\">every market</option>";
  for (const auto& [code, unused] : live.markets()) {
    options += "<option value=\"" + Escape(code) + "\"" + (code == market ? " selected" : "") +
               ">" + Escape(code) + "</option>";
  }
  std::string body =
      "<p>Runs the declared compliance cases against the market files this gateway serves from "
      "(<code>" +
      Escape(live.source_dir()) +
      "</code>), as <code>marketgate compliance run</code> does.</p>"
      "<form method=\"get\" action=\"/console/compliance\"><label>Market <select name=\"market\">" +
      options + "</select></label> <button type=\"submit\">Run the cases</button></form>";
  if (run == nullptr) return body;
  const std::string query = "?market=" + Escape(MarketQuery(market));
  body += "<h2 class=\"" + std::string(run->ok() ? "status-live" : "error") + "\">" +
          format.Count(static_cast<int64_t>(run->total_cases())) + " cases, " +
          format.Count(static_cast<int64_t>(run->failed_cases())) + " failed" +
          (run->ok() ? "" : " — the run does not pass") + "</h2><p>Ruleset fingerprint <code>" +
          Escape(run->fingerprint) + "</code>. <a href=\"/console/compliance/report" + query +
          "\">The full report</a> · <a href=\"/console/compliance/junit" + query +
          "\">JUnit XML</a></p>";
  if (!run->errors.empty()) {
    body += "<ul class=\"load-errors\">";
    for (const LoadError& error : run->errors) body += "<li>" + Escape(error.ToString()) + "</li>";
    body += "</ul>";
  }
  std::string rows;
  for (const compliance::MarketRun& m : run->markets) {
    const bool below = m.live && m.coverage_percent() < run->min_coverage_percent;
    rows += "<tr><td><a href=\"/console/markets/" + Escape(m.market) + "\">" + Escape(m.market) +
            "</a></td><td class=\"num\">" + format.Count(static_cast<int64_t>(m.results.size())) +
            "</td><td class=\"num\">" + format.Count(static_cast<int64_t>(m.passed())) +
            "</td><td class=\"num" + (m.failed() > 0 ? " error" : "") + "\">" +
            format.Count(static_cast<int64_t>(m.failed())) + "</td><td class=\"num" +
            (below ? " error" : "") + "\">" + format.Percent(m.coverage_percent() / 100.0) +
            "</td><td>" + (m.live ? "live" : "not live") + "</td></tr>";
  }
  return body +
         "<table class=\"compliance\"><thead><tr><th>Market</th><th>Cases</th><th>Passed</th>"
         "<th>Failed</th><th>Rules covered</th><th>Status</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

}  // namespace mg::console
