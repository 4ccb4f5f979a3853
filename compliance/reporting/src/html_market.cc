// One market's section of the HTML audit report.
#include <map>
#include <set>

#include "html_sections.h"
#include "market_facts.h"
#include "markup.h"
#include "rule_summary.h"

namespace mg::compliance {
namespace {

std::string Row(const std::string& label, const std::string& html) {
  return "<tr><th>" + label + "</th><td>" + html + "</td></tr>\n";
}

std::string Verified(bool verified) {
  return verified ? "<span class=\"verified\">verified</span>"
                  : "<span class=\"unverified\">open item: unverified</span>";
}

std::string Facts(const ComplianceRun& run, const regions::Market& market,
                  const MarketRun& market_run) {
  const regions::MarketSpec& spec = market.spec();
  std::string locales;
  for (const auto& locale : market.locales()) locales += (locales.empty() ? "" : ", ") + locale;
  std::string packs;
  for (const auto& pack : spec.includes) packs += (packs.empty() ? "" : ", ") + pack;
  std::string out = "<table class=\"facts\">\n";
  out +=
      Row("Currency, locales, time zone", Escape(market.currency().str()) + "; " + Escape(locales) +
                                              "; " + Escape(market.time_zone()));
  out +=
      Row("Market file, packs", "<code>" + Escape(RelativePath(run, market.source_file())) +
                                    "</code>" + (packs.empty() ? "" : "; packs: " + Escape(packs)));
  out += Row("Cases file",
             market_run.cases_file.empty()
                 ? "<span class=\"fail-text\">none: no case covers this market</span>"
                 : "<code>" + Escape(RelativePath(run, market_run.cases_file)) + "</code>");
  out += "</table>\n";
  out +=
      "<h3>Declared facts</h3>\n<table class=\"grid facts-grid\">\n<thead><tr><th>Fact</th>"
      "<th>Value</th><th>Source</th><th>Status</th></tr></thead>\n<tbody>\n";
  for (const MarketFact& fact : MarketFacts(market)) {
    out += std::string("<tr") + (fact.verified ? "" : " class=\"open-item\"") + "><td>" +
           Escape(fact.fact) + "</td><td>" + Escape(fact.value) + "</td><td class=\"source\">" +
           Linkify(fact.source) + "</td><td>" + Verified(fact.verified) + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string Suspension(const regions::Market& market) {
  if (market.status() == regions::MarketStatus::kPlanned) {
    return "<div class=\"notice\"><b>Planned market.</b> It does not sell: every request is "
           "refused by the check <code>market.status</code>.</div>\n";
  }
  if (!market.suspension()) return "";
  const regions::Suspension& suspension = *market.suspension();
  return "<div class=\"notice\"><b>Suspended" +
         (suspension.since.empty() ? std::string() : " since " + Escape(suspension.since)) +
         ".</b> " + Escape(suspension.reason) +
         "<br>Legal reference: " + Escape(suspension.legal_reference) +
         "<br><span class=\"source\">Source: " + Linkify(suspension.source) +
         "</span><br>Every request is refused by the check "
         "<code>market.status</code>.</div>\n";
}

// Rule id -> ids of the cases that exercised it.
std::map<std::string, std::vector<std::string>> ExercisedBy(const MarketRun& market_run) {
  std::map<std::string, std::vector<std::string>> by_rule;
  for (const CaseResult& result : market_run.results) {
    if (!result.quote) continue;
    for (const Check& check : result.quote->decision.checks) {
      if (check.outcome != CheckOutcome::kNotApplicable)
        by_rule[check.rule_id].push_back(result.case_id);
    }
  }
  return by_rule;
}

std::string Rules(const regions::Market& market, const MarketRun& market_run) {
  auto by_rule = ExercisedBy(market_run);
  std::string out = "<h3>Rules in force (" + std::to_string(market.rules().size()) + ")</h3>\n";
  out +=
      "<table class=\"grid rules\">\n<thead><tr><th>Rule</th><th>What it requires</th>"
      "<th>Legal reference and source</th><th>Status</th><th>Exercised "
      "by</th></tr></thead>\n<tbody>\n";
  for (const regions::Rule& rule : market.rules()) {
    std::string cls = rule.disabled ? "disabled" : (rule.verified ? "" : "open-item");
    out += "<tr" + (cls.empty() ? std::string() : " class=\"" + cls + "\"") + ">";
    out += "<td><code>" + Escape(rule.id) + "</code><br><span class=\"kind\">" + Escape(rule.kind) +
           "</span></td>";
    out += "<td>" + Escape(RuleSummary(rule, market)) + "</td>";
    out += "<td>" + Escape(rule.legal_reference) + "<br><span class=\"source\">" +
           Linkify(rule.source) + "</span></td>";
    out += "<td>" +
           (rule.disabled ? std::string("<span class=\"kind\">disabled</span>")
                          : Verified(rule.verified)) +
           "</td>";
    auto it = by_rule.find(rule.id);
    std::string cases;
    if (it != by_rule.end()) {
      for (const auto& id : it->second) cases += (cases.empty() ? "" : ", ") + Escape(id);
    }
    out +=
        "<td class=\"cases\">" +
        (cases.empty() ? std::string(rule.disabled ? "" : "<span class=\"warn-text\">none</span>")
                       : cases) +
        "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string List(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "deny; fired platform.age.coins; totals total 0.99, tax 0.16".
std::string ExpectationText(const CaseExpectation& expect) {
  std::string out = DecisionOutcomeName(expect.decision);
  if (expect.requirements) out += "; requirements [" + List(*expect.requirements) + "]";
  if (!expect.fired.empty()) out += "; fired " + List(expect.fired);
  if (!expect.passed.empty()) out += "; passed " + List(expect.passed);
  std::vector<std::string> totals;
  if (expect.subtotal) totals.push_back("subtotal " + *expect.subtotal);
  if (expect.tax) totals.push_back("tax " + *expect.tax);
  if (expect.total) totals.push_back("total " + *expect.total);
  if (!totals.empty()) out += "; totals " + List(totals);
  if (expect.tax_lines) {
    std::vector<std::string> lines;
    for (const auto& line : *expect.tax_lines) {
      lines.push_back(line.name + " " + line.rate + " % " + line.amount);
    }
    out += "; tax lines " + List(lines);
  }
  return out;
}

std::string CaseBlock(const CaseResult& result) {
  std::string out = "<div class=\"case " + std::string(result.passed ? "case-pass" : "case-fail") +
                    "\" id=\"case-" + Escape(result.case_id) + "\">\n";
  out += "<h4><code>" + Escape(result.case_id) + "</code> " +
         (result.passed ? "<span class=\"badge pass\">PASS</span>"
                        : "<span class=\"badge fail\">FAIL</span>") +
         " <span class=\"line\">line " + std::to_string(result.line) + "</span></h4>\n";
  out += "<p class=\"description\">" + Escape(result.description) + "</p>\n";
  if (!result.mismatches.empty()) {
    out += "<ul class=\"mismatches\">\n";
    for (const Mismatch& mismatch : result.mismatches) {
      out += "<li><b>" + Escape(mismatch.field) + "</b>: expected " + Escape(mismatch.expected) +
             "; got " + Escape(mismatch.actual) + "</li>\n";
    }
    out += "</ul>\n";
  }
  if (!result.quote) return out + "</div>\n";
  const Quote& quote = *result.quote;
  const Decision& decision = quote.decision;
  out += "<p class=\"decision\">Decision: <span class=\"outcome " +
         std::string(decision.outcome == DecisionOutcome::kDeny ? "fail" : "pass") + "\">" +
         DecisionOutcomeName(decision.outcome) + "</span>";
  if (quote.kind == RequestKind::kPayout) {
    out += " · gross " + Escape(quote.subtotal.formatted) + ", withheld " +
           Escape(quote.tax.formatted) + ", paid " + Escape(quote.total.formatted);
  } else if (quote.kind != RequestKind::kGift) {
    out += " · total " + Escape(quote.total.formatted) + ", of which tax " +
           Escape(quote.tax.formatted);
    if (quote.reverse_charge.applied) out += " (reverse charge)";
  }
  for (const Requirement& requirement : decision.requirements) {
    out += " · requires <b>" + std::string(RequirementTypeName(requirement.type)) + "</b>";
    if (!requirement.regime.empty()) out += " (" + Escape(requirement.regime) + ")";
    if (!requirement.label.empty()) {
      out += " \u201c" + Escape(requirement.label) + "\u201d (" + Escape(requirement.locale) + ")";
    }
  }
  out +=
      "</p>\n<p class=\"expected\">Expected: " + Escape(ExpectationText(result.expect)) + "</p>\n";
  out +=
      "<table class=\"grid checks\">\n<thead><tr><th>Check</th><th>Outcome</th><th>Reason</th>"
      "<th>Legal reference</th></tr></thead>\n<tbody>\n";
  int not_applicable = 0;
  for (const Check& check : decision.checks) {
    if (check.outcome == CheckOutcome::kNotApplicable) {
      ++not_applicable;
      continue;
    }
    std::string outcome = CheckOutcomeName(check.outcome);
    out += "<tr><td><code>" + Escape(check.rule_id) + "</code></td><td><span class=\"outcome " +
           outcome + "\">" + outcome + "</span></td><td>" + Escape(check.reason) + "</td><td>" +
           Escape(check.legal_reference) +
           (check.verified ? "" : " <span class=\"unverified\">unverified</span>") + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (not_applicable > 0) {
    out += "<p class=\"note\">" + std::to_string(not_applicable) + " further rule" +
           (not_applicable == 1 ? " does" : "s do") + " not govern this request.</p>\n";
  }
  return out + "</div>\n";
}

}  // namespace

std::string RenderMarketSection(const ComplianceRun& run, const MarketRun& market_run,
                                const std::string& number) {
  const regions::Market* market = run.snapshot ? run.snapshot->Find(market_run.market) : nullptr;
  if (market == nullptr) return "";
  std::string status = regions::MarketStatusName(market->status());
  std::string out = "<section class=\"market\" id=\"market-" + Escape(market->code()) + "\">\n";
  out += "<h2>" + number + " " + Escape(market->code()) + ": " + Escape(market->name()) +
         " <span class=\"badge " + status + "\">" + status + "</span></h2>\n";
  out += Suspension(*market);
  out += Facts(run, *market, market_run);
  out += Rules(*market, market_run);
  out += "<h3>Cases (" + std::to_string(market_run.passed()) + " of " +
         std::to_string(market_run.results.size()) + " passed)</h3>\n";
  if (market_run.results.empty()) out += "<p class=\"fail-text\">No cases.</p>\n";
  for (const CaseResult& result : market_run.results) out += CaseBlock(result);
  out += "<h3>Declared rules no case exercises</h3>\n";
  if (market_run.unexercised_rules.empty()) {
    out += "<p>None: every rule in force is exercised by at least one case.</p>\n";
  } else {
    out += "<ul class=\"unexercised\">\n";
    for (const auto& id : market_run.unexercised_rules) {
      out += "<li><code>" + Escape(id) + "</code></li>\n";
    }
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

}  // namespace mg::compliance
