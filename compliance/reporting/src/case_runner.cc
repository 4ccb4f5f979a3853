// Runs compliance cases through BuildQuote() and compares the answers.
#include <algorithm>
#include <filesystem>
#include <set>

#include "compliance/reporting/cases.h"
#include "compliance/reporting/run_metadata.h"
#include "currency/decimal.h"
#include "regions/market_loader.h"

namespace mg::compliance {
namespace {

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return "[" + out + "]";
}

std::string CanonicalRate(const std::string& rate) {
  Result<Decimal> decimal = Decimal::Parse(rate);
  return decimal.ok() ? decimal->ToString() : rate;
}

class CaseComparer {
 public:
  CaseComparer(const Quote& quote, CaseResult& result) : quote_(quote), result_(result) {}

  void Decision(const CaseExpectation& expect) {
    const auto& decision = quote_.decision;
    if (decision.outcome != expect.decision) {
      Add("decision", DecisionOutcomeName(expect.decision),
          std::string(DecisionOutcomeName(decision.outcome)) + " (" + decision.reason + ")");
    }
    if (expect.requirements) {
      std::vector<std::string> expected = *expect.requirements;
      std::vector<std::string> actual;
      for (const auto& requirement : decision.requirements) {
        actual.push_back(RequirementTypeName(requirement.type));
      }
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
      actual.erase(std::unique(actual.begin(), actual.end()), actual.end());
      if (expected != actual) Add("requirements", Join(expected), Join(actual));
    }
    for (const auto& id : expect.fired) {
      Outcome("fired", id, {CheckOutcome::kFail, CheckOutcome::kRequirement},
              "fail or requirement");
    }
    // `fired` is the exact set (docs/markets.md): a rule firing that the case
    // does not list is a behaviour nobody reviewed.
    std::set<std::string> listed(expect.fired.begin(), expect.fired.end());
    for (const Check& check : decision.checks) {
      bool fired =
          check.outcome == CheckOutcome::kFail || check.outcome == CheckOutcome::kRequirement;
      if (fired && !listed.count(check.rule_id)) {
        Add("fired", "not " + check.rule_id,
            check.rule_id + " " + CheckOutcomeName(check.outcome) + " (" + check.reason + ")");
      }
    }
    for (const auto& id : expect.passed) Outcome("passed", id, {CheckOutcome::kPass}, "pass");
    if (expect.labels) {
      std::vector<std::string> expected = *expect.labels;
      std::vector<std::string> actual;
      for (const auto& requirement : decision.requirements) {
        if (requirement.type == RequirementType::kDisclosureLabel)
          actual.push_back(requirement.label);
      }
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
      if (expected != actual) Add("labels", Join(expected), Join(actual));
    }
  }

  void Totals(const CaseExpectation& expect) {
    Amount("totals.subtotal", expect.subtotal, quote_.subtotal);
    Amount("totals.tax", expect.tax, quote_.tax);
    Amount("totals.total", expect.total, quote_.total);
  }

  void Order(const CaseExpectation& expect) {
    const bool wants = expect.remitted_by || expect.seller_payable || expect.creator_payable ||
                       expect.platform_revenue;
    if (!wants) return;
    if (!quote_.order) {
      Add("order", "an order's terms",
          "a quote of kind " + std::string(RequestKindName(quote_.kind)));
      return;
    }
    const OrderTerms& order = *quote_.order;
    if (expect.remitted_by && *expect.remitted_by != order.remitted_by) {
      Add("order.remitted_by", *expect.remitted_by, order.remitted_by);
    }
    Amount("order.seller_payable", expect.seller_payable, order.seller_payable);
    Amount("order.creator_payable", expect.creator_payable, order.creator_payable);
    Amount("order.platform_revenue", expect.platform_revenue, order.platform_revenue);
  }

