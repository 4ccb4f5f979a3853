// Payouts of the in-process `sandbox` adapter (docs/sandbox.md, "Payouts of
// the in-process adapter"): decided by the destination token alone, so they
// need no state and are idempotent by construction. A token containing
//
//   payout_declined           declined (account_closed)
//   payout_pending            pending at the call and at every lookup
//   payout_pending_then_paid  pending at the call, paid at the first lookup
//   payout_timeout            no answer (ambiguous); the lookup finds it paid
//   payout_lost               no answer (ambiguous); the lookup proves none
//   anything else             paid at once
#include "sandbox/sandbox_provider.h"

namespace mg::providers {
namespace {

bool Has(std::string_view destination, std::string_view token) {
  return destination.find(token) != std::string_view::npos;
}

PaymentResult PayoutAnswer(std::string_view provider, std::string_view payout_id, Outcome outcome,
                           bool ambiguous) {
  PaymentResult r;
  r.provider = std::string(provider);
  r.outcome = outcome;
  r.ambiguous = ambiguous;
  if (!ambiguous) r.provider_reference = "sbx_po_" + std::string(payout_id);
  r.provider_status = OutcomeName(outcome);
  return r;
}

}  // namespace

Result<PaymentResult> SandboxProvider::Payout(const PayoutRequest& request) const {
  MG_RETURN_IF_ERROR(ValidatePayoutRequest(request));
  const std::string_view to = request.destination;
  // Order matters: "payout_pending_then_paid" contains "payout_pending".
  if (Has(to, "payout_declined")) {
    PaymentResult r = PayoutAnswer(id_, request.payout_id, Outcome::kDeclined, false);
    r.provider_code = "account_closed";
    r.message = "the destination account is closed";
    return r;
  }
  if (Has(to, "payout_pending")) {
    return PayoutAnswer(id_, request.payout_id, Outcome::kPending, false);
  }
  if (Has(to, "payout_timeout") || Has(to, "payout_lost")) {
    PaymentResult r = PayoutAnswer(id_, request.payout_id, Outcome::kPending, true);
    r.message = "no answer within the client's timeout";
    return r;
  }
  return PayoutAnswer(id_, request.payout_id, Outcome::kApproved, false);
}

Result<PaymentResult> SandboxProvider::GetPayoutStatus(const PayoutStatusRequest& request) const {
  const std::string_view to = request.destination;
  if (Has(to, "payout_declined")) {
    PaymentResult r = PayoutAnswer(id_, request.payout_id, Outcome::kDeclined, false);
    r.provider_code = "account_closed";
    return r;
  }
  if (Has(to, "payout_pending_then_paid")) {
    return PayoutAnswer(id_, request.payout_id, Outcome::kApproved, false);
  }
  if (Has(to, "payout_pending")) {
    return PayoutAnswer(id_, request.payout_id, Outcome::kPending, false);
  }
  if (Has(to, "payout_lost")) {
    return PayoutAnswer(id_, request.payout_id, Outcome::kNotFound, false);
  }
  return PayoutAnswer(id_, request.payout_id, Outcome::kApproved, false);
}

}  // namespace mg::providers
