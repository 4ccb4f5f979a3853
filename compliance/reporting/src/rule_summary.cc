#include "rule_summary.h"

#include <type_traits>
#include <variant>

namespace mg::compliance {
namespace {

std::string Actions(const std::vector<regions::Action>& actions) {
  std::string out;
  for (regions::Action action : actions)
    out += (out.empty() ? "" : ", ") + std::string(regions::ActionName(action));
  return out;
}

std::string Amount(const regions::Market& market, int64_t minor_units) {
  return market.FormatDefault(Money(minor_units, market.currency()));
}

std::string Bracket(const regions::SpendingBracket& bracket, const regions::Market& market) {
  std::string out = "ages " + std::to_string(bracket.min_age) +
                    (bracket.max_age ? "-" + std::to_string(*bracket.max_age) : "+");
  if (bracket.per_transaction)
    out += ", per transaction " + Amount(market, *bracket.per_transaction);
  if (bracket.per_day) out += ", 24 h " + Amount(market, *bracket.per_day);
  if (bracket.per_month) out += ", 30 days " + Amount(market, *bracket.per_month);
  return out;
}

std::string Summarize(const regions::AgeGateRule& rule, const regions::Market&) {
  return Actions(rule.actions) + ": " + std::to_string(rule.min_age) + " or older; unknown age: " +
         (rule.unknown_age == regions::AgeGateRule::UnknownAge::kDeny ? "deny" : "verify");
}

std::string Summarize(const regions::SpendingLimitRule& rule, const regions::Market& market) {
  std::string out = Actions(rule.actions) + ":";
  for (size_t i = 0; i < rule.brackets.size(); ++i) {
    out += (i ? "; " : " ") + Bracket(rule.brackets[i], market);
  }
  return out;
}

std::string Summarize(const regions::ScaRule& rule, const regions::Market& market) {
  static const char* const kRegimes[] = {"PSD2", "UK SCA-RTS", "RBI AFA", "scheme 3-D Secure"};
  std::string out =
      std::string(kRegimes[static_cast<size_t>(rule.regime)]) + " for " + Actions(rule.actions);
  if (rule.low_value_exemption) {
    const auto& lve = *rule.low_value_exemption;
    out += "; low-value exemption below " + Amount(market, lve.max_amount) + ", cumulative up to " +
           Amount(market, lve.cumulative_amount) + " and fewer than " +
           std::to_string(lve.cumulative_count) + " payments since the last SCA";
  } else {
    out += "; no exemption";
  }
  return out;
}

std::string Summarize(const regions::DigitalContentConsentRule& rule, const regions::Market&) {
  return "express consent to immediate delivery and acknowledgement of losing the right of "
         "withdrawal for " +
         Actions(rule.actions);
}

std::string Summarize(const regions::AdCategoryRule& rule, const regions::Market&) {
  static const char* const kPolicies[] = {"forbidden", "allowed", "conditional"};
  std::string out = std::string(regions::AdCategoryName(rule.category)) +
                    " ads: " + kPolicies[static_cast<size_t>(rule.policy)];
  std::string conditions;
  if (rule.licence_required) conditions += "licence reference";
  if (rule.min_audience_age) {
    conditions += (conditions.empty() ? "" : ", ") + std::string("audience ") +
                  std::to_string(*rule.min_audience_age) + "+";
  }
  if (rule.brand_only)
    conditions += (conditions.empty() ? "" : ", ") + std::string("brand-only creative");
  if (!conditions.empty()) out += " (" + conditions + ")";
  return out;
}

std::string Summarize(const regions::AdTargetingRule& rule, const regions::Market&) {
  std::string out;
  auto add = [&](const std::string& text) { out += (out.empty() ? "" : "; ") + text; };
  if (rule.no_profiling_of_minors) add("no profiling of minors");
  if (rule.no_sensitive_data) add("no sensitive data");
  if (rule.min_audience_age) add("audience " + std::to_string(*rule.min_audience_age) + "+");
  if (rule.personalized_requires_consent) add("personalization needs consent");
  return out.empty() ? "no targeting limits" : out;
}

std::string Summarize(const regions::AdDisclosureRule& rule, const regions::Market& market) {
  std::string out = rule.applies_to == regions::AdDisclosureRule::AppliesTo::kAd
                        ? "every ad labelled"
                        : "paid partnerships labelled";
  for (const auto& locale : market.locales()) {
    auto it = rule.labels.find(locale);
    if (it != rule.labels.end()) out += "; " + locale + ": \u201c" + it->second + "\u201d";
  }
  return out;
}

}  // namespace

std::string RuleSummary(const regions::Rule& rule, const regions::Market& market) {
  if (rule.disabled) return "disabled: " + rule.disabled_reason;
  return std::visit([&](const auto& body) { return Summarize(body, market); }, rule.body);
}

}  // namespace mg::compliance
