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
#include "route_context.h"

namespace mg::api {

struct PayoutCheckResult {
  enum class Kind { kSettled, kWaiting, kUnresolved } kind = Kind::kUnresolved;
  bool escalated = false;  // moved to needs_attention by this look
};

// One look at `payout`; `backoff_ms` is the wait before the next one.
PayoutCheckResult ReconcilePayout(const RouteContext& context, const store::PayoutRecord& payout,
                                  const ReconcileOptions& options, int64_t backoff_ms);

}  // namespace mg::api
