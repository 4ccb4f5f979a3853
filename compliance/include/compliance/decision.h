// The outcome of evaluating a market's rules against one request, with every
// check that was evaluated, so that an auditor can see why (and under which
// law) a request was allowed, refused or allowed with conditions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mg::compliance {

enum class DecisionOutcome { kAllow, kDeny, kAllowWithRequirements };
// "allow", "deny", "allow_with_requirements".
const char* DecisionOutcomeName(DecisionOutcome outcome);
std::optional<DecisionOutcome> DecisionOutcomeFromName(std::string_view name);

enum class CheckOutcome { kPass, kFail, kRequirement, kNotApplicable };
// "pass", "fail", "requirement", "not_applicable".
const char* CheckOutcomeName(CheckOutcome outcome);

enum class RequirementType { kSca, kDisclosureLabel, kAgeVerification };
// "sca", "disclosure_label", "age_verification".
const char* RequirementTypeName(RequirementType type);
std::optional<RequirementType> RequirementTypeFromName(std::string_view name);

// Something the client must do before the request may complete.
struct Requirement {
  RequirementType type = RequirementType::kSca;
  std::string rule_id;  // the rule that asks for it
  std::string reason;   // plain words
  std::string regime;   // sca: "psd2", "uk_rts", "rbi_afa", "scheme_3ds"
  std::string label;    // disclosure_label: the text to show
  std::string locale;   // disclosure_label: the label's locale
};

// One evaluated rule (or the market status, id "market.status").
struct Check {
  std::string rule_id;
  std::string kind;  // the rule kind, or "market_status"
  CheckOutcome outcome = CheckOutcome::kNotApplicable;
  std::string reason;  // plain words: "customer is 17; buying coins requires 18 or older"
  std::string legal_reference;
  std::string source;
  bool verified = true;
};

inline constexpr const char* kMarketStatusCheckId = "market.status";
// A gift's creator must be in good standing (platform policy, not a law).
inline constexpr const char* kCreatorStandingCheckId = "creator.standing";
// Built-in checks of a payout (DecidePayout): the market pays creators out
// at all, the creator's tax identity where the market requires one, and the
// market's minimum payout.
inline constexpr const char* kPayoutOfferedCheckId = "payout.offered";
inline constexpr const char* kPayoutTaxIdentityCheckId = "payout.tax_identity";
inline constexpr const char* kPayoutMinimumCheckId = "payout.minimum";

struct Decision {
  DecisionOutcome outcome = DecisionOutcome::kDeny;
  // Why, in plain words: the reasons of the failed checks (deny), of the
  // requirements (allow_with_requirements), or that every check passed.
  std::string reason;
  // Empty unless outcome is kAllowWithRequirements.
  std::vector<Requirement> requirements;
  // Every check in evaluation order: market.status first, then the market's
  // rules in declaration order (disabled and inapplicable ones included).
  std::vector<Check> checks;

  // nullptr when no check has that id.
  const Check* FindCheck(std::string_view rule_id) const;
  bool allowed() const { return outcome != DecisionOutcome::kDeny; }
};

// The regime under which `decision` requires strong customer authentication
// ("psd2", "uk_rts", ...; "sca" when its requirement names none); empty when
// it requires none. The one place this is decided: a purchase stores the
// result when it is created.
std::string ScaRegimeOf(const Decision& decision);

}  // namespace mg::compliance
