#include "compliance/decision.h"

namespace mg::compliance {

const char* DecisionOutcomeName(DecisionOutcome outcome) {
  switch (outcome) {
    case DecisionOutcome::kAllow:
      return "allow";
    case DecisionOutcome::kDeny:
      return "deny";
    case DecisionOutcome::kAllowWithRequirements:
      return "allow_with_requirements";
  }
  return "deny";
}

std::optional<DecisionOutcome> DecisionOutcomeFromName(std::string_view name) {
  for (DecisionOutcome outcome :
       {DecisionOutcome::kAllow, DecisionOutcome::kDeny, DecisionOutcome::kAllowWithRequirements}) {
    if (name == DecisionOutcomeName(outcome)) return outcome;
  }
  return std::nullopt;
}

const char* CheckOutcomeName(CheckOutcome outcome) {
  switch (outcome) {
    case CheckOutcome::kPass:
      return "pass";
    case CheckOutcome::kFail:
      return "fail";
    case CheckOutcome::kRequirement:
      return "requirement";
    case CheckOutcome::kNotApplicable:
      return "not_applicable";
  }
  return "not_applicable";
}

const char* RequirementTypeName(RequirementType type) {
  switch (type) {
    case RequirementType::kSca:
      return "sca";
    case RequirementType::kDisclosureLabel:
      return "disclosure_label";
    case RequirementType::kAgeVerification:
      return "age_verification";
  }
  return "sca";
}

std::optional<RequirementType> RequirementTypeFromName(std::string_view name) {
  for (RequirementType type : {RequirementType::kSca, RequirementType::kDisclosureLabel,
                               RequirementType::kAgeVerification}) {
    if (name == RequirementTypeName(type)) return type;
  }
  return std::nullopt;
}

const Check* Decision::FindCheck(std::string_view rule_id) const {
  for (const Check& check : checks) {
    if (check.rule_id == rule_id) return &check;
  }
  return nullptr;
}

std::string ScaRegimeOf(const Decision& decision) {
  for (const Requirement& requirement : decision.requirements) {
    if (requirement.type == RequirementType::kSca) {
      return requirement.regime.empty() ? std::string("sca") : requirement.regime;
    }
  }
  return "";
}

}  // namespace mg::compliance
