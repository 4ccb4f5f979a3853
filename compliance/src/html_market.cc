// One market's section of the HTML audit report.
#include <map>
#include <set>

#include "html_sections.h"
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
  std::string out = "<table class=\"facts\">\n";
  out += Row("Selling entity",
             Escape(market.entity().name) + " (" + Escape(market.entity().country) +
                 ")<br><span class=\"source\">" + Linkify(market.entity().source) + "</span>");
  std::string locales;
  for (const auto& locale : market.locales()) locales += (locales.empty() ? "" : ", ") + locale;
  out +=
      Row("Currency, locales, time zone", Escape(market.currency().str()) + "; " + Escape(locales) +
                                              "; " + Escape(market.time_zone()));
  out += Row("Prices shown",
             std::string(market.prices_include_tax() ? "including tax" : "before tax") + " " +
                 Verified(spec.prices_include_tax_verified) + "<br><span class=\"source\">" +
                 Linkify(spec.prices_include_tax_source) + "</span>");
  std::string packs;
  for (const auto& pack : spec.includes) packs += (packs.empty() ? "" : ", ") + pack;
  out += Row("Market file, packs", "<code>" + Escape(market.source_file()) + "</code>" +
                                       (packs.empty() ? "" : "; packs: " + Escape(packs)));
  out += Row("Cases file", market_run.cases_file.empty()
                               ? "<span class=\"fail-text\">none: no case covers this market</span>"
                               : "<code>" + Escape(market_run.cases_file) + "</code>");
  (void)run;
  return out + "</table>\n";
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
  if (quote.kind != RequestKind::kGift) {
    out += " · total " + Escape(quote.total.formatted) + ", of which tax " +
           Escape(quote.tax.formatted);
    if (quote.reverse_charge.applied) out += " (reverse charge)";
  }
  out += "</p>\n";
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

const char* ReportCss() {
  return R"css(
body { font: 14px/1.45 "DejaVu Serif", Georgia, serif; color: #1b1b1b; max-width: 1180px;
       margin: 24px auto; padding: 0 24px; background: #fff; }
h1 { font-size: 24px; margin: 4px 0 14px; }
h2 { font-size: 19px; border-bottom: 2px solid #1b1b1b; padding-bottom: 3px; margin-top: 34px; }
h3 { font-size: 15px; margin: 20px 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #333; }
h4 { font-size: 14px; margin: 0 0 4px; }
code { font: 12.5px "DejaVu Sans Mono", monospace; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 7px; }
.grid th, .grid td { border: 1px solid #b9b9b9; }
.grid thead th { background: #ececec; font-family: "DejaVu Sans", sans-serif; font-size: 12px; }
.grid tfoot th, .grid tfoot td { background: #f4f4f4; font-weight: bold; }
.meta th, .facts th { width: 240px; color: #444; font-weight: normal; border-bottom: 1px solid #ddd; }
.meta td, .facts td { border-bottom: 1px solid #ddd; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.doc-kind { font: 12px "DejaVu Sans", sans-serif; text-transform: uppercase; letter-spacing: .12em;
            color: #555; margin: 0; }
.badge { font: bold 11px "DejaVu Sans", sans-serif; padding: 1px 7px; border-radius: 3px;
         text-transform: uppercase; letter-spacing: .05em; vertical-align: 2px; }
.badge.pass, .badge.live { background: #1d6b33; color: #fff; }
.badge.fail, .badge.suspended { background: #a4161a; color: #fff; }
.badge.planned { background: #6c757d; color: #fff; }
.outcome { font: 12px "DejaVu Sans", sans-serif; font-weight: bold; }
.outcome.pass { color: #1d6b33; } .outcome.fail { color: #a4161a; } .outcome.requirement { color: #8a5a00; }
.fail-text { color: #a4161a; font-weight: bold; } .warn-text { color: #8a5a00; font-weight: bold; }
.row-fail td { background: #fbeaea; }
tr.open-item td { background: #fff4d6; }
tr.disabled td { color: #777; background: #f6f6f6; }
.unverified { font: bold 11px "DejaVu Sans", sans-serif; color: #8a5a00; background: #ffe8a8;
              padding: 0 4px; border-radius: 2px; white-space: nowrap; }
.verified { font: 11px "DejaVu Sans", sans-serif; color: #1d6b33; }
.kind { font: 11px "DejaVu Sans", sans-serif; color: #666; }
.source { font-size: 12px; color: #555; word-break: break-word; }
.source a, .files a { color: #1f4e8c; }
.cases { font: 11.5px "DejaVu Sans Mono", monospace; word-break: break-word; }
.note { font-size: 12px; color: #666; margin: 2px 0; }
.notice { border: 2px solid #a4161a; background: #fbeaea; padding: 8px 12px; margin: 8px 0; }
.alert { border: 2px solid #a4161a; padding: 0 14px 8px; }
.case { border-left: 5px solid #1d6b33; padding: 6px 0 2px 12px; margin: 14px 0; }
.case-fail { border-left-color: #a4161a; background: #fdf5f5; }
.case .line { font: 11px "DejaVu Sans", sans-serif; color: #888; }
.description { margin: 2px 0 4px; font-style: italic; }
.decision { margin: 2px 0 4px; }
.mismatches { color: #a4161a; margin: 4px 0; }
.checks td:first-child { width: 260px; } .checks td:nth-child(2) { width: 90px; }
.rules td:first-child { width: 230px; } .rules td:nth-child(4) { width: 90px; }
.rules td:last-child { width: 170px; }
.files { font-size: 12px; }
section.market { page-break-before: always; }
footer { margin: 40px 0 20px; padding-top: 8px; border-top: 1px solid #bbb; font-size: 12px; color: #666; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
)css";
}

}  // namespace mg::compliance
