#include "rule_fields.h"

#include <variant>

namespace mg::regions::internal {
namespace {

using Fields = std::map<std::string, std::string>;

std::string Join(const std::vector<Action>& actions) {
  std::string out;
  for (Action action : actions) out += (out.empty() ? "" : ", ") + std::string(ActionName(action));
  return out;
}

std::string Amount(const std::optional<int64_t>& minor, const Market& market) {
  return minor ? market.FormatDefault(Money(*minor, market.currency())) : "none";
}

std::string Age(const std::optional<int>& age) { return age ? std::to_string(*age) : "none"; }

std::string Flag(bool value) { return value ? "true" : "false"; }

struct BodyFields {
  const Market& market;
  Fields& fields;

  void operator()(const AgeGateRule& rule) const {
    fields["actions"] = Join(rule.actions);
    fields["min_age"] = std::to_string(rule.min_age);
    fields["unknown_age"] =
        rule.unknown_age == AgeGateRule::UnknownAge::kDeny ? "deny" : "require_verification";
  }
  void operator()(const SpendingLimitRule& rule) const {
    fields["actions"] = Join(rule.actions);
    for (size_t i = 0; i < rule.brackets.size(); ++i) {
      const SpendingBracket& b = rule.brackets[i];
      std::string key = "brackets[" + std::to_string(i) + "]";
      fields[key] = "ages " + std::to_string(b.min_age) + "-" + Age(b.max_age) +
                    ", per transaction " + Amount(b.per_transaction, market) + ", per day " +
                    Amount(b.per_day, market) + ", per month " + Amount(b.per_month, market);
    }
  }
  void operator()(const ScaRule& rule) const {
    static const char* kRegimes[] = {"psd2", "uk_rts", "rbi_afa", "scheme_3ds"};
    fields["regime"] = kRegimes[static_cast<int>(rule.regime)];
    fields["actions"] = Join(rule.actions);
    if (rule.low_value_exemption) {
      const auto& e = *rule.low_value_exemption;
      fields["low_value_exemption"] = "below " + Amount(e.max_amount, market) + ", cumulative " +
                                      Amount(e.cumulative_amount, market) + " / " +
                                      std::to_string(e.cumulative_count) + " transactions";
    }
    if (rule.recurring_mandate) {
      const auto& m = *rule.recurring_mandate;
      fields["recurring_mandate"] = "debits up to " + Amount(m.max_unauthenticated_debit, market) +
                                    " without authentication, notified " +
                                    std::to_string(m.pre_debit_notice_hours) + " h before";
    }
  }
  void operator()(const DigitalContentConsentRule& rule) const {
    fields["actions"] = Join(rule.actions);
  }
  void operator()(const AdCategoryRule& rule) const {
    static const char* kPolicies[] = {"forbidden", "allowed", "conditional"};
    fields["category"] = AdCategoryName(rule.category);
    fields["policy"] = kPolicies[static_cast<int>(rule.policy)];
    fields["licence_required"] = Flag(rule.licence_required);
    fields["min_audience_age"] = Age(rule.min_audience_age);
    fields["brand_only"] = Flag(rule.brand_only);
  }
  void operator()(const AdTargetingRule& rule) const {
    fields["no_profiling_of_minors"] = Flag(rule.no_profiling_of_minors);
    fields["no_sensitive_data"] = Flag(rule.no_sensitive_data);
    fields["min_audience_age"] = Age(rule.min_audience_age);
    fields["personalized_requires_consent"] = Flag(rule.personalized_requires_consent);
  }
  void operator()(const AdDisclosureRule& rule) const {
    fields["applies_to"] =
        rule.applies_to == AdDisclosureRule::AppliesTo::kAd ? "ad" : "paid_partnership";
    for (const auto& [locale, label] : rule.labels) fields["labels." + locale] = label;
  }
};

}  // namespace

std::map<std::string, std::string> RuleFields(const Rule& rule, const Market& market) {
  Fields fields;
  fields["kind"] = rule.kind;
  fields["legal_reference"] = rule.legal_reference;
  fields["source"] = rule.source;
  fields["verified"] = Flag(rule.verified);
  fields["disabled"] = Flag(rule.disabled);
  if (rule.disabled) fields["reason"] = rule.disabled_reason;
  std::visit(BodyFields{market, fields}, rule.body);
  return fields;
}

}  // namespace mg::regions::internal
