// One look at an open provider call of an ad booking paid by card: the
// provider's word on it moves the booking, as reconcile_attempt.h does for
// purchases.
#pragma once

#include "gateway/api/reconciliation.h"
#include "gateway/store/records.h"
#include "reconcile_attempt.h"
#include "route_context.h"

namespace mg::api {

// REQUIRES: attempt.purchase_id names an ad booking ("adb_...").
AttemptVerdict ReconcileBookingAttempt(const RouteContext& context,
                                       const store::ProviderAttempt& attempt,
                                       const ReconcileOptions& options);

}  // namespace mg::api
