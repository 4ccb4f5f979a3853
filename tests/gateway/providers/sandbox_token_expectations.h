// What each documented sandbox test token (docs/sandbox.md) must produce, as
// a client of any adapter sees it. Written out by hand, not derived from
// gateway/providers/sandbox/sandbox_tokens.h, so that a change to the tokens
// fails the tests until the contract is changed here too.
#pragma once

#include "gateway/providers/payment_provider.h"

namespace mg::providers::testing {

struct TokenExpectation {
  const char* token;
  Outcome outcome;
  DeclineReason reason;
  bool ambiguous = false;  // the request was sent and its answer lost
};

inline constexpr TokenExpectation kCardTokenExpectations[] = {
    {"tok_success", Outcome::kApproved, DeclineReason::kNone},
    {"tok_insufficient_funds", Outcome::kDeclined, DeclineReason::kInsufficientFunds},
    {"tok_expired_card", Outcome::kDeclined, DeclineReason::kExpiredCard},
    {"tok_incorrect_cvc", Outcome::kDeclined, DeclineReason::kIncorrectCvc},
    {"tok_fraud", Outcome::kDeclined, DeclineReason::kFraudSuspected},
    {"tok_card_declined", Outcome::kDeclined, DeclineReason::kCardDeclined},
    {"tok_do_not_honor", Outcome::kDeclined, DeclineReason::kDoNotHonor},
    {"tok_sca_redirect", Outcome::kRequiresAction, DeclineReason::kNone},
    {"tok_sca_challenge", Outcome::kRequiresAction, DeclineReason::kNone},
    {"tok_timeout", Outcome::kPending, DeclineReason::kNone, true},
    // A 5xx is uncertain (the provider may have charged): in doubt, never a
    // decline, until a status lookup proves nothing was charged.
    {"tok_error_500", Outcome::kPending, DeclineReason::kNone, true},
    {"tok_rate_limit", Outcome::kRetryableError, DeclineReason::kNone},
    {"tok_async_pending", Outcome::kPending, DeclineReason::kNone},
    {"tok_invalid", Outcome::kFatalError, DeclineReason::kNone},
};

}  // namespace mg::providers::testing
