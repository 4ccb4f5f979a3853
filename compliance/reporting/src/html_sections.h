// Pieces of the HTML audit report (internal to html_report.cc).
#pragma once

#include <string>

#include "compliance/reporting/cases.h"

namespace mg::compliance {

// The section of one market: status, entity, rules, cases and unexercised
// rules. `number` is the section number shown ("3.2").
std::string RenderMarketSection(const ComplianceRun& run, const MarketRun& market_run,
                                const std::string& number);

// The report's stylesheet (inline; print-friendly).
const char* ReportCss();

// `file` relative to the run's regions directory when inside it.
std::string RelativePath(const ComplianceRun& run, const std::string& file);

}  // namespace mg::compliance
