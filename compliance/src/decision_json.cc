#include "compliance/decision_json.h"

#include <boost/json.hpp>

namespace mg::compliance {
namespace {

boost::json::object RequirementToJson(const Requirement& requirement,
                                      const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out.reserve(5);
  out["type"] = RequirementTypeName(requirement.type);
  out["rule_id"] = requirement.rule_id;
  switch (requirement.type) {
    case RequirementType::kSca:
      out["regime"] = requirement.regime;
      break;
    case RequirementType::kDisclosureLabel:
      out["label"] = requirement.label;
      out["locale"] = requirement.locale;
      break;
    case RequirementType::kAgeVerification:
      break;
  }
  out["reason"] = requirement.reason;
  return out;
}

boost::json::object CheckToJson(const Check& check, const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out.reserve(7);
  out["rule_id"] = check.rule_id;
  out["kind"] = check.kind;
  out["outcome"] = CheckOutcomeName(check.outcome);
  out["reason"] = check.reason;
  out["legal_reference"] = check.legal_reference;
  out["source"] = check.source;
  out["verified"] = check.verified;
  return out;
}

}  // namespace

boost::json::object DecisionToJson(const Decision& decision, const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out.reserve(5);
  out["outcome"] = DecisionOutcomeName(decision.outcome);
  out["reason"] = decision.reason;
  boost::json::array requirements(sp);
  requirements.reserve(decision.requirements.size());
  for (const Requirement& requirement : decision.requirements) {
    requirements.push_back(RequirementToJson(requirement, sp));
  }
  out["requirements"] = std::move(requirements);
  // A rule that did not govern the request is named, not explained: most of
  // a market's rules govern other products, and their reasons and sources,
  // repeated in every quote and in every stored purchase, were most of its
  // bytes. Their legal references and sources stay in the market file (the
  // quote names its snapshot version) and in the compliance report.
  boost::json::array checks(sp);
  boost::json::array not_applicable(sp);
  checks.reserve(decision.checks.size());
  for (const Check& check : decision.checks) {
    if (check.outcome == CheckOutcome::kNotApplicable) {
      not_applicable.emplace_back(check.rule_id);
    } else {
      checks.push_back(CheckToJson(check, sp));
    }
  }
  out["checks"] = std::move(checks);
  out["not_applicable"] = std::move(not_applicable);
  return out;
}

}  // namespace mg::compliance
