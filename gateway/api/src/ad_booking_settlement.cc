#include "ad_booking_settlement.h"

#include "ad_booking_json.h"

namespace mg::api {

using providers::Outcome;
using store::AdBookingState;

AdBookingState AdBookingStateFor(const store::AdBooking& booking,
                                 const providers::PaymentResult& result) {
  switch (result.outcome) {
    case Outcome::kApproved:
      return booking.payment_terms == store::PaymentTerms::kInvoice ? AdBookingState::kInvoiced
                                                                    : AdBookingState::kConfirmed;
    case Outcome::kRequiresAction:
      return AdBookingState::kRequiresAction;
    case Outcome::kPending:
    case Outcome::kNotFound:
      return AdBookingState::kPending;
    default:
      return AdBookingState::kFailed;
  }
}

Result<store::AdBooking> SettleAdBooking(const RouteContext& context,
                                         const store::AdBooking& booking,
                                         const std::vector<AdBookingState>& from, AdBookingState to,
                                         const std::string& provider,
                                         const std::string& reference) {
  store::AdBooking projected = booking;
  projected.state = to;
  store::PaymentChanges changes = store::PaymentChanges::At(context.NowMillis());
  if (!provider.empty()) changes.provider = projected.provider = provider;
  if (!reference.empty()) changes.provider_reference = projected.provider_reference = reference;
  store::Effects effects = store::Effects::Emitting(
      {"ad_booking." + std::string(store::Name(to)), AdBookingEventPayload(projected)});
  MG_ASSIGN_OR_RETURN(store::AdBooking moved,
                      context.store().TransitionAdBooking(booking.id, from, to, changes, effects));
  context.ad_bookings_total().WithLabels({moved.market, store::Name(moved.state)}).Increment();
  return moved;
}

}  // namespace mg::api