  void TaxLines(const CaseExpectation& expect) {
    if (!expect.tax_lines) return;
    std::vector<bool> matched(quote_.tax_lines.size(), false);
    for (const ExpectedTaxLine& line : *expect.tax_lines) {
      std::string label = line.name + " " + line.rate + " %";
      bool found = false;
      for (size_t i = 0; i < quote_.tax_lines.size(); ++i) {
        const QuoteTaxLine& actual = quote_.tax_lines[i];
        if (matched[i] || actual.name != line.name ||
            CanonicalRate(actual.rate) != CanonicalRate(line.rate)) {
          continue;
        }
        matched[i] = found = true;
        Amount("tax_lines[" + label + "].amount", line.amount, actual.amount);
        break;
      }
      if (!found) Add("tax_lines", label + " " + line.amount, "no such tax line; got " + Actual());
    }
    for (size_t i = 0; i < matched.size(); ++i) {
      if (matched[i]) continue;
      const QuoteTaxLine& extra = quote_.tax_lines[i];
      Add("tax_lines", "no " + extra.name + " " + extra.rate + " % line",
          "unexpected " + extra.name + " " + extra.rate + " % " + Plain(extra.amount));
    }
  }

 private:
  void Add(std::string field, std::string expected, std::string actual) {
    result_.mismatches.push_back({std::move(field), std::move(expected), std::move(actual)});
  }

  std::string Plain(const FormattedMoney& amount) const {
    return FormatPlain(quote_.ToMoney(amount));
  }

  std::string Actual() const {
    std::vector<std::string> lines;
    for (const auto& line : quote_.tax_lines) {
      lines.push_back(line.name + " " + line.rate + " % " + Plain(line.amount));
    }
    return Join(lines);
  }

  void Amount(const std::string& field, const std::optional<std::string>& expected,
              const FormattedMoney& actual) {
    if (!expected) return;
    Result<Money> money = ParseMoney(*expected, quote_.currency);
    if (!money.ok()) {
      Add(field, *expected, "the expected amount is invalid: " + money.status().message());
    } else if (money->minor_units() != actual.minor_units) {
      Add(field, FormatPlain(*money), Plain(actual));
    }
  }

  void Outcome(const std::string& field, const std::string& id, std::set<CheckOutcome> wanted,
               const std::string& wanted_text) {
    const Check* check = quote_.decision.FindCheck(id);
    if (check == nullptr) {
      Add(field, id + ": " + wanted_text, "no rule '" + id + "' in market " + quote_.market);
    } else if (!wanted.count(check->outcome)) {
      Add(field, id + ": " + wanted_text,
          std::string(CheckOutcomeName(check->outcome)) + " (" + check->reason + ")");
    }
  }

  const Quote& quote_;
  CaseResult& result_;
};

std::vector<std::string> CaseFilesIn(const std::string& regions_dir) {
  std::vector<std::string> files;
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::path(regions_dir) / "markets";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 11 && name.ends_with(".cases.yaml")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

MarketRun RunMarket(const regions::MarketSnapshot& snapshot, const regions::Market& market,
                    const CaseFile* cases, const DecisionContext& context) {
  MarketRun run;
  run.market = market.code();
  run.live = market.status() == regions::MarketStatus::kLive;
  std::set<std::string> exercised;
  if (cases != nullptr) {
    run.cases_file = cases->file;
    for (const ComplianceCase& test_case : cases->cases) {
      CaseResult result = RunCase(snapshot, test_case, context);
      if (result.quote) {
        for (const Check& check : result.quote->decision.checks) {
          if (check.outcome != CheckOutcome::kNotApplicable) exercised.insert(check.rule_id);
        }
      }
      run.results.push_back(std::move(result));
    }
  }
  for (const regions::Rule& rule : market.rules()) {
    if (rule.disabled) continue;
    ++run.rules_declared;
    if (!exercised.count(rule.id)) run.unexercised_rules.push_back(rule.id);
  }
  return run;
}

}  // namespace

std::string Mismatch::ToString() const {
  return field + ": expected " + expected + ", got " + actual;
}

int MarketRun::passed() const {
  return static_cast<int>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return r.passed; }));
}

