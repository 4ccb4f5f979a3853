// Reports of a compliance run: JUnit XML for CI, and a self-contained HTML
// document for auditors (inline CSS, no scripts, no external assets; every
// text from market files is escaped).
#pragma once

#include <string>

#include "compliance/reporting/cases.h"

namespace mg::compliance {

// One <testsuite> per market, one <testcase> per case; a mismatch is a
// <failure> whose message names the field with expected and actual values, a
// quote error is an <error>. Files that did not load form a suite "load".
std::string RenderJUnit(const ComplianceRun& run);

// The audit document: run metadata (time, git commit, ruleset fingerprint),
// summary, then per market its status, entity, rules (legal reference,
// source, verified; unverified ones marked as open items), each case with its
// result and checks, and the declared rules no case exercises.
std::string RenderHtmlReport(const ComplianceRun& run);

// "2026-11-25 13:04:05 UTC".
std::string FormatUtc(Timestamp time);

}  // namespace mg::compliance
