// Compliance cases (regions/markets/XX.cases.yaml, docs/markets.md): requests
// with the answer the engine must give. Running them proves that the rules,
// prices and taxes of each market behave as declared; the run feeds the JUnit
// and HTML reports (case_report.h).
//
// A case runs through BuildQuote(), the same code path as POST /v1/quotes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/load_error.h"
#include "compliance/decision.h"
#include "compliance/quote.h"
#include "compliance/request.h"
#include "regions/snapshot.h"

namespace mg::compliance {

struct ExpectedTaxLine {
  std::string name;
  std::string rate;    // percent as written ("19", "9.975")
  std::string amount;  // major units as written ("0.16")
};

struct CaseExpectation {
  DecisionOutcome decision = DecisionOutcome::kAllow;
  // The exact set of requirement types, when given.
  std::optional<std::vector<std::string>> requirements;
  std::vector<std::string> fired;   // must have outcome fail or requirement
  std::vector<std::string> passed;  // must have outcome pass
  // The exact set of disclosure label texts the decision asks to show, when
  // given ("Werbung", "Collaboration commerciale"): a label's wording is a
  // legal requirement in some markets, not only its presence.
  std::optional<std::vector<std::string>> labels;
  std::optional<std::string> subtotal;
  std::optional<std::string> tax;
  std::optional<std::string> total;
  std::optional<std::vector<ExpectedTaxLine>> tax_lines;  // the exact set, when given
  // Orders (kind order): who remits the tax and the split of the total.
  std::optional<std::string> remitted_by;  // "platform" or "seller"
  std::optional<std::string> seller_payable;
  std::optional<std::string> creator_payable;
  std::optional<std::string> platform_revenue;
};

struct ComplianceCase {
  std::string id;
  std::string description;
  QuoteRequest request;
  CaseExpectation expect;
  int line = 0;  // of the case in its file
};

struct CaseFile {
  std::string market;  // from the file name: DE.cases.yaml -> DE
  std::string file;
  std::vector<ComplianceCase> cases;
};

// Loads one case file strictly: unknown fields, malformed requests and
// duplicate ids are errors with file, line, column and field path. Returns
// nullopt when the file has any error.
std::optional<CaseFile> LoadCaseFile(const std::string& file, mg::ErrorSink& sink);
// The same for a file's text already in memory (`file` names it, for the
// market code and the errors); the fuzzer feeds it without the filesystem.
std::optional<CaseFile> ParseCaseFile(const std::string& file, std::string_view text,
                                      mg::ErrorSink& sink);

// One difference between what a case expects and what the engine answered.
struct Mismatch {
  std::string field;  // "decision", "requirements", "fired", "totals.tax", "tax_lines"
  std::string expected;
  std::string actual;
  std::string ToString() const;  // "totals.tax: expected 0.16, got 0.17"
};

struct CaseResult {
  std::string case_id;
  std::string description;
  int line = 0;
  bool passed = false;
  CaseExpectation expect;  // what the case stated
  std::vector<Mismatch> mismatches;
  std::optional<Quote> quote;  // absent when BuildQuote failed
  Status error;                // BuildQuote's error, if any
};

// Runs one case and compares every expectation it states.
CaseResult RunCase(const regions::MarketSnapshot& snapshot, const ComplianceCase& test_case,
                   const DecisionContext& context);

struct MarketRun {
  std::string market;
  std::string cases_file;  // empty when the market has none
  std::vector<CaseResult> results;
  int rules_declared = 0;  // effective (not disabled) rules of the market
  // Effective rules that no case evaluated to pass, fail or requirement.
  std::vector<std::string> unexercised_rules;
  // Only a live market must meet the run's minimum coverage: a planned or
  // suspended one sells nothing.
  bool live = true;

  // Percent of the effective rules some case exercised, rounded down; 0 for a
  // market without a cases file (nothing of it was tested), 100 for a market
  // with cases and no rules.
  int coverage_percent() const;

  int passed() const;
  int failed() const;
};

struct ComplianceRun {
  std::string regions_dir;
  Timestamp started{};
  std::string git_commit;                  // "unknown" outside a git checkout
  std::string fingerprint;                 // SHA-256 over the regions files (RulesetFingerprint)
  std::vector<std::string> ruleset_files;  // the files it covers, relative, sorted
  std::shared_ptr<const regions::MarketSnapshot> snapshot;  // null when loading failed
  std::vector<mg::LoadError> errors;  // market or case files that did not load
  std::vector<MarketRun> markets;     // by market code
  int min_coverage_percent = 100;     // RunOptions::min_coverage_percent

  int total_cases() const;
  int failed_cases() const;
  // Live markets whose coverage is below min_coverage_percent.
  std::vector<const MarketRun*> below_coverage() const;
  // True when everything loaded, every case passed and every live market
  // meets the minimum coverage.
  bool ok() const;
};

struct RunOptions {
  std::string regions_dir;
  std::string market;  // empty: every market
  Timestamp now{};     // the run's time: stamped on the report and used by the cases
  // The share of its rules (percent) each live market's cases must exercise,
  // as OPA's `test --coverage --threshold`. 100 by default: a rule no case
  // touches is a rule nobody has shown to work.
  int min_coverage_percent = 100;
  // Called after each market's cases ran (for progress output). May be empty.
  std::function<void(const MarketRun&)> on_market;
};

// Loads the markets and their cases and runs them all.
ComplianceRun RunCompliance(const RunOptions& options);

}  // namespace mg::compliance
