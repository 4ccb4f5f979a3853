// What `marketgate audit` prints: the range, what was compared, every drift,
// and which providers could not be checked and why.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gateway/audit/drift.h"

namespace mg::audit {

struct AuditReport {
  store::UnixMillis from_ms = 0;
  store::UnixMillis to_ms = 0;
  int purchases = 0;                             // read from the store
  int charges = 0;                               // read from the providers
  std::vector<std::string> checked;              // provider instances whose records were read
  std::map<std::string, std::string> unchecked;  // provider instance -> why not
  store::LedgerCheck ledger;                     // the whole ledger's check
  AuditFindings findings;
};

// One line per drift, then a summary line.
std::string RenderText(const AuditReport& report);
// {"from", "to", "purchases", "charges", "purchases_checked",
//  "purchases_unchecked", "providers": {"checked": [...], "unchecked": {id: why}},
//  "ledger": {"journals", "entries", "accounts", "consistent"},
//  "drift": [{"kind", "purchase", "provider", "charge", "detail"}]}
std::string RenderJson(const AuditReport& report);

}  // namespace mg::audit
