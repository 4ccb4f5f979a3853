#include "reconcile_booking.h"

#include "ad_booking_settlement.h"
#include "base/log.h"

namespace mg::api {
namespace {

using providers::Outcome;
using store::AdBookingState;
using store::AttemptState;
using Kind = AttemptVerdict::Kind;

constexpr std::initializer_list<AdBookingState> kOpen = {
    AdBookingState::kCreated, AdBookingState::kPending, AdBookingState::kRequiresAction};

bool IsOpen(AdBookingState state) {
  return std::find(kOpen.begin(), kOpen.end(), state) != kOpen.end();
}

AttemptVerdict Finish(const RouteContext& context, const store::ProviderAttempt& attempt,
                      AttemptState state, const std::string& reference, const std::string& code,
                      Kind kind, std::string note) {
  store::AttemptOutcome outcome;
  outcome.state = state;
  outcome.provider_reference = reference;
  outcome.provider_code = code;
  outcome.finished_at_ms = context.NowMillis();
  Status recorded = context.store().RecordAttemptFinished(attempt.id, outcome);
  if (!recorded.ok()) {
    Log(LogLevel::kWarning,
        "attempt " + attempt.id + " answer not recorded: " + recorded.ToString());
  }
  return AttemptVerdict{kind, std::move(note)};
}

// Moves the booking unless another process did; its failure to move is a
// note, not a reason to ask again (the attempt has its answer).
std::string Move(const RouteContext& context, const store::AdBooking& booking, AdBookingState to,
                 const std::string& provider, const std::string& reference) {
  if (!IsOpen(booking.state)) return "booking already " + std::string(store::Name(booking.state));
  Result<store::AdBooking> moved =
      SettleAdBooking(context, booking, kOpen, to, provider, reference);
  if (!moved.ok()) return moved.status().ToString();
  return "booking " + std::string(store::Name(to));
}

}  // namespace

AttemptVerdict ReconcileBookingAttempt(const RouteContext& context,
                                       const store::ProviderAttempt& attempt,
                                       const ReconcileOptions& options) {
  Result<store::AdBooking> booking = context.store().GetAdBooking(attempt.purchase_id);
  if (!booking.ok()) return AttemptVerdict{Kind::kUnresolved, booking.status().ToString()};
  const providers::PaymentProvider* provider = context.providers().Find(attempt.provider);
  if (provider == nullptr) {
    return AttemptVerdict{Kind::kUnresolved, "provider " + attempt.provider + " is not configured"};
  }
  if (attempt.operation != store::AttemptOperation::kAuthorize) {
    return AttemptVerdict{Kind::kUnresolved, std::string(store::Name(attempt.operation)) +
                                                 " of an ad booking is settled by a person"};
  }
  providers::StatusRequest request;
  request.purchase_id = booking->id;
  request.provider_reference = attempt.provider_reference;
  request.idempotency_key = attempt.idempotency_key;
  if (Result<CurrencyCode> currency = CurrencyCode::Parse(booking->currency); currency.ok()) {
    request.amount = Money(booking->total_minor, *currency);
  }
  Result<providers::PaymentResult> answer = provider->GetStatus(request);
  if (!answer.ok()) return AttemptVerdict{Kind::kUnresolved, answer.status().ToString()};
  const std::string& reference = answer->provider_reference;
  if (answer->outcome == Outcome::kNotFound) {
    // Nothing was charged. A booking still created may yet be resumed by its
    // client's retry (which repeats this call with this key) until
    // abandon_after; after that, or once it is pending, it fails.
    const bool may_resume =
        booking->state == AdBookingState::kCreated &&
        context.NowMillis() - booking->created_at_ms < options.abandon_after.count();
    std::string note = may_resume ? "booking may still be resumed"
                                  : Move(context, *booking, AdBookingState::kFailed, "", "");
    return Finish(context, attempt, AttemptState::kRetryableError, "", "not_found",
                  Kind::kNotCharged, attempt.provider + " has no such payment; " + note);
  }
  if (answer->ambiguous || answer->outcome == Outcome::kRetryableError ||
      answer->outcome == Outcome::kFatalError) {
    return AttemptVerdict{
        Kind::kUnresolved,
        attempt.provider + " cannot tell yet: " +
            (answer->message.empty() ? providers::OutcomeName(answer->outcome) : answer->message)};
  }
  const AdBookingState target = AdBookingStateFor(*booking, *answer);
  switch (answer->outcome) {
    case Outcome::kApproved:
      return Finish(context, attempt, AttemptState::kSucceeded, reference, "", Kind::kSettled,
                    "approved at " + attempt.provider + "; " +
                        Move(context, *booking, target, attempt.provider, reference));
    case Outcome::kDeclined:
      return Finish(context, attempt, AttemptState::kDeclined, reference, answer->provider_code,
                    Kind::kSettled,
                    "declined at " + attempt.provider + "; " +
                        Move(context, *booking, target, attempt.provider, reference));
    default: {
      // Pending or requires action: the booking waits for the customer or
      // the webhook, and the attempt is looked at again.
      if (booking->state == AdBookingState::kCreated) {
        Move(context, *booking, target, attempt.provider, reference);
      }
      return AttemptVerdict{Kind::kWaiting, std::string(providers::OutcomeName(answer->outcome)) +
                                                " at " + attempt.provider};
    }
  }
}

}  // namespace mg::api
