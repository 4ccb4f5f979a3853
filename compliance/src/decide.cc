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
// gifts (TikTok's LIVE gifts policy; docs/sources/platform.md).
Check CreatorStandingCheck(const GiftRecipient& creator) {
  Check check;
  check.rule_id = kCreatorStandingCheckId;
  check.kind = "creator_standing";
  check.outcome = creator.in_good_standing ? CheckOutcome::kPass : CheckOutcome::kFail;
  check.reason = creator.in_good_standing
                     ? "the creator's account is in good standing"
                     : "the creator's account is not in good standing and cannot receive gifts";
  check.legal_reference = "Platform policy: only accounts in good standing receive LIVE gifts";
  check.source = "docs/sources/platform.md";
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

Decision DecideOn(const RuleFacts& facts) {
  const regions::Market& market = facts.market;
  const QuoteRequest& request = facts.request;
  Decision decision;
  decision.checks.push_back(MarketStatusCheck(market));
  if (request.gift && request.gift->creator) {
    decision.checks.push_back(CreatorStandingCheck(*request.gift->creator));
  }
  std::vector<Requirement> requirements;
  for (const regions::Rule& rule : market.rules()) {
    Evaluation evaluation = Evaluate(rule, facts);
    Check check{rule.id,
                rule.kind,
                evaluation.outcome,
                std::move(evaluation.reason),
                rule.legal_reference,
                rule.source,
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
  return DecideOn(DeriveFacts(market, request, context));
}

Decision DecideCreator(const regions::Market& market, const GiftRecipient& creator) {
  QuoteRequest request;
  request.kind = RequestKind::kGift;
  request.market = market.code();
  request.gift = Gift{0, creator};
  const DecisionContext context;
  RuleFacts facts = DeriveFacts(market, request, context);
  facts.actions = {Action::kReceiveGift};
  return DecideOn(facts);
}

}  // namespace mg::compliance
