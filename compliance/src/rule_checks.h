// Evaluation of each rule kind against one request (internal to Decide()).
// Each function is pure and answers with an outcome and a reason in plain
// words; Decide() adds the rule's id, legal reference and source.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "compliance/decide.h"
#include "compliance/decision.h"
#include "regions/rules.h"

namespace mg::compliance {

// What the rules look at, derived once per request.
struct RuleFacts {
  const regions::Market& market;
  const QuoteRequest& request;
  const DecisionContext& context;
  std::set<regions::Action> actions;          // what the request does
  std::set<regions::Action> digital_actions;  // actions of lines delivering digital content
  std::string locale;                         // resolved locale of the request
};

struct Evaluation {
  CheckOutcome outcome = CheckOutcome::kNotApplicable;
  std::string reason;
  std::optional<Requirement> requirement;  // set iff outcome is kRequirement
};

// A rule that does not govern the request. Its reason is worded only when
// the decision shows such rules (DecisionContext::explain_not_applicable):
// an API quote drops them, and wording them cost a tenth of its decision.
template <typename WordReason>
Evaluation NotApplicable(const RuleFacts& facts, WordReason word_reason) {
  if (!facts.context.explain_not_applicable) return {CheckOutcome::kNotApplicable, {}, {}};
  return {CheckOutcome::kNotApplicable, word_reason(), {}};
}

Evaluation EvaluateAgeGate(const regions::AgeGateRule& rule, const RuleFacts& facts);
Evaluation EvaluateSpendingLimit(const regions::SpendingLimitRule& rule, const RuleFacts& facts);
Evaluation EvaluateSca(const regions::ScaRule& rule, const RuleFacts& facts);
Evaluation EvaluateDigitalContentConsent(const regions::DigitalContentConsentRule& rule,
                                         const RuleFacts& facts);
Evaluation EvaluateAdCategory(const regions::AdCategoryRule& rule, const RuleFacts& facts);
Evaluation EvaluateAdTargeting(const regions::AdTargetingRule& rule, const RuleFacts& facts);
Evaluation EvaluateAdDisclosure(const regions::AdDisclosureRule& rule, const RuleFacts& facts);

// Shared wording.
std::string ActionPhrase(regions::Action action);  // "buying coins"
// "buying coins and buying goods": the request's actions the rule governs.
std::string ActionsPhrase(const std::set<regions::Action>& actions);
// The request's actions that `governed` lists; empty when none.
std::set<regions::Action> Governed(const std::vector<regions::Action>& governed,
                                   const std::set<regions::Action>& actions);
// "governs sending gifts; this request is buying coins".
std::string NotGovernedReason(const std::vector<regions::Action>& governed,
                              const std::set<regions::Action>& actions);
// An amount of the market currency as people read it ("0,99 €").
std::string Amount(const RuleFacts& facts, int64_t minor_units);

}  // namespace mg::compliance
