// Moving an ad booking to the state its payment decided, from any of the
// states it may be in: one compare-and-set with its event and its metric.
// The booking route (the answer it got), reconciliation (the provider's word
// on a call in doubt) and the webhook route (the provider's notification) all
// move bookings through it.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

// The state a payment outcome puts a booking in: approved -> confirmed (card
// prepayment) or invoiced; requires_action; pending (also an answer in
// doubt); anything else -> failed.
store::AdBookingState AdBookingStateFor(const store::AdBooking& booking,
                                        const providers::PaymentResult& result);

// Moves `booking` from one of `from` to `to`, recording the provider and
// its reference when given, with the event "ad_booking.<to>". kFailedPrecondition
// when the booking is no longer in one of `from` (another process moved it).
Result<store::AdBooking> SettleAdBooking(const RouteContext& context,
                                         const store::AdBooking& booking,
                                         const std::vector<store::AdBookingState>& from,
                                         store::AdBookingState to, const std::string& provider,
                                         const std::string& reference);

}  // namespace mg::api
