// Reconciliation of payouts (reconciliation.h): a payout the provider has
// not finished (still processing, or its answer was lost) is looked up by
// its reference, or by our id and the call's key when the answer was lost,
// and settled by the same mapping as the payout call (payout_settlement.h).
// Until then it holds its diamonds: maybe paid. One still open
// `escalate_after` after it was created moves to needs_attention for a
// person, and is still looked up (at max_backoff) until it settles.
#pragma once

#include "gateway/api/reconciliation.h"
#include "gateway/store/payouts.h"
#include "payout_settlement.h"
#include "route_context.h"

namespace mg::api {

struct PayoutCheckResult {
  enum class Kind { kSettled, kWaiting, kUnresolved } kind = Kind::kUnresolved;
  bool escalated = false;  // moved to needs_attention by this look
};

// Writes `verdict` on `payout` by compare-and-set from processing or needs
// attention, with its payout.paid / payout.failed event when it is final,
// and counts a final or escalated payout. false when it was settled
// meanwhile (the request, another instance, a webhook).
bool WritePayoutVerdict(const RouteContext& context, const store::PayoutRecord& payout,
                        const PayoutVerdict& verdict);

// One look at `payout`; `backoff_ms` is the wait before the next one.
PayoutCheckResult ReconcilePayout(const RouteContext& context, const store::PayoutRecord& payout,
                                  const ReconcileOptions& options, int64_t backoff_ms);

}  // namespace mg::api
