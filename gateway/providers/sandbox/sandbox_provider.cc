#include "sandbox/sandbox_provider.h"

#include <utility>

#include "sandbox/sandbox_tokens.h"

namespace mg::providers {
namespace {

PaymentResult Declined(PaymentResult r, DeclineReason reason, std::string code) {
  r.outcome = Outcome::kDeclined;
  r.decline_reason = reason;
  r.provider_code = std::move(code);
  r.provider_status = "declined";
  return r;
}

}  // namespace

SandboxProvider::SandboxProvider(std::string id, std::string action_base_url, size_t max_entries)
    : id_(std::move(id)),
      action_base_url_(std::move(action_base_url)),
      max_entries_(std::max<size_t>(1, max_entries)) {}

void SandboxProvider::RememberCharge(Charge charge) const {
  charge_order_.push_back(charge.reference);
  charges_.emplace(charge.reference, std::move(charge));
  while (charges_.size() > max_entries_) {
    charges_.erase(charge_order_.front());
    charge_order_.pop_front();
  }
}

void SandboxProvider::RememberAnswer(const std::string& key, PaymentResult answer) const {
  if (!replays_.emplace(key, std::move(answer)).second) return;
  replay_order_.push_back(key);
  while (replays_.size() > max_entries_) {
    replays_.erase(replay_order_.front());
    replay_order_.pop_front();
  }
}

PaymentResult SandboxProvider::Base() const {
  PaymentResult r;
  r.provider = id_;
  return r;
}

PaymentResult SandboxProvider::Answer(const Charge& charge) const {
  PaymentResult r = Base();
  r.provider_reference = charge.reference;
  r.provider_status = charge.state;
  r.authentication = charge.authentication;
  if (charge.authentication == Authentication::kExempted) r.exemption = "low_value";
  if (charge.state == "pending") {
    r.outcome = Outcome::kPending;
  } else if (charge.state == "requires_action") {
    r.outcome = Outcome::kRequiresAction;
    r.action = charge.first_answer.action;
  } else if (charge.state == "failed") {
    r = Declined(r, DeclineReason::kAuthenticationFailed, "authentication_failed");
  } else {
    r.outcome = Outcome::kApproved;
  }
  return r;
}

PaymentResult SandboxProvider::ThreeDsAnswer(const AuthorizeRequest& request,
                                             SandboxScenario scenario, std::string& state) const {
  PaymentResult r = Base();
  ThreeDsStep step = ThreeDsStepFor(scenario, request.sca.ask);
  // A real adapter retries a soft decline once with authentication
  // requested; in process, that retry is this line.
  if (step == ThreeDsStep::kSoftDecline) step = ThreeDsStepFor(scenario, ScaAsk::kAuthenticate);
  state = request.capture ? "captured" : "authorized";
  r.outcome = Outcome::kApproved;
  switch (step) {
    case ThreeDsStep::kFrictionless:
      r.authentication = Authentication::kAuthenticated;
      break;
    case ThreeDsStep::kExempted:
      r.authentication = Authentication::kExempted;
      r.exemption = "low_value";
      break;
    case ThreeDsStep::kChallenge:
    case ThreeDsStep::kSoftDecline:
      state = "requires_action";
      r.outcome = Outcome::kRequiresAction;
      r.action = NextAction{NextAction::Kind::kChallenge,
                            action_base_url_ + "/3ds/challenge?purchase=" + request.purchase_id,
                            "GET",
                            {}};
      break;
    case ThreeDsStep::kApprove:
    case ThreeDsStep::kNotThreeDs:
      break;
  }
  return r;
}

Result<PaymentResult> SandboxProvider::Authorize(const AuthorizeRequest& request) const {
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  std::lock_guard lock(mu_);
  if (auto it = replays_.find(request.idempotency_key); it != replays_.end()) {
    return it->second;
  }
  PaymentResult r = Base();
  std::optional<SandboxScenario> scenario = FindSandboxScenario(request.payment_token);
  if (!scenario) {
    r.outcome = Outcome::kFatalError;
    r.provider_code = "invalid_token";
    r.message = "unknown sandbox token";
    return r;  // not recorded: a real provider stores no charge for it either
  }
  // Only scenarios in which the provider answered are replayed; 429/500
  // leave nothing behind, as at Stripe.
  bool record = true;
  bool create_charge = false;
  std::string state = "authorized";
  switch (*scenario) {
    case SandboxScenario::kRefundFails:    // refunds are the marketgate-sandbox's
    case SandboxScenario::kRefundPending:  // business; the charge is approved
    case SandboxScenario::kSuccess:
      r.outcome = Outcome::kApproved;
      create_charge = true;
      state = request.capture ? "captured" : "authorized";
      break;
    case SandboxScenario::kInsufficientFunds:
      r = Declined(r, DeclineReason::kInsufficientFunds, "insufficient_funds");
      break;
    case SandboxScenario::kExpiredCard:
      r = Declined(r, DeclineReason::kExpiredCard, "expired_card");
      break;
    case SandboxScenario::kIncorrectCvc:
      r = Declined(r, DeclineReason::kIncorrectCvc, "incorrect_cvc");
      break;
    case SandboxScenario::kFraud:
      r = Declined(r, DeclineReason::kFraudSuspected, "fraudulent");
      break;
    case SandboxScenario::kCardDeclined:
      r = Declined(r, DeclineReason::kCardDeclined, "generic_decline");
      break;
    case SandboxScenario::kDoNotHonor:
      r = Declined(r, DeclineReason::kDoNotHonor, "do_not_honor");
      break;
    case SandboxScenario::kScaRedirect:
    case SandboxScenario::kScaChallenge: {
      bool challenge = *scenario == SandboxScenario::kScaChallenge;
      r.outcome = Outcome::kRequiresAction;
      create_charge = true;
      state = "requires_action";
      r.action = NextAction{challenge ? NextAction::Kind::kChallenge : NextAction::Kind::kRedirect,
                            action_base_url_ + (challenge ? "/3ds/challenge" : "/3ds/redirect") +
                                "?purchase=" + request.purchase_id,
                            "GET",
                            {}};
      break;
    }
    case SandboxScenario::kChargeThen502:   // a lost answer, whatever lost it:
    case SandboxScenario::kChargeThenDrop:  // the same ambiguity as a timeout
    case SandboxScenario::kInProgress409:
    case SandboxScenario::kTimeout:
      // The charge happens; the answer is lost on the way back.
      create_charge = true;
      r.outcome = Outcome::kPending;
      r.ambiguous = true;
      r.message = "read timeout after the request was sent";
      break;
    case SandboxScenario::kServerError:
      // A 500 is uncertain (maybe charged); here nothing was recorded, which
      // a status lookup proves.
      r.outcome = Outcome::kPending;
      r.ambiguous = true;
      r.http_status = 500;
      r.provider_code = "api_error";
      record = false;
      break;
    case SandboxScenario::kRateLimited:
      r.outcome = Outcome::kRetryableError;
      r.http_status = 429;
      r.provider_code = "rate_limit";
      r.retry_after = std::chrono::seconds(1);
      record = false;
      break;
    case SandboxScenario::kAsyncPending:
      r.outcome = Outcome::kPending;
      create_charge = true;
      state = "pending";
      break;
    case SandboxScenario::kInvalidRequest:
      r.outcome = Outcome::kFatalError;
      r.http_status = 400;
      r.provider_code = "invalid_request";
      break;
    case SandboxScenario::kThreeDsChallengePass:
    case SandboxScenario::kThreeDsChallengeFail:
    case SandboxScenario::kThreeDsFrictionless:
    case SandboxScenario::kThreeDsExemptionAccepted:
    case SandboxScenario::kThreeDsExemptionRefused:
    case SandboxScenario::kThreeDsAbandoned:
      r = ThreeDsAnswer(request, *scenario, state);
      create_charge = true;
      break;
  }
  if (create_charge) {
    Charge charge{request.purchase_id,
                  "sbx_" + std::to_string(next_charge_++),
                  request.idempotency_key,
                  request.amount,
                  state,
                  {},
                  *scenario,
                  request.capture,
                  r.authentication};
    r.provider_reference = charge.reference;
    if (r.provider_status.empty()) r.provider_status = state;
    charge.first_answer = r;
    RememberCharge(charge);
  }
  if (record) {
    PaymentResult replay = r;
    if (replay.ambiguous) replay = Answer(charges_.at(r.provider_reference));
    RememberAnswer(request.idempotency_key, replay);
  }
  return r;
}

Result<PaymentResult> SandboxProvider::ChangeState(const std::string& reference,
                                                   const std::string& key, const std::string& from,
                                                   const std::string& to) const {
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(key));
  std::lock_guard lock(mu_);
  if (auto it = replays_.find(key); it != replays_.end()) return it->second;
  PaymentResult r = Base();
  r.provider_reference = reference;
  auto it = charges_.find(reference);
  if (it == charges_.end()) {
    r.outcome = Outcome::kFatalError;
    r.http_status = 404;
    r.provider_code = "resource_missing";
    return r;
  }
  if (it->second.state != from && !(to == "refunded" && it->second.state == "refunded")) {
    r.outcome = Outcome::kFatalError;
    r.provider_code = "invalid_state";
    r.message = "charge is " + it->second.state;
    return r;
  }
  it->second.state = to;
  r = Answer(it->second);
  RememberAnswer(key, r);
  return r;
}

