// Rules on ad bookings: category policies, targeting limits (DSA Art. 26 and
// 28, TTPA) and disclosure labels.
#include "rule_checks.h"

namespace mg::compliance {
namespace {

constexpr int kAgeOfMajority = 18;

// Non-null when the request is an ad booking.
const AdBooking* BookingOf(const RuleFacts& facts) {
  if (facts.request.kind != RequestKind::kAdBooking || !facts.request.ad) return nullptr;
  return &*facts.request.ad;
}

Evaluation NotABooking(const RuleFacts& facts) {
  return NotApplicable(facts, [&] {
    return "governs booking ads; this request is " + ActionsPhrase(facts.actions);
  });
}

std::string AudienceAge(const AdBooking& ad) {
  return ad.audience_min_age ? "audience minimum age " + std::to_string(*ad.audience_min_age)
                             : "no audience minimum age";
}

// The label for `locale`: the exact tag, else one of the same language, else
// the market's default locale, else the first label.
std::pair<std::string, std::string> PickLabel(const regions::AdDisclosureRule& rule,
                                              const RuleFacts& facts) {
  const auto& labels = rule.labels;
  if (auto it = labels.find(facts.locale); it != labels.end()) return *it;
  std::string language = facts.locale.substr(0, facts.locale.find('-'));
  for (const auto& entry : labels) {
    if (entry.first.substr(0, entry.first.find('-')) == language) return entry;
  }
  if (auto it = labels.find(facts.market.default_locale()); it != labels.end()) return *it;
  if (labels.empty()) return {facts.locale, ""};
  return *labels.begin();
}

}  // namespace

Evaluation EvaluateAdCategory(const regions::AdCategoryRule& rule, const RuleFacts& facts) {
  const AdBooking* ad = BookingOf(facts);
  if (ad == nullptr) return NotABooking(facts);
  if (ad->category != rule.category) {
    return NotApplicable(facts, [&] {
      return std::string("governs ") + regions::AdCategoryName(rule.category) +
             " ads; this booking is " + regions::AdCategoryName(ad->category);
    });
  }
  std::string category = regions::AdCategoryName(rule.category);
  using Policy = regions::AdCategoryRule::Policy;
  if (rule.policy == Policy::kForbidden) {
    return {CheckOutcome::kFail, category + " ads are forbidden in " + facts.market.code(), {}};
  }
  if (rule.policy == Policy::kAllowed) {
    return {CheckOutcome::kPass, category + " ads are allowed in " + facts.market.code(), {}};
  }
  std::vector<std::string> unmet;
  std::vector<std::string> met;
  if (rule.licence_required) {
    (ad->licence_reference.empty() ? unmet : met)
        .push_back(ad->licence_reference.empty()
                       ? "no licence reference is given"
                       : "licence reference " + ad->licence_reference + " is given");
  }
  if (rule.min_audience_age) {
    bool ok = ad->audience_min_age && *ad->audience_min_age >= *rule.min_audience_age;
    (ok ? met : unmet)
        .push_back(AudienceAge(*ad) + (ok ? " is at least " : " is below the required ") +
                   std::to_string(*rule.min_audience_age));
  }
  if (rule.brand_only) {
    (ad->brand_only ? met : unmet)
        .push_back(ad->brand_only ? "the creative is brand-only"
                                  : "the creative is not brand-only");
  }
  const auto& listed = unmet.empty() ? met : unmet;
  std::string reason =
      category + " ads are allowed in " + facts.market.code() + " only under conditions";
  for (const auto& text : listed) reason += "; " + text;
  return {unmet.empty() ? CheckOutcome::kPass : CheckOutcome::kFail, reason, {}};
}

Evaluation EvaluateAdTargeting(const regions::AdTargetingRule& rule, const RuleFacts& facts) {
  const AdBooking* ad = BookingOf(facts);
  if (ad == nullptr) return NotABooking(facts);
  const AdTargeting& targeting = ad->targeting;
  bool minors = targeting.includes_minors.value_or(!ad->audience_min_age ||
                                                   *ad->audience_min_age < kAgeOfMajority);
  std::vector<std::string> violations;
  if (rule.no_profiling_of_minors && targeting.profiling && minors) {
    violations.push_back("profiling an audience that may include minors (" + AudienceAge(*ad) +
                         ") is not allowed");
  }
  if (rule.no_sensitive_data && targeting.sensitive_data) {
    violations.push_back("targeting with sensitive (special-category) data is not allowed");
  }
  if (rule.min_audience_age &&
      (!ad->audience_min_age || *ad->audience_min_age < *rule.min_audience_age)) {
    violations.push_back(AudienceAge(*ad) + " is below the required " +
                         std::to_string(*rule.min_audience_age));
  }
  if (rule.personalized_requires_consent && targeting.profiling && !targeting.consent) {
    violations.push_back("personalized targeting without the audience's consent is not allowed");
  }
  if (!violations.empty()) {
    std::string reason;
    for (const auto& text : violations) reason += (reason.empty() ? "" : "; ") + text;
    return {CheckOutcome::kFail, reason, {}};
  }
  std::string reason =
      std::string(targeting.profiling ? "profiled" : "not profiled") +
      (targeting.sensitive_data ? ", with" : ", no") + " sensitive data, " + AudienceAge(*ad) +
      (minors ? " (may include minors)" : "") +
      (targeting.profiling ? (targeting.consent ? ", with consent" : ", no consent") : "") +
      ": within the targeting limits";
  return {CheckOutcome::kPass, reason, {}};
}

Evaluation EvaluateAdDisclosure(const regions::AdDisclosureRule& rule, const RuleFacts& facts) {
  const AdBooking* ad = BookingOf(facts);
  if (ad == nullptr) return NotABooking(facts);
  bool partnership = rule.applies_to == regions::AdDisclosureRule::AppliesTo::kPaidPartnership;
  if (partnership && !ad->paid_partnership) {
    return NotApplicable(
        facts, [&] { return std::string("governs paid partnerships; this booking is not one"); });
  }
  auto [locale, label] = PickLabel(rule, facts);
  std::string reason = std::string(partnership ? "a paid partnership" : "an ad") +
                       " must be labelled \"" + label + "\" (" + locale + ")";
  Requirement requirement;
  requirement.type = RequirementType::kDisclosureLabel;
  requirement.reason = reason;
  requirement.label = label;
  requirement.locale = locale;
  return {CheckOutcome::kRequirement, reason, requirement};
}

}  // namespace mg::compliance
