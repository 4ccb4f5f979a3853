// What a provider's answer does to a payout (docs/payouts.md): the one
// mapping shared by POST /v1/payouts (the answer to the payout call) and
// reconciliation (the answer to a status lookup).
//
//   approved             paid; payout.paid
//   declined             failed (the diamonds go back); payout.failed
//   pending              still processing, looked up again later; an
//                        ambiguous answer (timeout, 5xx) counts as maybe paid
//   retryable / fatal    to the payout call: nothing was sent, so failed
//                        (provider_unavailable / provider_error); to a
//                        lookup: no answer, looked up again
//   not found            (lookups only) the provider proves there is no
//                        such payout: failed
#pragma once

#include <optional>
#include <string>

#include "gateway/providers/payment_provider.h"
#include "gateway/store/payouts.h"
#include "gateway/store/records.h"

namespace mg::api {

struct PayoutVerdict {
  store::PayoutState to = store::PayoutState::kProcessing;
  store::PayoutChanges changes;
  // "payout.paid" or "payout.failed" when the payout became final.
  std::optional<std::string> event_type;
};

enum class PayoutAnswerSource { kPayoutCall, kStatusLookup };

// The verdict on `payout` after `answer` at `now_ms`; a payout left
// processing is looked at again at next_check_ms.
PayoutVerdict JudgePayoutAnswer(const store::PayoutRecord& payout,
                                const providers::PaymentResult& answer, PayoutAnswerSource source,
                                store::UnixMillis now_ms, store::UnixMillis next_check_ms);

// `payout` as the store will hold it once `verdict` is applied (for the
// response stored in the same transaction).
store::PayoutRecord Applied(store::PayoutRecord payout, const PayoutVerdict& verdict);

}  // namespace mg::api