Result<PaymentResult> SandboxProvider::CompleteAction(const CompleteActionRequest& request) const {
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  std::lock_guard lock(mu_);
  if (auto it = replays_.find(request.idempotency_key); it != replays_.end()) return it->second;
  auto it = charges_.find(request.provider_reference);
  if (it == charges_.end()) {
    PaymentResult r = Base();
    r.outcome = Outcome::kFatalError;
    r.http_status = 404;
    r.provider_code = "resource_missing";
    r.provider_reference = request.provider_reference;
    return r;
  }
  Charge& charge = it->second;
  // The shopper has not come back (or the payment moved on): as it is now.
  if (charge.state != "requires_action" || charge.scenario == SandboxScenario::kThreeDsAbandoned) {
    return Answer(charge);
  }
  // The older tokens' redirect or challenge always succeeds.
  const bool legacy = charge.scenario == SandboxScenario::kScaRedirect ||
                      charge.scenario == SandboxScenario::kScaChallenge;
  if (legacy || ChallengePasses(charge.scenario)) {
    charge.state = charge.capture ? "captured" : "authorized";
    charge.authentication = Authentication::kAuthenticated;
  } else {
    charge.state = "failed";
    charge.authentication = Authentication::kFailed;
  }
  PaymentResult r = Answer(charge);
  RememberAnswer(request.idempotency_key, r);
  return r;
}

