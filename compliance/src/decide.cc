#include "compliance/decide.h"

#include <filesystem>
#include <type_traits>
#include <variant>

#include "rule_checks.h"

namespace mg::compliance {
namespace {

using regions::Action;

bool IsDigital(const regions::CatalogItem& item) {
  return item.kind == regions::CatalogItem::Kind::kCoinPack ||
         item.tax_class == regions::kTaxClassVirtualCurrency ||
         item.tax_class == regions::kTaxClassDigitalService;
}

RuleFacts DeriveFacts(const regions::Market& market, const QuoteRequest& request,
                      const DecisionContext& context) {
  RuleFacts facts{market, request, context, {}, {}, context.locale};
  switch (request.kind) {
    case RequestKind::kPurchase:
      for (const LineItem& line : request.items) {
        const regions::CatalogItem* item = market.FindSku(line.sku);
        if (item == nullptr) continue;  // BuildQuote refuses unknown SKUs first
        Action action = item->kind == regions::CatalogItem::Kind::kCoinPack ? Action::kBuyCoins
                                                                            : Action::kBuyGoods;
        facts.actions.insert(action);
        if (IsDigital(*item)) facts.digital_actions.insert(action);
      }
      break;
    case RequestKind::kGift:
      facts.actions.insert(Action::kSendGift);
      if (request.gift && request.gift->creator) facts.actions.insert(Action::kReceiveGift);
      break;
    case RequestKind::kAdBooking:
      facts.actions.insert(Action::kBookAd);
      break;
    case RequestKind::kPayout:
      // The creator's side, as DecidePayout decides it.
      facts.actions.insert(Action::kReceiveGift);
      break;
    case RequestKind::kOrder:
      facts.actions.insert(Action::kBuyGoods);  // physical goods: nothing digital
      break;
  }
  if (facts.locale.empty()) {
    facts.locale = request.locale.empty() ? market.default_locale()
                                          : market.negotiator().Resolve(request.locale);
  }
  return facts;
}

// The market file as ops know it, relative to the regions dir (the loader
// reads markets/ only): a quote must not show the server's own paths, and
// the same market must answer the same on every machine.
std::string MarketFileName(const regions::Market& market) {
  if (market.source_file().empty()) return "";
  return "markets/" + std::filesystem::path(market.source_file()).filename().string();
}

Check MarketStatusCheck(const regions::Market& market) {
  Check check;
  check.rule_id = kMarketStatusCheckId;
  check.kind = "market_status";
  check.source = MarketFileName(market);
  switch (market.status()) {
    case regions::MarketStatus::kLive:
      check.outcome = CheckOutcome::kPass;
      check.reason = "market " + market.code() + " is live";
      break;
    case regions::MarketStatus::kSuspended: {
      check.outcome = CheckOutcome::kFail;
      check.reason = "market " + market.code() + " is suspended";
      if (const auto& suspension = market.suspension()) {
        if (!suspension->since.empty()) check.reason += " since " + suspension->since;
        check.reason += ": " + suspension->reason;
        check.legal_reference = suspension->legal_reference;
        check.source = suspension->source;
      }
      break;
    }
    case regions::MarketStatus::kPlanned:
      check.outcome = CheckOutcome::kFail;
      check.reason = "market " + market.code() + " is planned and does not sell yet";
      break;
  }
  return check;
}

// The creator's standing: an account restricted by the platform receives no
// gifts and is not paid out (TikTok's LIVE gifts policy;
// docs/sources/platform.md). `refused` says what it may not do.
Check CreatorStandingCheck(bool in_good_standing, std::string_view refused) {
  Check check;
  check.rule_id = kCreatorStandingCheckId;
  check.kind = "creator_standing";
  check.outcome = in_good_standing ? CheckOutcome::kPass : CheckOutcome::kFail;
  check.reason = in_good_standing ? "the creator's account is in good standing"
                                  : "the creator's account is not in good standing and cannot " +
                                        std::string(refused);
  check.legal_reference = "Platform policy: only accounts in good standing receive LIVE gifts";
  check.source = "docs/sources/platform.md";
  return check;
}

Check PayoutOfferedCheck(const regions::Market& market) {
  Check check;
  check.rule_id = kPayoutOfferedCheckId;
  check.kind = "payout_offered";
  check.source = MarketFileName(market);
  const bool offered = market.payouts() != nullptr;
  check.outcome = offered ? CheckOutcome::kPass : CheckOutcome::kFail;
  check.reason = offered ? "market " + market.code() + " pays its creators out"
                         : "market " + market.code() +
                               " declares no payouts yet: its creators' earnings are kept "
                               "until it does";
  return check;
}

Check PayoutTaxIdentityCheck(const regions::Payouts& payouts, const PayoutRecipient& creator) {
  Check check;
  check.rule_id = kPayoutTaxIdentityCheckId;
  check.kind = "payout_tax_identity";
  check.legal_reference = payouts.tax_identity_basis;
  if (!payouts.tax_identity_required) {
    check.outcome = CheckOutcome::kNotApplicable;
    check.reason = "the market pays creators without a verified tax identity";
  } else if (creator.tax_identity_verified) {
    check.outcome = CheckOutcome::kPass;
    check.reason = "the creator's tax identity is verified";
  } else {
    check.outcome = CheckOutcome::kFail;
    check.reason = "the creator's tax identity is not verified; payouts need a verified one";
  }
  return check;
}

Check PayoutMinimumCheck(const regions::Market& market, const regions::Payouts& payouts,
                         const Money& gross) {
  Check check;
  check.rule_id = kPayoutMinimumCheckId;
  check.kind = "payout_minimum";
  check.legal_reference = payouts.minimum_basis;
  check.source = MarketFileName(market);
  const bool enough = gross.currency() == payouts.minimum.currency() &&
                      gross.minor_units() >= payouts.minimum.minor_units();
  check.outcome = enough ? CheckOutcome::kPass : CheckOutcome::kFail;
  check.reason = "the payout of " + gross.DebugString() + (enough ? " reaches" : " is below") +
                 " the minimum of " + payouts.minimum.DebugString();
  return check;
}

Evaluation Evaluate(const regions::Rule& rule, const RuleFacts& facts) {
  if (rule.disabled) {
    return {CheckOutcome::kNotApplicable, "disabled in this market: " + rule.disabled_reason, {}};
  }
  return std::visit(
      [&](const auto& body) -> Evaluation {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, regions::AgeGateRule>) {
          return EvaluateAgeGate(body, facts);
        } else if constexpr (std::is_same_v<T, regions::SpendingLimitRule>) {
          return EvaluateSpendingLimit(body, facts);
        } else if constexpr (std::is_same_v<T, regions::ScaRule>) {
          return EvaluateSca(body, facts);
        } else if constexpr (std::is_same_v<T, regions::DigitalContentConsentRule>) {
          return EvaluateDigitalContentConsent(body, facts);
        } else if constexpr (std::is_same_v<T, regions::AdCategoryRule>) {
          return EvaluateAdCategory(body, facts);
        } else if constexpr (std::is_same_v<T, regions::AdTargetingRule>) {
          return EvaluateAdTargeting(body, facts);
        } else {
          static_assert(std::is_same_v<T, regions::AdDisclosureRule>);
          return EvaluateAdDisclosure(body, facts);
        }
      },
      rule.body);
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& reason : reasons) out += (out.empty() ? "" : "; ") + reason;
  return out;
}

