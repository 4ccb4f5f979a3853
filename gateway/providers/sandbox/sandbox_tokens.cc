#include "sandbox/sandbox_tokens.h"

#include <array>

namespace mg::providers {
namespace {

constexpr std::array<SandboxToken, 25> kTokens = {{
    {"tok_success", SandboxScenario::kSuccess, "approved"},
    {"tok_insufficient_funds", SandboxScenario::kInsufficientFunds, "declined: insufficient_funds"},
    {"tok_expired_card", SandboxScenario::kExpiredCard, "declined: expired_card"},
    {"tok_incorrect_cvc", SandboxScenario::kIncorrectCvc, "declined: incorrect_cvc"},
    {"tok_fraud", SandboxScenario::kFraud, "declined: fraud_suspected"},
    {"tok_card_declined", SandboxScenario::kCardDeclined, "declined: card_declined (generic)"},
    {"tok_do_not_honor", SandboxScenario::kDoNotHonor, "declined: do_not_honor"},
    {"tok_sca_redirect", SandboxScenario::kScaRedirect, "requires_action: redirect"},
    {"tok_sca_challenge", SandboxScenario::kScaChallenge, "requires_action: 3DS challenge"},
    {"tok_timeout", SandboxScenario::kTimeout,
     "charge recorded, then no answer before the read timeout: ambiguous"},
    {"tok_error_500", SandboxScenario::kServerError,
     "HTTP 500, nothing recorded: in doubt until the status lookup finds nothing"},
    {"tok_rate_limit", SandboxScenario::kRateLimited, "HTTP 429, nothing recorded: retryable"},
    {"tok_async_pending", SandboxScenario::kAsyncPending, "pending, settles later"},
    {"tok_invalid", SandboxScenario::kInvalidRequest, "invalid request: fatal"},
    {"tok_fault_charge_then_502", SandboxScenario::kChargeThen502,
     "charge recorded, then HTTP 502 from a proxy: ambiguous"},
    {"tok_fault_charge_then_drop", SandboxScenario::kChargeThenDrop,
     "charge recorded, then the connection closes unanswered: ambiguous"},
    {"tok_fault_409", SandboxScenario::kInProgress409,
     "charge recorded, first answer HTTP 409 in progress: ambiguous"},
    {"tok_refund_fails", SandboxScenario::kRefundFails, "approved; refunds pending, then failed"},
    {"tok_refund_pending", SandboxScenario::kRefundPending,
     "approved; refunds pending, then succeeded"},
    {"tok_3ds_challenge_pass", SandboxScenario::kThreeDsChallengePass,
     "3-D Secure challenge, passed: authenticated"},
    {"tok_3ds_challenge_fail", SandboxScenario::kThreeDsChallengeFail,
     "3-D Secure challenge, failed: declined authentication_failed"},
    {"tok_3ds_frictionless", SandboxScenario::kThreeDsFrictionless,
     "3-D Secure requested: authenticated without a challenge"},
    {"tok_3ds_exemption_accepted", SandboxScenario::kThreeDsExemptionAccepted,
     "low-value exemption requested: accepted by the issuer"},
    {"tok_3ds_exemption_refused", SandboxScenario::kThreeDsExemptionRefused,
     "exemption refused (authentication_required), then a challenge that passes"},
    {"tok_3ds_abandoned", SandboxScenario::kThreeDsAbandoned,
     "3-D Secure challenge the shopper never completes"},
}};

}  // namespace

ThreeDsStep ThreeDsStepFor(SandboxScenario scenario, ScaAsk ask) {
  switch (scenario) {
    case SandboxScenario::kThreeDsChallengePass:
    case SandboxScenario::kThreeDsChallengeFail:
    case SandboxScenario::kThreeDsAbandoned:
      return ThreeDsStep::kChallenge;  // the issuer insists, whatever was asked
    case SandboxScenario::kThreeDsFrictionless:
      return ask == ScaAsk::kNone ? ThreeDsStep::kApprove : ThreeDsStep::kFrictionless;
    case SandboxScenario::kThreeDsExemptionAccepted:
      if (ask == ScaAsk::kLowValueExemption) return ThreeDsStep::kExempted;
      return ask == ScaAsk::kNone ? ThreeDsStep::kApprove : ThreeDsStep::kFrictionless;
    case SandboxScenario::kThreeDsExemptionRefused:
      return ask == ScaAsk::kAuthenticate ? ThreeDsStep::kChallenge : ThreeDsStep::kSoftDecline;
    default:
      return ThreeDsStep::kNotThreeDs;
  }
}

bool ChallengePasses(SandboxScenario scenario) {
  return scenario == SandboxScenario::kThreeDsChallengePass ||
         scenario == SandboxScenario::kThreeDsExemptionRefused;
}

std::span<const SandboxToken> SandboxTokens() { return kTokens; }

std::optional<SandboxScenario> FindSandboxScenario(std::string_view token) {
  for (const SandboxToken& t : kTokens) {
    if (t.token == token) return t.scenario;
  }
  return std::nullopt;
}

}  // namespace mg::providers