Result<PaymentResult> SandboxProvider::Capture(const CaptureRequest& request) const {
  return ChangeState(request.provider_reference, request.idempotency_key, "authorized", "captured");
}

Result<PaymentResult> SandboxProvider::Void(const VoidRequest& request) const {
  {
    // A payment still waiting for the shopper is cancelled, as Stripe
    // cancels a PaymentIntent in requires_action.
    std::lock_guard lock(mu_);
    auto it = charges_.find(request.provider_reference);
    if (it != charges_.end() && it->second.state == "requires_action") {
      it->second.state = "authorized";
    }
  }
  return ChangeState(request.provider_reference, request.idempotency_key, "authorized", "voided");
}

Result<PaymentResult> SandboxProvider::Refund(const RefundRequest& request) const {
  if (request.amount.minor_units() <= 0)
    return InvalidArgument("amount must be positive", "amount");
  return ChangeState(request.provider_reference, request.idempotency_key, "captured", "refunded");
}

Result<PaymentResult> SandboxProvider::GetStatus(const StatusRequest& request) const {
  std::lock_guard lock(mu_);
  for (const auto& [reference, charge] : charges_) {
    bool match = request.provider_reference.empty() ? charge.purchase_id == request.purchase_id
                                                    : reference == request.provider_reference;
    if (!match) continue;
    // A released authorization took nothing: to a status lookup it is a
    // payment that did not go through (as a cancelled PaymentIntent).
    if (charge.state == "voided") return Declined(Answer(charge), DeclineReason::kOther, "voided");
    return Answer(charge);
  }
  PaymentResult r = Base();
  r.outcome = Outcome::kNotFound;
  r.provider_reference = request.provider_reference;
  return r;
}

Result<PaymentResult> SandboxProvider::GetRefundStatus(const RefundStatusRequest& request) const {
  std::lock_guard lock(mu_);
  // A refund's answer is stored under its key; none stored: none was made.
  if (auto it = replays_.find(request.idempotency_key); it != replays_.end()) return it->second;
  PaymentResult r = Base();
  r.outcome = Outcome::kNotFound;
  r.provider_reference = request.refund_reference;
  return r;
}

Result<std::unique_ptr<PaymentProvider>> MakeSandboxProvider(const ProviderConfig& config) {
  auto it = config.settings.find("action_base_url");
  std::string base =
      it == config.settings.end() ? "https://sandbox.marketgate.invalid" : it->second;
  return std::unique_ptr<PaymentProvider>(std::make_unique<SandboxProvider>(config.id, base));
}

}  // namespace mg::providers
