// The in-process `sandbox` adapter: deterministic outcomes chosen by the
// payment token (sandbox_tokens.h, docs/sandbox.md), no network. The purchase
// route uses it in tests and development until real adapters are routed.
//
// Unlike the real adapters it keeps state: a small ledger of the charges it
// "made", keyed by idempotency key, so that it honours idempotency and can
// answer GetStatus like a provider. The ledger is guarded by a mutex; calls
// are safe from many threads. It is bounded: past `max_entries` charges (or
// stored answers) the oldest is forgotten, as a provider's test mode forgets
// old data; a key whose answer was forgotten is a new request again.
//
// Settings: "action_base_url" (default "https://sandbox.marketgate.invalid"),
// the base of the redirect/challenge URLs it hands out.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_registry.h"
#include "sandbox/sandbox_tokens.h"

namespace mg::providers {

class SandboxProvider final : public PaymentProvider {
 public:
  static constexpr size_t kDefaultMaxEntries = 100000;

  // `max_entries` >= 1.
  SandboxProvider(std::string id, std::string action_base_url,
                  size_t max_entries = kDefaultMaxEntries);

  std::string_view id() const override { return id_; }
  Result<PaymentResult> Authorize(const AuthorizeRequest& request) const override;
  Result<PaymentResult> Capture(const CaptureRequest& request) const override;
  Result<PaymentResult> Void(const VoidRequest& request) const override;
  Result<PaymentResult> Refund(const RefundRequest& request) const override;
  // 3-D Secure tokens: the challenge's outcome is the token's
  // (ChallengePasses); tok_3ds_abandoned stays requires_action.
  Result<PaymentResult> CompleteAction(const CompleteActionRequest& request) const override;
  Result<PaymentResult> GetStatus(const StatusRequest& request) const override;
  Result<PaymentResult> GetRefundStatus(const RefundStatusRequest& request) const override;
  // Payouts decided by the destination token (sandbox_payouts.cc).
  Result<PaymentResult> Payout(const PayoutRequest& request) const override;
  Result<PaymentResult> GetPayoutStatus(const PayoutStatusRequest& request) const override;

 private:
  struct Charge {
    std::string purchase_id;
    std::string reference;
    std::string idempotency_key;
    Money amount;
    // "authorized", "captured", "voided", "refunded", "pending",
    // "requires_action", "failed" (authentication failed)
    std::string state;
    PaymentResult first_answer;
    SandboxScenario scenario = SandboxScenario::kSuccess;
    bool capture = false;
    Authentication authentication = Authentication::kNone;
  };

  PaymentResult Base() const;
  PaymentResult Answer(const Charge& charge) const;
  // The first answer to a 3-D Secure token (ThreeDsStepFor); sets `state`.
  PaymentResult ThreeDsAnswer(const AuthorizeRequest& request, SandboxScenario scenario,
                              std::string& state) const;
  // Under mu_: stores, then forgets the oldest beyond max_entries_.
  void RememberCharge(Charge charge) const;
  void RememberAnswer(const std::string& key, PaymentResult answer) const;
  Result<PaymentResult> ChangeState(const std::string& reference, const std::string& key,
                                    const std::string& from, const std::string& to) const;

  std::string id_;
  std::string action_base_url_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Charge> charges_;         // by reference
  mutable std::map<std::string, PaymentResult> replays_;  // by idempotency key
  mutable std::deque<std::string> charge_order_;          // references, oldest first
  mutable std::deque<std::string> replay_order_;          // keys, oldest first
  size_t max_entries_;
  mutable int next_charge_ = 1;
};

// Builds the adapter from its validated config (the sandbox kind's factory,
// sandbox_kind.cc). Errors (kInvalidArgument): a setting it needs is missing or bad.
Result<std::unique_ptr<PaymentProvider>> MakeSandboxProvider(const ProviderConfig& config);

}  // namespace mg::providers
