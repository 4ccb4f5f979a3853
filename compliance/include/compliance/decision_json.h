// The JSON form of a Decision, part of every quote the API returns.
//
//   {"outcome": "allow_with_requirements",
//    "reason": "...",
//    "requirements": [{"type": "sca", "rule_id": "eu.psd2.sca", "regime": "psd2",
//                      "reason": "..."},
//                     {"type": "disclosure_label", "rule_id": "...", "label": "Werbung",
//                      "locale": "de-DE", "reason": "..."}],
//    "checks": [{"rule_id": "market.status", "kind": "market_status", "outcome": "pass",
//                "reason": "...", "legal_reference": "...", "source": "...",
//                "verified": true}, ...],
//    "not_applicable": ["platform.age.ads", ...]}
//
// `checks` holds the rules that governed the request (passed, required
// something or refused it) with their reasons and sources; `not_applicable`
// names, in rule order, those that govern other requests.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>

#include "compliance/decision.h"

namespace mg::compliance {

// Built in `sp` (a monotonic_resource makes building and dropping it cheap;
// the default is the heap).
boost::json::object DecisionToJson(const Decision& decision,
                                   const boost::json::storage_ptr& sp = {});

}  // namespace mg::compliance
