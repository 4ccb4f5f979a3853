// The documented sandbox test tokens (docs/sandbox.md). One table serves the
// in-process `sandbox` adapter and the marketgate-sandbox executable, so the
// two can never disagree about what a token does.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "gateway/providers/payment_provider.h"

namespace mg::providers {

enum class SandboxScenario {
  kSuccess,
  kInsufficientFunds,
  kExpiredCard,
  kIncorrectCvc,
  kFraud,
  kCardDeclined,  // generic decline
  kDoNotHonor,
  kScaRedirect,
  kScaChallenge,
  kTimeout,         // charge recorded, answer never arrives in time: ambiguous
  kServerError,     // HTTP 500, nothing recorded
  kRateLimited,     // HTTP 429, nothing recorded
  kAsyncPending,    // accepted, settles later
  kInvalidRequest,  // the provider rejects the request: fatal
  // Faults after the provider acted (docs/sandbox.md, "Fault injection"):
  kChargeThen502,   // charge recorded, then a proxy's 502 with a non-JSON body
  kChargeThenDrop,  // charge recorded, then the connection closes unanswered
  kInProgress409,   // charge recorded, first answer 409 "in progress"
  kRefundFails,     // charge approved; its refunds are pending, then fail
  kRefundPending,   // charge approved; its refunds are pending, then succeed
  // 3-D Secure 2 (docs/sandbox.md, "Strong customer authentication"); what
  // each does depends on what the payment asks (ThreeDsStepFor):
  kThreeDsChallengePass,      // the issuer challenges; the shopper passes
  kThreeDsChallengeFail,      // the issuer challenges; the shopper fails
  kThreeDsFrictionless,       // authenticated without a challenge
  kThreeDsExemptionAccepted,  // the issuer accepts a requested exemption
  kThreeDsExemptionRefused,   // the issuer refuses it: soft decline, then a challenge
  kThreeDsAbandoned,          // the issuer challenges; the shopper never comes back
};

// What a payment with `scenario` does first, given what it asks (`ask`).
enum class ThreeDsStep {
  kNotThreeDs,    // not a 3-D Secure token: its own scenario applies
  kApprove,       // approved without authentication (none was asked)
  kFrictionless,  // approved, authenticated without a challenge
  kExempted,      // approved under the requested exemption
  // Declined `authentication_required`: the issuer wants authentication that
  // was not asked (a refused exemption, or no 3-D Secure requested).
  kSoftDecline,
  kChallenge,  // requires_action: the challenge page decides (ChallengePasses)
};
ThreeDsStep ThreeDsStepFor(SandboxScenario scenario, ScaAsk ask);

// Whether completing the challenge of `scenario` authenticates the shopper.
bool ChallengePasses(SandboxScenario scenario);

struct SandboxToken {
  std::string_view token;
  SandboxScenario scenario;
  std::string_view meaning;
};

// Every documented token, in the order docs/sandbox.md lists them.
std::span<const SandboxToken> SandboxTokens();

// The scenario of a token; nullopt for a token the sandbox does not know
// (it answers those as the real provider answers an unknown token).
std::optional<SandboxScenario> FindSandboxScenario(std::string_view token);

}  // namespace mg::providers
