// The Adyen emulator's parts (adyen_*.cc), shared among its files only.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "gateway/sandbox/emulator.h"
#include "sandbox/sandbox_tokens.h"

namespace mg::sandbox::adyen_emulator {

// Adyen's ServiceError: {"status", "errorCode", "message", "errorType"}.
SandboxResponse Error(int status, const std::string& code, const std::string& type,
                      const std::string& message);
// 409 for an idempotency key whose first request is still in progress.
SandboxResponse InProgress();
// A new 16-digit pspReference.
std::string PspReference(EmulatorContext& ctx);

struct Notification {
  std::string event_code;          // AUTHORISATION, REFUND, REFUND_FAILED, TECHNICAL_CANCEL, ...
  bool success = true;             // sent as the text "true" / "false"
  std::string psp_reference;       // the payment's (AUTHORISATION) or the modification's
  std::string original_reference;  // the payment's, for modifications
  std::string merchant_reference;
  int64_t value = 0;
  std::string currency;
  std::string reason;
};
// Sends a signed standard notification (needs --adyen-hmac-key). `payment`
// is the payment's pspReference, for the reorder fault.
void SendNotification(EmulatorContext& ctx, const Notification& n, const std::string& payment);

SandboxResponse Payment(const SandboxRequest& req, EmulatorContext& ctx, const std::string& key);
// POST /payments/{psp}/captures | refunds | cancels.
SandboxResponse Modification(const std::string& psp, const std::string& what,
                             const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key);
// POST /cancels: cancel by the payment's merchant reference.
SandboxResponse CancelByReference(const SandboxRequest& req, EmulatorContext& ctx);
// The balance platform's /btl/v4/transfers (adyen_transfers.cc).
bool IsTransferPath(const std::string& path);
SandboxResponse Transfers(const SandboxRequest& req, EmulatorContext& ctx);
// 3-D Secure 2 (adyen_three_ds.cc). What a /payments body asks:
// authenticationData.attemptAuthentication "always" -> kAuthenticate,
// additionalData.scaExemption "lowValue" -> kLowValueExemption, else kNone.
providers::ScaAsk ScaAskOf(const boost::json::object& body);
// Fills `out` (and the charge's `extra`) for a 3-D Secure token's step;
// returns the resultCode. kChallenge: RedirectShopper to the challenge page.
std::string ThreeDsOutcome(providers::ThreeDsStep step, const std::string& return_url, Charge& c,
                           EmulatorContext& ctx, boost::json::object& out);
// GET/POST /3ds/{pspReference}: the emulated issuer's challenge page,
// reached by the shopper without an API key. POST completes the challenge
// and answers 303 to the returnUrl with ?redirectResult=.
bool IsChallengePath(const std::string& path);
SandboxResponse ChallengePage(const SandboxRequest& req, EmulatorContext& ctx);
// POST /payments/details: resolves a completed challenge's redirectResult.
SandboxResponse PaymentDetails(const SandboxRequest& req, EmulatorContext& ctx);
// A pending refund reaches its final status (background thread).
void SettleRefund(EmulatorContext& ctx, const std::string& payment, const std::string& refund);

}  // namespace mg::sandbox::adyen_emulator