// The decision on `facts`: the market status, then `built_in` checks, then
// every rule of the market.
Decision DecideOn(const RuleFacts& facts, std::vector<Check> built_in = {},
                  bool explain_not_applicable = true) {
  const regions::Market& market = facts.market;
  Decision decision;
  decision.checks.reserve(1 + built_in.size() + market.rules().size());
  decision.checks.push_back(MarketStatusCheck(market));
  for (Check& check : built_in) decision.checks.push_back(std::move(check));
  std::vector<Requirement> requirements;
  for (const regions::Rule& rule : market.rules()) {
    Evaluation evaluation = Evaluate(rule, facts);
    const bool explain =
        explain_not_applicable || evaluation.outcome != CheckOutcome::kNotApplicable;
    Check check{rule.id,
                rule.kind,
                evaluation.outcome,
                explain ? std::move(evaluation.reason) : std::string(),
                explain ? rule.legal_reference : std::string(),
                explain ? rule.source : std::string(),
                rule.verified};
    if (evaluation.requirement) {
      evaluation.requirement->rule_id = rule.id;
      requirements.push_back(std::move(*evaluation.requirement));
    }
    decision.checks.push_back(std::move(check));
  }

  std::vector<std::string> failed;
  for (const Check& check : decision.checks) {
    if (check.outcome == CheckOutcome::kFail) failed.push_back(check.reason);
  }
  if (!failed.empty()) {
    decision.outcome = DecisionOutcome::kDeny;
    decision.reason = JoinReasons(failed);
  } else if (!requirements.empty()) {
    decision.outcome = DecisionOutcome::kAllowWithRequirements;
    std::vector<std::string> reasons;
    for (const Requirement& requirement : requirements) reasons.push_back(requirement.reason);
    decision.reason = JoinReasons(reasons);
    decision.requirements = std::move(requirements);
  } else {
    decision.outcome = DecisionOutcome::kAllow;
    decision.reason = "every applicable check passed";
  }
  return decision;
}

}  // namespace

Decision Decide(const regions::Market& market, const QuoteRequest& request,
                const DecisionContext& context) {
  std::vector<Check> built_in;
  if (request.gift && request.gift->creator) {
    built_in.push_back(
        CreatorStandingCheck(request.gift->creator->in_good_standing, "receive gifts"));
  }
  return DecideOn(DeriveFacts(market, request, context), std::move(built_in),
                  context.explain_not_applicable);
}

Decision DecideCreator(const regions::Market& market, const GiftRecipient& creator) {
  QuoteRequest request;
  request.kind = RequestKind::kGift;
  request.market = market.code();
  request.gift = Gift{0, creator};
  const DecisionContext context;
  RuleFacts facts = DeriveFacts(market, request, context);
  facts.actions = {Action::kReceiveGift};
  return DecideOn(facts, {CreatorStandingCheck(creator.in_good_standing, "receive gifts")});
}

Decision DecidePayout(const regions::Market& market, const PayoutRecipient& creator,
                      const Money& gross) {
  // The receive_gift age gates judge the creator's age: whoever may not
  // receive gifts may not be paid for them either.
  QuoteRequest request;
  request.kind = RequestKind::kGift;
  request.market = market.code();
  request.gift = Gift{0, GiftRecipient{creator.age, creator.in_good_standing}};
  const DecisionContext context;
  RuleFacts facts = DeriveFacts(market, request, context);
  facts.actions = {Action::kReceiveGift};
  std::vector<Check> built_in{PayoutOfferedCheck(market),
                              CreatorStandingCheck(creator.in_good_standing, "be paid out")};
  if (const regions::Payouts* payouts = market.payouts()) {
    built_in.push_back(PayoutTaxIdentityCheck(*payouts, creator));
    built_in.push_back(PayoutMinimumCheck(market, *payouts, gross));
  }
  return DecideOn(facts, std::move(built_in));
}

}  // namespace mg::compliance
