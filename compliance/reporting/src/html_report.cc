// The auditor-facing HTML report of a compliance run: one self-contained
// document (inline CSS, no scripts, no external assets).
#include <map>
#include <set>

#include "compliance/reporting/case_report.h"
#include "html_sections.h"
#include "market_facts.h"
#include "markup.h"
#include "regions/market.h"

namespace mg::compliance {
namespace {

std::string Td(const std::string& html, const char* cls = nullptr) {
  return cls ? "<td class=\"" + std::string(cls) + "\">" + html + "</td>" : "<td>" + html + "</td>";
}

std::string Header(const ComplianceRun& run) {
  int markets = static_cast<int>(run.markets.size());
  std::string verdict = run.ok() ? "<span class=\"badge pass\">PASSED</span>"
                                 : "<span class=\"badge fail\">FAILED</span>";
  std::string out = "<header>\n<p class=\"doc-kind\">Compliance verification report</p>\n";
  out += "<h1>marketgate: regulatory rules and compliance cases</h1>\n";
  out += "<table class=\"meta\">\n";
  out += "<tr><th>Result</th><td>" + verdict + " " +
         std::to_string(run.total_cases() - run.failed_cases()) + " of " +
         std::to_string(run.total_cases()) + " cases passed in " + std::to_string(markets) +
         " market" + (markets == 1 ? "" : "s") +
         (run.errors.empty() ? "" : "; " + std::to_string(run.errors.size()) + " file errors") +
         "</td></tr>\n";
  size_t short_markets = run.below_coverage().size();
  out += "<tr><th>Minimum rule coverage</th><td>" + std::to_string(run.min_coverage_percent) +
         "&#8239;% of each live market's rules exercised by its cases" +
         (short_markets == 0 ? std::string("; met by every live market")
                             : "; <span class=\"fail-text\">" + std::to_string(short_markets) +
                                   " market(s) short</span>") +
         "</td></tr>\n";
  out += "<tr><th>Run at</th><td>" + Escape(FormatUtc(run.started)) + "</td></tr>\n";
  out += "<tr><th>Code version (git commit)</th><td><code>" + Escape(run.git_commit) +
         "</code></td></tr>\n";
  out += "<tr><th>Ruleset fingerprint (SHA-256)</th><td><code>" + Escape(run.fingerprint) +
         "</code><br><span class=\"note\">over every YAML file in common/ and markets/ of the "
         "regions directory; see Appendix A</span></td></tr>\n";
  out +=
      "<tr><th>Regions directory</th><td><code>" + Escape(run.regions_dir) + "</code></td></tr>\n";
  if (run.snapshot) {
    out += "<tr><th>Snapshot version</th><td>" + std::to_string(run.snapshot->version()) +
           "</td></tr>\n";
  }
  out += "</table>\n</header>\n";
  return out;
}

int OpenItemCount(const regions::Market& market) {
  int count = 0;
  for (const auto& rule : market.rules()) count += (!rule.disabled && !rule.verified) ? 1 : 0;
  return count;
}

std::string Summary(const ComplianceRun& run) {
  std::string out = "<section id=\"summary\">\n<h2>1. Summary</h2>\n";
  out +=
      "<p>Each market's compliance cases were run through the same code path as the quote "
      "API (<code>BuildQuote</code>): pricing, tax and the regulatory decision. A case passes "
      "when the decision, the requirements, the rules expected to fire or pass, and the stated "
      "totals and tax lines all match exactly.</p>\n";
  out +=
      "<table class=\"grid\">\n<thead><tr><th>Market</th><th>Name</th><th>Status</th>"
      "<th class=\"num\">Cases</th><th class=\"num\">Passed</th><th class=\"num\">Failed</th>"
      "<th class=\"num\">Rules declared</th><th class=\"num\">Rules unexercised</th>"
      "<th class=\"num\">Coverage</th><th class=\"num\">Unverified rules</th></tr></thead>\n"
      "<tbody>\n";
  for (const MarketRun& market_run : run.markets) {
    const regions::Market* market = run.snapshot ? run.snapshot->Find(market_run.market) : nullptr;
    if (market == nullptr) continue;
    std::string status = regions::MarketStatusName(market->status());
    bool short_of_coverage =
        market_run.live && market_run.coverage_percent() < run.min_coverage_percent;
    out += std::string("<tr") +
           (market_run.failed() || short_of_coverage ? " class=\"row-fail\"" : "") + ">";
    out += Td("<a href=\"#market-" + Escape(market_run.market) + "\">" + Escape(market_run.market) +
              "</a>");
    out += Td(Escape(market->name()));
    out += Td("<span class=\"badge " + status + "\">" + status + "</span>");
    out += Td(std::to_string(market_run.results.size()), "num");
    out += Td(std::to_string(market_run.passed()), "num");
    out += Td(std::to_string(market_run.failed()), market_run.failed() ? "num fail-text" : "num");
    out += Td(std::to_string(market_run.rules_declared), "num");
    out += Td(std::to_string(market_run.unexercised_rules.size()),
              market_run.unexercised_rules.empty() ? "num" : "num warn-text");
    out += Td(std::to_string(market_run.coverage_percent()) + "&#8239;%",
              short_of_coverage ? "num fail-text" : "num");
    int open = OpenItemCount(*market);
    out += Td(std::to_string(open), open ? "num warn-text" : "num");
    out += "</tr>\n";
  }
  out += "</tbody>\n<tfoot><tr><th colspan=\"3\">Total</th><td class=\"num\">" +
         std::to_string(run.total_cases()) + "</td><td class=\"num\">" +
         std::to_string(run.total_cases() - run.failed_cases()) + "</td><td class=\"num\">" +
         std::to_string(run.failed_cases()) + "</td><td colspan=\"4\"></td></tr></tfoot>\n";
  out += "</table>\n</section>\n";
  return out;
}

std::string LoadErrors(const ComplianceRun& run) {
  if (run.errors.empty()) return "";
  std::string out =
      "<section id=\"load-errors\" class=\"alert\">\n<h2>File errors</h2>\n"
      "<p>These files did not load; their markets or cases were not run.</p>\n<ul>\n";
  for (const auto& error : run.errors)
    out += "<li><code>" + Escape(error.ToString()) + "</code></li>\n";
  return out + "</ul>\n</section>\n";
}

// Unverified facts other than rules, per market.
std::string OpenFacts(const ComplianceRun& run) {
  std::string rows;
  for (const MarketRun& market_run : run.markets) {
    const regions::Market* market = run.snapshot ? run.snapshot->Find(market_run.market) : nullptr;
    if (market == nullptr) continue;
    for (const MarketFact& fact : MarketFacts(*market)) {
      if (fact.verified) continue;
      rows += "<tr class=\"open-item\">" + Td(Escape(market->code())) + Td(Escape(fact.fact)) +
              Td(Escape(fact.value)) + Td(Linkify(fact.source), "source") + "</tr>\n";
    }
  }
  std::string out = "<h3>Other unverified facts</h3>\n";
  if (rows.empty()) return out + "<p>None.</p>\n";
  return out +
         "<table class=\"grid\">\n<thead><tr><th>Market</th><th>Fact</th><th>Value</th>"
         "<th>Source</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n";
}

// Unverified rules, once per rule id, with the markets that declare them.
std::string OpenItems(const ComplianceRun& run) {
  struct Item {
    const regions::Rule* rule;
    std::vector<std::string> markets;
  };
  std::map<std::string, Item> items;
  for (const MarketRun& market_run : run.markets) {
    const regions::Market* market = run.snapshot ? run.snapshot->Find(market_run.market) : nullptr;
    if (market == nullptr) continue;
    for (const auto& rule : market->rules()) {
      if (rule.disabled || rule.verified) continue;
      auto [it, inserted] = items.try_emplace(rule.id, Item{&rule, {}});
      it->second.markets.push_back(market->code());
    }
  }
  std::string out =
      "<section id=\"open-items\">\n<h2>2. Open items</h2>\n<h3>Unverified rules</h3>\n";
  if (items.empty()) {
    return out + "<p>None: every rule in force is marked verified.</p>\n" + OpenFacts(run) +
           "</section>\n";
  }
  out +=
      "<p>These rules are in force but their legal basis is not verified against a primary "
      "source (<code>verified: false</code>). They need review before the markets that "
      "apply them can be considered settled.</p>\n";
  out +=
      "<table class=\"grid\">\n<thead><tr><th>Rule</th><th>Legal reference</th><th>Source</th>"
      "<th>Markets</th></tr></thead>\n<tbody>\n";
  for (const auto& [id, item] : items) {
    std::string markets;
    for (const auto& code : item.markets) markets += (markets.empty() ? "" : ", ") + code;
    out += "<tr class=\"open-item\">" + Td("<code>" + Escape(id) + "</code>") +
           Td(Escape(item.rule->legal_reference)) + Td(Linkify(item.rule->source), "source") +
           Td(Escape(markets)) + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n" + OpenFacts(run) + "</section>\n";
}

std::string Appendix(const ComplianceRun& run) {
  std::string out =
      "<section id=\"appendix\">\n<h2>Appendix A. How to read this report</h2>\n<ul>\n";
  out +=
      "<li><b>Check outcomes</b>: <span class=\"outcome pass\">pass</span> the rule allowed the "
      "request; <span class=\"outcome fail\">fail</span> the rule refused it; "
      "<span class=\"outcome requirement\">requirement</span> allowed on a condition (strong "
      "customer authentication, a disclosure label, age verification). Rules that do not "
      "govern a request are counted but not listed per case.</li>\n";
  out +=
      "<li><b>Fired</b> means fail or requirement. <b>Exercised</b> means some case evaluated "
      "the rule to pass, fail or requirement.</li>\n";
  out +=
      "<li><b>Fingerprint</b>: SHA-256 over the files below, each as its relative path, a NUL, "
      "its size, a NUL and its bytes, in this order. Re-running over identical files gives "
      "the identical fingerprint.</li>\n</ul>\n";
  out += "<p>Files covered (" + std::to_string(run.ruleset_files.size()) +
         "):</p>\n<p class=\"files\">";
  for (size_t i = 0; i < run.ruleset_files.size(); ++i) {
    out += (i ? " · " : "") + std::string("<code>") + Escape(run.ruleset_files[i]) + "</code>";
  }
  return out + "</p>\n</section>\n";
}

}  // namespace

std::string RelativePath(const ComplianceRun& run, const std::string& file) {
  std::string dir = run.regions_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (!dir.empty() && file.size() > dir.size() + 1 && file.compare(0, dir.size(), dir) == 0 &&
      file[dir.size()] == '/') {
    return file.substr(dir.size() + 1);
  }
  return file;
}

std::string RenderHtmlReport(const ComplianceRun& run) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>Compliance verification report: marketgate, " + Escape(FormatUtc(run.started)) +
         "</title>\n<style>\n" + std::string(ReportCss()) + "</style>\n</head>\n<body>\n";
  out += Header(run);
  out += LoadErrors(run);
  out += Summary(run);
  out += OpenItems(run);
  out += "<h2 id=\"markets\">3. Markets</h2>\n";
  for (size_t i = 0; i < run.markets.size(); ++i) {
    out += RenderMarketSection(run, run.markets[i], "3." + std::to_string(i + 1));
  }
  out += Appendix(run);
  out += "<footer>Generated by <code>marketgate compliance run</code> on " +
         Escape(FormatUtc(run.started)) + ". Ruleset " + Escape(run.fingerprint.substr(0, 16)) +
         "…, commit " + Escape(run.git_commit.substr(0, 12)) + ".</footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace mg::compliance
