// marketgate compliance run: runs every market's compliance cases and writes
// the JUnit XML and the HTML audit report.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>

#include "compliance/reporting/case_report.h"
#include "compliance/reporting/cases.h"
#include "gateway/cli/command_line.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "compliance";

constexpr char kUsage[] =
    "Usage: marketgate compliance run [--regions DIR] [--market CC]\n"
    "                                 [--min-coverage PERCENT]\n"
    "                                 [--junit FILE] [--report FILE.html]\n"
    "\n"
    "Runs the compliance cases of every market (regions/markets/XX.cases.yaml)\n"
    "through the quote engine and compares decision, requirements, fired and\n"
    "passed rules, totals and tax lines.\n"
    "\n"
    "  --regions DIR   the regions directory (default: regions)\n"
    "  --market CC     run one market only\n"
    "  --min-coverage PERCENT\n"
    "                  the share of its rules every live market's cases must\n"
    "                  exercise (default 100); a live market without a cases\n"
    "                  file has 0\n"
    "  --junit FILE    write JUnit XML (a testsuite per market)\n"
    "  --report FILE   write the HTML audit report\n"
    "\n"
    "Exit status: 0 every case passed and every live market met the coverage,\n"
    "             1 a case failed, a market fell short or a file did not load,\n"
    "             2 bad usage.\n";

std::string Pad(const std::string& text, size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

std::string PadLeft(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

void PrintProgress(const compliance::MarketRun& market, std::ostream& out) {
  out << (market.failed() ? "FAIL " : "ok   ") << Pad(market.market, 4) << market.results.size()
      << " cases, " << market.failed() << " failed\n";
  for (const auto& result : market.results) {
    if (result.passed) continue;
    out << "       " << result.case_id << " (" << market.cases_file << ":" << result.line << ")\n";
    for (const auto& mismatch : result.mismatches)
      out << "         " << mismatch.ToString() << "\n";
  }
}

void PrintSummary(const compliance::ComplianceRun& run, std::ostream& out) {
  out << "\n"
      << Pad("market", 8) << PadLeft("cases", 6) << PadLeft("passed", 8) << PadLeft("failed", 8)
      << PadLeft("rules", 7) << PadLeft("unexercised", 13) << PadLeft("coverage", 10) << "\n";
  int rules = 0, unexercised = 0;
  for (const auto& market : run.markets) {
    out << Pad(market.market, 8) << PadLeft(std::to_string(market.results.size()), 6)
        << PadLeft(std::to_string(market.passed()), 8)
        << PadLeft(std::to_string(market.failed()), 8)
        << PadLeft(std::to_string(market.rules_declared), 7)
        << PadLeft(std::to_string(market.unexercised_rules.size()), 13)
        << PadLeft(std::to_string(market.coverage_percent()) + " %", 10) << "\n";
    rules += market.rules_declared;
    unexercised += static_cast<int>(market.unexercised_rules.size());
  }
  out << Pad("total", 8) << PadLeft(std::to_string(run.total_cases()), 6)
      << PadLeft(std::to_string(run.total_cases() - run.failed_cases()), 8)
      << PadLeft(std::to_string(run.failed_cases()), 8) << PadLeft(std::to_string(rules), 7)
      << PadLeft(std::to_string(unexercised), 13) << "\n\n";
  for (const compliance::MarketRun* market : run.below_coverage()) {
    out << "coverage       " << market->market << " " << market->coverage_percent() << " % < "
        << run.min_coverage_percent << " %: ";
    if (market->cases_file.empty()) {
      out << "no cases file (markets/" << market->market << ".cases.yaml)\n";
      continue;
    }
    out << "no case exercises";
    for (const auto& id : market->unexercised_rules) out << " " << id;
    out << "\n";
  }
  out << "ruleset sha256 " << run.fingerprint << "\ncommit         " << run.git_commit << "\n";
}

std::optional<int> ParsePercent(const std::string& text) {
  int value = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > 100) {
    return std::nullopt;
  }
  return value;
}

bool WriteFile(const std::string& path, const std::string& text, CommandIo io) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) {
    io.err << "marketgate " << kCommand << ": cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

int RunCompliance(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags =
      Flags::Parse(args, {"regions", "market", "junit", "report", "min-coverage"}, {}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  if (flags->positional().size() != 1 || flags->positional().front() != "run") {
    return UsageError(io, kCommand, "expected the subcommand 'run'");
  }
  compliance::RunOptions options;
  options.regions_dir = flags->Get("regions").value_or("regions");
  options.market = flags->Get("market").value_or("");
  if (auto coverage = flags->Get("min-coverage")) {
    std::optional<int> percent = ParsePercent(*coverage);
    if (!percent) {
      return UsageError(io, kCommand, "--min-coverage expects a whole percent from 0 to 100");
    }
    options.min_coverage_percent = *percent;
  }
  options.now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  options.on_market = [&](const compliance::MarketRun& market) { PrintProgress(market, io.out); };
  compliance::ComplianceRun run = compliance::RunCompliance(options);

  for (const auto& load_error : run.errors) io.err << load_error.ToString() << "\n";
  PrintSummary(run, io.out);
  bool written = true;
  if (auto junit = flags->Get("junit")) {
    written = WriteFile(*junit, compliance::RenderJUnit(run), io) && written;
    if (written) io.out << "junit          " << *junit << "\n";
  }
  if (auto report = flags->Get("report")) {
    written = WriteFile(*report, compliance::RenderHtmlReport(run), io) && written;
    if (written) io.out << "report         " << *report << "\n";
  }
  if (!run.errors.empty()) {
    io.err << "marketgate " << kCommand << ": " << run.errors.size() << " file error(s)\n";
  }
  io.out << (run.ok() ? "PASSED" : "FAILED") << "\n";
  return run.ok() && written ? kExitOk : kExitFailed;
}

}  // namespace mg::cli
