#include "sandbox/sandbox_tokens.h"

#include <array>

namespace mg::providers {
namespace {

constexpr std::array<SandboxToken, 19> kTokens = {{
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
}};

}  // namespace

std::span<const SandboxToken> SandboxTokens() { return kTokens; }

std::optional<SandboxScenario> FindSandboxScenario(std::string_view token) {
  for (const SandboxToken& t : kTokens) {
    if (t.token == token) return t.scenario;
  }
  return std::nullopt;
}

}  // namespace mg::providers
