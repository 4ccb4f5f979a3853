// The console's compliance pages: the declared cases of one market or all
// run against the market files the gateway serves from, as
// `marketgate compliance run` runs them (compliance/reporting/cases.h):
//
//   GET /console/compliance              the form, and with ?market= (or
//                                        market=all) the run's summary
//   GET /console/compliance/report?market=   the HTML report, whole
//   GET /console/compliance/junit?market=    the JUnit XML, as a download
#pragma once

#include <string>
#include <string_view>

#include "compliance/reporting/cases.h"
#include "operator_format.h"
#include "regions/snapshot.h"

namespace mg::console {

// The run of `market` ("all" or empty: every market) over the serving
// snapshot's directory at `now`.
compliance::ComplianceRun RunCases(const regions::MarketSnapshot& live, std::string_view market,
                                   std::chrono::system_clock::time_point now);

// The form (markets from `live`), then `run`'s summary when there is one.
std::string ComplianceBody(const regions::MarketSnapshot& live, std::string_view market,
                           const compliance::ComplianceRun* run, const OperatorFormat& format);

}  // namespace mg::console