int MarketRun::failed() const { return static_cast<int>(results.size()) - passed(); }

int ComplianceRun::total_cases() const {
  int total = 0;
  for (const auto& market : markets) total += static_cast<int>(market.results.size());
  return total;
}

int ComplianceRun::failed_cases() const {
  int failed = 0;
  for (const auto& market : markets) failed += market.failed();
  return failed;
}

int MarketRun::coverage_percent() const {
  if (cases_file.empty()) return 0;
  if (rules_declared == 0) return 100;
  int exercised = rules_declared - static_cast<int>(unexercised_rules.size());
  return exercised * 100 / rules_declared;
}

std::vector<const MarketRun*> ComplianceRun::below_coverage() const {
  std::vector<const MarketRun*> below;
  for (const auto& market : markets) {
    if (market.live && market.coverage_percent() < min_coverage_percent) below.push_back(&market);
  }
  return below;
}

bool ComplianceRun::ok() const {
  return errors.empty() && snapshot && failed_cases() == 0 && below_coverage().empty();
}

CaseResult RunCase(const regions::MarketSnapshot& snapshot, const ComplianceCase& test_case,
                   const DecisionContext& context) {
  CaseResult result;
  result.case_id = test_case.id;
  result.description = test_case.description;
  result.line = test_case.line;
  result.expect = test_case.expect;
  Result<Quote> quote = BuildQuote(snapshot, test_case.request, context);
  if (!quote.ok()) {
    result.error = quote.status();
    result.mismatches.push_back({"quote", "a quote", "error " + quote.status().ToString()});
    return result;
  }
  CaseComparer comparer(*quote, result);
  comparer.Decision(test_case.expect);
  comparer.Totals(test_case.expect);
  comparer.TaxLines(test_case.expect);
  comparer.Order(test_case.expect);
  result.passed = result.mismatches.empty();
  result.quote = std::move(quote).value();
  return result;
}

ComplianceRun RunCompliance(const RunOptions& options) {
  ComplianceRun run;
  run.regions_dir = options.regions_dir;
  run.started = options.now;
  run.min_coverage_percent = options.min_coverage_percent;
  run.git_commit = GitCommitOf(options.regions_dir);
  Result<std::string> fingerprint = RulesetFingerprint(options.regions_dir);
  run.fingerprint =
      fingerprint.ok() ? *fingerprint : "unavailable (" + fingerprint.status().message() + ")";

  run.ruleset_files = RulesetFiles(options.regions_dir);

  regions::LoadResult loaded = regions::LoadMarkets(options.regions_dir);
  if (!loaded.ok()) {
    run.errors = std::move(loaded.errors);
    return run;
  }
  run.snapshot = loaded.snapshot;
  if (!options.market.empty() && run.snapshot->Find(options.market) == nullptr) {
    run.errors.push_back({options.regions_dir, 0, 0, "", "no market '" + options.market + "'"});
    return run;
  }

  mg::ErrorSink sink;
  std::map<std::string, CaseFile> case_files;
  for (const std::string& file : CaseFilesIn(options.regions_dir)) {
    std::optional<CaseFile> cases = LoadCaseFile(file, sink);
    if (!cases) continue;
    if (!options.market.empty() && cases->market != options.market) continue;
    if (run.snapshot->Find(cases->market) == nullptr) {
      sink.Add({file, 0, 0, "", "no market file for the cases of '" + cases->market + "'"});
      continue;
    }
    case_files.emplace(cases->market, std::move(*cases));
  }
  run.errors = sink.TakeErrors();

  DecisionContext context;
  context.now = options.now;
  for (const auto& [code, market] : run.snapshot->markets()) {
    if (!options.market.empty() && code != options.market) continue;
    auto it = case_files.find(code);
    run.markets.push_back(
        RunMarket(*run.snapshot, *market, it == case_files.end() ? nullptr : &it->second, context));
    if (options.on_market) options.on_market(run.markets.back());
  }
  return run;
}

}  // namespace mg::compliance
