// Rules on buying and gifting: age gates, spending limits, strong customer
// authentication and consent to immediate delivery of digital content.
#include <limits>

#include "rule_checks.h"

namespace mg::compliance {
namespace {

std::string BracketPhrase(const regions::SpendingBracket& bracket) {
  if (bracket.max_age) {
    return "ages " + std::to_string(bracket.min_age) + "-" + std::to_string(*bracket.max_age);
  }
  return "ages " + std::to_string(bracket.min_age) + " and over";
}

// The bracket for `age`; for an unknown age the youngest bracket, the
// strictest assumption until the age is known.
const regions::SpendingBracket* FindBracket(const regions::SpendingLimitRule& rule,
                                            std::optional<int> age) {
  const regions::SpendingBracket* youngest = nullptr;
  for (const auto& bracket : rule.brackets) {
    if (!age) {
      if (youngest == nullptr || bracket.min_age < youngest->min_age) youngest = &bracket;
    } else if (*age >= bracket.min_age && (!bracket.max_age || *age <= *bracket.max_age)) {
      return &bracket;
    }
  }
  return youngest;
}

int64_t SaturatingAdd(int64_t a, int64_t b) {
  if (b > 0 && a > std::numeric_limits<int64_t>::max() - b) {
    return std::numeric_limits<int64_t>::max();
  }
  return a + b;
}

}  // namespace

Evaluation EvaluateAgeGate(const regions::AgeGateRule& rule, const RuleFacts& facts) {
  std::set<regions::Action> governed = Governed(rule.actions, facts.actions);
  if (governed.empty()) {
    return NotApplicable(facts, [&] { return NotGovernedReason(rule.actions, facts.actions); });
  }
  std::string needs =
      ActionsPhrase(governed) + " requires " + std::to_string(rule.min_age) + " or older";
  // The rules parser keeps receive_gift in rules of its own: such a gate
  // reads the creator's age, every other the customer's.
  const bool creator = governed.count(regions::Action::kReceiveGift) > 0;
  const std::string who = creator ? "creator" : "customer";
  std::optional<int> age = creator ? facts.request.gift->creator->age : facts.request.customer.age;
  if (age) {
    std::string said = who + " is " + std::to_string(*age) + "; " + needs;
    if (*age >= rule.min_age) return {CheckOutcome::kPass, said, {}};
    return {CheckOutcome::kFail, said, {}};
  }
  if (rule.unknown_age == regions::AgeGateRule::UnknownAge::kDeny) {
    return {CheckOutcome::kFail, who + "'s age is unknown; " + needs, {}};
  }
  std::string reason = who + "'s age is unknown; " + needs + ", so the age must be verified";
  Requirement requirement;
  requirement.type = RequirementType::kAgeVerification;
  requirement.reason = reason;
  return {CheckOutcome::kRequirement, reason, requirement};
}

Evaluation EvaluateSpendingLimit(const regions::SpendingLimitRule& rule, const RuleFacts& facts) {
  std::set<regions::Action> governed = Governed(rule.actions, facts.actions);
  if (governed.empty()) {
    return NotApplicable(facts, [&] { return NotGovernedReason(rule.actions, facts.actions); });
  }
  if (facts.request.kind == RequestKind::kGift) {
    return NotApplicable(
        facts, [&] { return std::string("a gift spends coins already bought, not money"); });
  }
  std::optional<int> age = facts.request.customer.age;
  const regions::SpendingBracket* bracket = FindBracket(rule, age);
  if (bracket == nullptr) {
    return NotApplicable(
        facts, [&] { return "no bracket covers age " + std::to_string(age.value_or(0)); });
  }
  std::string who =
      age ? "customer is " + std::to_string(*age) + " (" + BracketPhrase(*bracket) + ")"
          : "customer's age is unknown; the limits of " + BracketPhrase(*bracket) +
                " apply until it is known";
  int64_t amount = facts.context.amount;
  const SpendFigures& spend = facts.context.spend;
  std::vector<std::string> over;
  std::vector<std::string> within;
  auto compare = [&](const std::optional<int64_t>& limit, int64_t before, const char* window) {
    if (!limit) return;
    int64_t total = SaturatingAdd(before, amount);
    std::string text = before == 0 ? Amount(facts, amount)
                                   : Amount(facts, amount) + " plus " + Amount(facts, before) +
                                         " already spent = " + Amount(facts, total);
    text += std::string(" ") + (total > *limit ? "is above" : "is within") + " the " + window +
            " limit of " + Amount(facts, *limit);
    (total > *limit ? over : within).push_back(text);
  };
  compare(bracket->per_transaction, 0, "per-transaction");
  compare(bracket->per_day, spend.last_24h, "24-hour");
  compare(bracket->per_month, spend.last_30d, "30-day");
  std::string reason = who;
  for (const auto& text : over.empty() ? within : over) reason += "; " + text;
  return {over.empty() ? CheckOutcome::kPass : CheckOutcome::kFail, reason, {}};
}

namespace {

// A purchase under a recurring mandate the rule declares: the registration
// is authenticated (`why` says so; nullopt), a debit within the limit and
// notified in time passes, one notified late or not at all fails (it may not
// be charged yet), and one over the limit is authenticated (`why`; nullopt).
std::optional<Evaluation> EvaluateMandate(const regions::ScaRule::RecurringMandate& mandate,
                                          const RecurringPayment& recurring, const RuleFacts& facts,
                                          const std::string& law, std::string* why) {
  const int64_t amount = facts.context.amount;
  if (recurring.stage == RecurringPayment::Stage::kRegistration) {
    *why = "registering a recurring mandate is authenticated";
    return std::nullopt;
  }
  if (amount > mandate.max_unauthenticated_debit) {
    *why = "a debit of " + Amount(facts, amount) + " under a recurring mandate exceeds " +
           Amount(facts, mandate.max_unauthenticated_debit);
    return std::nullopt;
  }
  const std::string required = std::to_string(mandate.pre_debit_notice_hours) + " h";
  if (!recurring.notified_hours_before ||
      *recurring.notified_hours_before < mandate.pre_debit_notice_hours) {
    std::string sent =
        recurring.notified_hours_before
            ? "was sent " + std::to_string(*recurring.notified_hours_before) + " h before it"
            : "was not sent";
    return Evaluation{CheckOutcome::kFail,
                      "a debit under a recurring mandate needs a pre-debit notice at least " +
                          required + " before it under " + law + "; the notice " + sent,
                      {}};
  }
  return Evaluation{
      CheckOutcome::kPass,
      "a debit under a recurring mandate without authentication under " + law + ": " +
          Amount(facts, amount) + " is within " + Amount(facts, mandate.max_unauthenticated_debit) +
          " and the customer was notified " + std::to_string(*recurring.notified_hours_before) +
          " h before (" + required + " required)",
      {}};
}

}  // namespace

Evaluation EvaluateSca(const regions::ScaRule& rule, const RuleFacts& facts) {
  static const char* const kRegimes[] = {"psd2", "uk_rts", "rbi_afa", "scheme_3ds"};
  static const char* const kRegimeNames[] = {"PSD2", "the UK SCA-RTS",
                                             "the RBI additional factor rules",
                                             "the card scheme's 3-D Secure rules"};
  std::set<regions::Action> governed = Governed(rule.actions, facts.actions);
  if (governed.empty()) {
    return NotApplicable(facts, [&] { return NotGovernedReason(rule.actions, facts.actions); });
  }
  int64_t amount = facts.context.amount;
  if (amount <= 0) return NotApplicable(facts, [&] { return std::string("no payment is made"); });
  size_t regime = static_cast<size_t>(rule.regime);
  std::string law = kRegimeNames[regime];
  const SpendFigures& spend = facts.context.spend;
  std::string why;
  const std::optional<RecurringPayment>& recurring = facts.request.recurring;
  if (recurring && rule.recurring_mandate) {
    std::optional<Evaluation> mandate =
        EvaluateMandate(*rule.recurring_mandate, *recurring, facts, law, &why);
    if (mandate) return *mandate;
  } else if (recurring && recurring->stage == RecurringPayment::Stage::kDebit) {
    why = "the rule declares no recurring mandate, so a debit is authenticated like any payment";
  } else if (rule.low_value_exemption) {
    const auto& lve = *rule.low_value_exemption;
    int64_t cumulative = SaturatingAdd(spend.since_last_sca, amount);
    std::string count = std::to_string(spend.count_since_last_sca) + " payment" +
                        (spend.count_since_last_sca == 1 ? "" : "s") + " since the last SCA";
    if (amount >= lve.max_amount) {
      why = Amount(facts, amount) + " is not below the low-value limit of " +
            Amount(facts, lve.max_amount);
    } else if (cumulative > lve.cumulative_amount) {
      why = Amount(facts, cumulative) + " since the last SCA would exceed " +
            Amount(facts, lve.cumulative_amount);
    } else if (spend.count_since_last_sca >= lve.cumulative_count) {
      why = count + ", the exemption allows fewer than " + std::to_string(lve.cumulative_count);
    } else {
      return {CheckOutcome::kPass,
              "low-value exemption under " + law + ": " + Amount(facts, amount) + " is below " +
                  Amount(facts, lve.max_amount) + ", " + Amount(facts, cumulative) +
                  " since the last SCA is within " + Amount(facts, lve.cumulative_amount) +
                  " and " + count + " is fewer than " + std::to_string(lve.cumulative_count),
              {}};
    }
  } else {
    why = "no low-value exemption is declared";
  }
  std::string reason = "strong customer authentication required under " + law + ": " + why;
  Requirement requirement;
  requirement.type = RequirementType::kSca;
  requirement.regime = kRegimes[regime];
  requirement.reason = reason;
  return {CheckOutcome::kRequirement, reason, requirement};
}

Evaluation EvaluateDigitalContentConsent(const regions::DigitalContentConsentRule& rule,
                                         const RuleFacts& facts) {
  std::set<regions::Action> governed = Governed(rule.actions, facts.digital_actions);
  if (governed.empty()) {
    if (Governed(rule.actions, facts.actions).empty()) {
      return NotApplicable(facts, [&] { return NotGovernedReason(rule.actions, facts.actions); });
    }
    return NotApplicable(facts, [&] { return std::string("no digital content is bought"); });
  }
  const Customer& customer = facts.request.customer;
  bool consent =
      customer.consent_immediate_delivery && customer.acknowledges_withdrawal_loss.value_or(true);
  if (consent) {
    return {CheckOutcome::kPass,
            "customer consented to immediate delivery of digital content and acknowledged "
            "losing the right of withdrawal",
            {}};
  }
  std::string missing = !customer.consent_immediate_delivery
                            ? "customer has not consented to immediate delivery"
                            : "customer has not acknowledged losing the right of withdrawal";
  return {CheckOutcome::kFail,
          missing + "; " + ActionsPhrase(governed) +
              " (digital content) needs express consent and that acknowledgement",
          {}};
}

}  // namespace mg::compliance
