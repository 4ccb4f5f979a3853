// Payouts: money sent from the platform to a creator's account at a
// provider (docs/payouts.md). The adapters that pay out implement
// PaymentProvider::Payout and GetPayoutStatus; the others keep the
// defaults, which refuse (kFailedPrecondition).
//
// Outcomes of a payout call, as for payments:
//  * kApproved: the provider reports the money sent (final);
//  * kPending: accepted, not final yet (in processing, in transit);
//  * kDeclined: the provider refused it or reports it failed (final; the
//    message says why);
//  * kRetryableError: nothing happened at the provider (connection refused
//    before the request was written): safe to retry with the same key;
//  * kFatalError: our request or credentials are wrong;
//  * kNotFound (GetPayoutStatus only): the provider proves no such payout.
// A request sent without an answer (timeout, 5xx, reset) is kPending with
// `ambiguous`: the money may have left, only GetPayoutStatus can tell.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "currency/money.h"

namespace mg::providers {

struct PayoutRequest {
  std::string payout_id{};  // our id ("pyt_..."), sent as the provider's reference
  Money amount;             // what the creator receives, ISO minor units
  // The creator's destination at the provider, a token, never an account
  // number: a Stripe connected account ("acct_..."), an Adyen transfer
  // instrument id, a Pix key.
  std::string destination{};
  std::string description{};      // shown to the creator where the provider allows
  std::string idempotency_key{};  // DerivePayoutIdempotencyKey(payout_id, attempt)
  std::string payee_name{};       // for providers that check it (Pix)
  std::string payee_tax_id{};     // CPF/CNPJ digits for Pix; empty elsewhere
};

// What became of a payout: by the provider's reference when its answer
// arrived, else by our payout id or the idempotency key of the call.
struct PayoutStatusRequest {
  std::string payout_id{};
  std::string provider_reference{};  // empty when the answer was lost
  std::string destination{};         // Stripe reads a connected account's payouts as that account
  std::string idempotency_key{};
  Money amount;
};

// The provider's idempotency key for attempt `attempt` of a payout.
std::string DerivePayoutIdempotencyKey(std::string_view payout_id, int attempt);

// What every adapter checks before sending: ids, key, a positive amount,
// a destination that is not a card number.
mg::Status ValidatePayoutRequest(const PayoutRequest& request);

}  // namespace mg::providers
