#include "reconcile_attempt.h"

#include <algorithm>

#include "abandoned_action.h"
#include "base/log.h"
#include "charge_accounting.h"
#include "gateway/store/ids.h"
#include "payment_routing.h"
#include "purchase_settlement.h"
#include "reconcile_booking.h"
#include "refund_settlement.h"

namespace mg::api {
namespace {

using providers::Outcome;
using providers::PaymentResult;
using store::AttemptOperation;
using store::AttemptState;
using store::PurchaseState;
using Kind = AttemptVerdict::Kind;

AttemptVerdict Verdict(Kind kind, std::string note) {
  return AttemptVerdict{kind, std::move(note)};
}

bool IsOpen(PurchaseState state) {
  return state == PurchaseState::kCreated || state == PurchaseState::kPending ||
         state == PurchaseState::kRequiresAction;
}

bool IsOpen(AttemptState state) {
  return state == AttemptState::kStarted || state == AttemptState::kAmbiguous ||
         state == AttemptState::kPending || state == AttemptState::kRequiresAction;
}

// An answer that tells nothing: not reached, refused before acting (a 429
// to a repeat says nothing of the first call), or in doubt again.
bool TellsNothing(const PaymentResult& answer) {
  return answer.ambiguous || answer.outcome == Outcome::kRetryableError ||
         answer.outcome == Outcome::kFatalError;
}

Status Record(const RouteContext& context, const store::ProviderAttempt& attempt,
              AttemptState state, const std::string& reference, const std::string& code) {
  store::AttemptOutcome outcome;
  outcome.state = state;
  outcome.provider_reference = reference;
  outcome.provider_code = code;
  outcome.finished_at_ms = context.NowMillis();
  return context.store().RecordAttemptFinished(attempt.id, outcome);
}

void LogIfFailed(const Status& status, const store::ProviderAttempt& attempt) {
  if (!status.ok()) {
    Log(LogLevel::kWarning, "attempt " + attempt.id + " answer not recorded: " + status.ToString());
  }
}

// The purchase was settled at the attempt's provider (by a webhook that
// carried our reference) while the attempt, in doubt, never learnt a
// reference of its own.
bool SettledHere(const store::Purchase& purchase, const store::ProviderAttempt& attempt) {
  return !IsOpen(purchase.state) && purchase.provider == attempt.provider &&
         !purchase.provider_reference.empty() && attempt.provider_reference.empty() &&
         IsOpen(attempt.state);
}

// Another attempt with the same key that got a final answer: the provider
// answered the call in doubt through it (a repeat, a resume). A lookup that
// found nothing proves absence only for calls that could no longer land when
// it was made (started at least `min_age` before it): a resume with the same
// key sent after it may still create the payment.
std::optional<store::ProviderAttempt> AnsweredTwin(const RouteContext& context,
                                                   const store::ProviderAttempt& attempt,
                                                   const ReconcileOptions& options) {
  Result<std::vector<store::ProviderAttempt>> all =
      context.store().ListAttempts(attempt.purchase_id);
  if (!all.ok()) return std::nullopt;
  for (const store::ProviderAttempt& other : *all) {
    // A key names a call at one provider only.
    if (other.id == attempt.id || other.idempotency_key != attempt.idempotency_key ||
        other.operation != attempt.operation || other.provider != attempt.provider) {
      continue;
    }
    const bool proven_absent =
        other.state == AttemptState::kRetryableError && other.provider_code == "not_found" &&
        other.finished_at_ms &&
        attempt.started_at_ms + options.min_age.count() <= *other.finished_at_ms;
    if (other.state == AttemptState::kSucceeded || other.state == AttemptState::kDeclined ||
        proven_absent) {
      return other;
    }
  }
  return std::nullopt;
}

// Another call with the same key, still open and younger than `min_age`: a
// live process may be sending it, so asking the provider now could find
// nothing although that call is about to charge.
bool SameCallInFlight(const RouteContext& context, const store::ProviderAttempt& attempt,
                      const ReconcileOptions& options) {
  Result<std::vector<store::ProviderAttempt>> all =
      context.store().ListAttempts(attempt.purchase_id);
  if (!all.ok()) return true;  // cannot tell: look again later
  for (const store::ProviderAttempt& other : *all) {
    if (other.id != attempt.id && other.idempotency_key == attempt.idempotency_key &&
        other.provider == attempt.provider && IsOpen(other.state) &&
        context.NowMillis() - other.started_at_ms < options.min_age.count()) {
      return true;
    }
  }
  return false;
}

// A purchase that no open attempt can still charge, and none charged, fails:
// nothing was taken. A created one waits `abandon_after` first: its client
// may still retry with its Idempotency-Key, which resumes it.
void FailIfNothingCharged(const RouteContext& context, const std::string& purchase_id,
                          const ReconcileOptions& options) {
  Result<store::Purchase> purchase = context.store().GetPurchase(purchase_id);
  if (!purchase.ok() || !IsOpen(purchase->state)) return;
  if (purchase->state == PurchaseState::kCreated &&
      context.NowMillis() - purchase->created_at_ms < options.abandon_after.count()) {
    return;
  }
  Result<std::vector<store::ProviderAttempt>> attempts = context.store().ListAttempts(purchase_id);
  if (!attempts.ok()) return;
  for (const store::ProviderAttempt& attempt : *attempts) {
    if (attempt.operation != AttemptOperation::kAuthorize) continue;
    if (IsOpen(attempt.state) || attempt.state == AttemptState::kSucceeded) return;
  }
  Result<Settlement> failed = SettlePurchase(
      context, *purchase,
      {PurchaseState::kCreated, PurchaseState::kPending, PurchaseState::kRequiresAction},
      PurchaseState::kFailed, "");
  if (failed.ok() && failed->moved) {
    Log(LogLevel::kInfo, "purchase=" + purchase_id + " failed: no provider charged it");
  }
}

// An authorization the provider holds and nobody captured (a crash between
// the two calls, a challenge passed and never confirmed): marketgate keeps
// only captured money, and the customer meant to buy, so it is captured now
// (recorded first, its key from the attempt's number) and the purchase
// settles as paid. A capture not confirmed is looked at again.
AttemptVerdict CaptureHeld(const RouteContext& context, const store::ProviderAttempt& attempt,
                           const store::Purchase& purchase,
                           const providers::PaymentProvider& provider, const PaymentResult& held) {
  Result<CurrencyCode> currency = CurrencyCode::Parse(purchase.currency);
  if (!currency.ok()) return Verdict(Kind::kUnresolved, currency.status().ToString());
  const std::string& reference = held.provider_reference;
  providers::CaptureRequest capture{.amount = Money(purchase.total_minor, *currency)};
  capture.purchase_id = purchase.id;
  capture.provider_reference = reference;
  const int key_attempt = static_cast<int>(std::max<int64_t>(attempt.key_attempt, 1));
  capture.idempotency_key =
      providers::DeriveIdempotencyKey(purchase.id, key_attempt, providers::Operation::kCapture);
  AttemptRecorder recorder(context, purchase.market, purchase.id, purchase.total_minor);
  Result<PaymentResult> captured = recorder.Call(
      DirectCall{attempt.provider, providers::Operation::kCapture, capture.idempotency_key,
                 key_attempt, purchase.total_minor, reference},
      [&] { return provider.Capture(capture); });
  if (!captured.ok() || captured->outcome != Outcome::kApproved) {
    return Verdict(Kind::kUnresolved,
                   "capture of the held authorization at " + attempt.provider + " not confirmed");
  }
  // The purchase first, then its call: a crash between them leaves the call
  // open, and the next look finds the charge already counted. (The other
  // order left the call final and the purchase open, which no look finds.)
  Result<ChargeFate> fate = AccountForCharge(
      context, purchase, Charge{attempt.provider, reference, std::nullopt, held.authentication});
  if (!fate.ok()) return Verdict(Kind::kUnresolved, fate.status().ToString());
  LogIfFailed(Record(context, attempt, AttemptState::kSucceeded, reference, ""), attempt);
  return Verdict(Kind::kSettled, "held authorization captured at " + attempt.provider + ": " +
                                     ChargeFateName(*fate));
}

AttemptVerdict ReconcileAuthorization(const RouteContext& context,
                                      const store::ProviderAttempt& attempt,
                                      const store::Purchase& purchase,
                                      const ReconcileOptions& options) {
  const providers::PaymentProvider* provider = context.providers().Find(attempt.provider);
  if (provider == nullptr) {
    return Verdict(Kind::kUnresolved, "provider " + attempt.provider + " is not configured");
  }
  providers::StatusRequest request;
  request.purchase_id = purchase.id;
  request.provider_reference = attempt.provider_reference;
  request.idempotency_key = attempt.idempotency_key;
  Result<CurrencyCode> currency = CurrencyCode::Parse(purchase.currency);
  if (currency.ok()) request.amount = Money(purchase.total_minor, *currency);
  Result<PaymentResult> answer = provider->GetStatus(request);
  if (!answer.ok()) return Verdict(Kind::kUnresolved, answer.status().ToString());
  if (answer->outcome == Outcome::kNotFound) {
    LogIfFailed(Record(context, attempt, AttemptState::kRetryableError, "", "not_found"), attempt);
    FailIfNothingCharged(context, purchase.id, options);
    return Verdict(Kind::kNotCharged, attempt.provider + " has no such payment");
  }
  if (TellsNothing(*answer)) {
    return Verdict(
        Kind::kUnresolved,
        attempt.provider + " cannot tell yet: " +
            (answer->message.empty() ? providers::OutcomeName(answer->outcome) : answer->message));
  }
  const std::string& reference = answer->provider_reference;
  switch (answer->outcome) {
    case Outcome::kApproved: {
      // The purchase first, then its call (as for a held authorization).
      Result<ChargeFate> fate = AccountForCharge(
          context, purchase,
          Charge{attempt.provider, reference, std::nullopt, answer->authentication});
      if (!fate.ok()) return Verdict(Kind::kUnresolved, fate.status().ToString());
      LogIfFailed(Record(context, attempt, AttemptState::kSucceeded, reference, ""), attempt);
      AttemptVerdict verdict =
          Verdict(Kind::kSettled,
                  std::string("approved at ") + attempt.provider + ": " + ChargeFateName(*fate));
      verdict.duplicate = *fate == ChargeFate::kReversed || *fate == ChargeFate::kReversalInDoubt;
      return verdict;
    }
    case Outcome::kDeclined:
      LogIfFailed(
          Record(context, attempt, AttemptState::kDeclined, reference, answer->provider_code),
          attempt);
      FailIfNothingCharged(context, purchase.id, options);
      return Verdict(Kind::kSettled, "declined at " + attempt.provider);
    case Outcome::kPending:
    case Outcome::kRequiresAction:
      if (answer->capturable && IsOpen(purchase.state)) {
        return CaptureHeld(context, attempt, purchase, *provider, *answer);
      }
      // Waiting for the shopper past the deadline: whatever the provider
      // says of it now (still waiting, or authorized and never confirmed),
      // it is voided.
      if (ActionExpired(context, purchase)) {
        std::string why;
        if (!AbandonAction(context, purchase, *provider, reference, why)) {
          return Verdict(Kind::kUnresolved, why);
        }
        LogIfFailed(Record(context, attempt, AttemptState::kDeclined, reference, "action_expired"),
                    attempt);
        return Verdict(Kind::kSettled,
                       "abandoned: the shopper's action expired, voided at " + attempt.provider);
      }
      {
        const AttemptState state = answer->outcome == Outcome::kPending
                                       ? AttemptState::kPending
                                       : AttemptState::kRequiresAction;
        if (attempt.state != state)
          LogIfFailed(Record(context, attempt, state, reference, ""), attempt);
        if (purchase.state == PurchaseState::kCreated) {
          Result<Settlement> moved =
              SettlePurchase(context, purchase, {PurchaseState::kCreated},
                             answer->outcome == Outcome::kPending ? PurchaseState::kPending
                                                                  : PurchaseState::kRequiresAction,
                             reference, nullptr, attempt.provider);
          if (!moved.ok()) return Verdict(Kind::kUnresolved, moved.status().ToString());
        }
        return Verdict(Kind::kWaiting, std::string(providers::OutcomeName(answer->outcome)) +
                                           " at " + attempt.provider);
      }
    default:
      return Verdict(Kind::kUnresolved, providers::OutcomeName(answer->outcome));
  }
}

// Sends the refund in doubt again with its key, or looks a pending one up.
Result<PaymentResult> AskAboutRefund(const providers::PaymentProvider& provider,
                                     const store::ProviderAttempt& attempt,
                                     const store::Purchase& purchase,
                                     const std::optional<store::Refund>& refund) {
  const std::string& payment =
      attempt.target_reference.empty() ? purchase.provider_reference : attempt.target_reference;
  if (attempt.state == AttemptState::kPending && !attempt.provider_reference.empty()) {
    providers::RefundStatusRequest lookup;
    lookup.purchase_id = purchase.id;
    lookup.refund_reference = attempt.provider_reference;
    lookup.payment_reference = payment;
    lookup.idempotency_key = attempt.idempotency_key;
    return provider.GetRefundStatus(lookup);
  }
  MG_ASSIGN_OR_RETURN(CurrencyCode currency, CurrencyCode::Parse(purchase.currency));
  providers::RefundRequest again{.amount = Money(attempt.amount_minor, currency)};
  again.purchase_id = purchase.id;
  again.refund_id = refund ? refund->id : "";
  again.provider_reference = payment;
  again.reason = refund ? refund->reason : "duplicate";
  again.idempotency_key = attempt.idempotency_key;
  return provider.Refund(again);
}

AttemptVerdict ReconcileRefund(const RouteContext& context, const store::ProviderAttempt& attempt,
                               const store::Purchase& purchase) {
  Result<std::optional<store::Refund>> refund =
      RefundOfCall(context, purchase.id, attempt.idempotency_key);
  if (!refund.ok()) return Verdict(Kind::kUnresolved, refund.status().ToString());
  if (*refund && (*refund)->state != store::RefundState::kPending) {
    // A webhook settled it: the attempt takes its answer.
    const bool succeeded = (*refund)->state == store::RefundState::kSucceeded;
    LogIfFailed(
        Record(context, attempt, succeeded ? AttemptState::kSucceeded : AttemptState::kDeclined,
               (*refund)->provider_reference, "settled_by_webhook"),
        attempt);
    return Verdict(Kind::kSettled, "refund " + std::string(store::Name((*refund)->state)));
  }
  const providers::PaymentProvider* provider = context.providers().Find(attempt.provider);
  if (provider == nullptr) {
    return Verdict(Kind::kUnresolved, "provider " + attempt.provider + " is not configured");
  }
  Result<PaymentResult> answer = AskAboutRefund(*provider, attempt, purchase, *refund);
  if (!answer.ok()) return Verdict(Kind::kUnresolved, answer.status().ToString());
  if (answer->outcome == Outcome::kNotFound) {
    // Looked up and absent: it was never made. The next look sends it again.
    LogIfFailed(Record(context, attempt, AttemptState::kAmbiguous, "", "not_found"), attempt);
    return Verdict(Kind::kUnresolved, attempt.provider + " has no such refund yet");
  }
  if (answer->ambiguous || answer->outcome == Outcome::kRetryableError) {
    return Verdict(Kind::kUnresolved, attempt.provider + " cannot tell yet");
  }
  const std::string& reference = answer->provider_reference;
  if (answer->outcome == Outcome::kPending || answer->outcome == Outcome::kRequiresAction) {
    if (attempt.state != AttemptState::kPending) {
      LogIfFailed(Record(context, attempt, AttemptState::kPending, reference, ""), attempt);
    }
    if (*refund) LogIfFailed(RecordRefundReference(context, **refund, reference), attempt);
    return Verdict(Kind::kWaiting, "refund pending at " + attempt.provider);
  }
  const bool succeeded = answer->outcome == Outcome::kApproved;
  const AttemptState final_state = succeeded ? AttemptState::kSucceeded : AttemptState::kDeclined;
  if (*refund) {
    // The refund and its call end in one transaction: recorded apart, a crash
    // between the two left the call final and the refund pending, and no
    // later look found it (the soak test caught one).
    store::FinishedAttempt finished{attempt.id, {}};
    finished.outcome.state = final_state;
    finished.outcome.provider_reference = reference;
    finished.outcome.provider_code = answer->provider_code;
    finished.outcome.finished_at_ms = context.NowMillis();
    Result<store::Refund> settled = SettleRefund(
        context, **refund, succeeded ? store::RefundState::kSucceeded : store::RefundState::kFailed,
        reference, finished);
    if (settled.ok()) {
      return Verdict(Kind::kSettled, std::string("refund ") + (succeeded ? "succeeded" : "failed") +
                                         " at " + attempt.provider);
    }
    if (settled.status().code() != ErrorCode::kFailedPrecondition) {
      return Verdict(Kind::kUnresolved, settled.status().ToString());
    }
    // A webhook settled the refund meanwhile: the call is recorded alone.
  }
  LogIfFailed(Record(context, attempt, final_state, reference, answer->provider_code), attempt);
  return Verdict(Kind::kSettled, std::string("refund ") + (succeeded ? "succeeded" : "failed") +
                                     " at " + attempt.provider);
}

}  // namespace

AttemptVerdict ReconcileAttempt(const RouteContext& context, const store::ProviderAttempt& attempt,
                                const ReconcileOptions& options) {
  if (store::HasPrefix(attempt.purchase_id, store::kAdBookingIdPrefix)) {
    return ReconcileBookingAttempt(context, attempt, options);
  }
  Result<store::Purchase> purchase = context.store().GetPurchase(attempt.purchase_id);
  if (!purchase.ok()) return Verdict(Kind::kUnresolved, purchase.status().ToString());
  if (std::optional<store::ProviderAttempt> twin = AnsweredTwin(context, attempt, options)) {
    LogIfFailed(
        Record(context, attempt, twin->state, twin->provider_reference, "answered_by:" + twin->id),
        attempt);
    if (attempt.operation == AttemptOperation::kAuthorize &&
        twin->state != AttemptState::kSucceeded) {
      FailIfNothingCharged(context, purchase->id, options);
    }
    return Verdict(Kind::kSettled, "answered through " + twin->id);
  }
  if (attempt.operation == AttemptOperation::kAuthorize && SettledHere(*purchase, attempt)) {
    // A webhook (matched by our reference) settled the purchase at this
    // provider while this call was in doubt: it answered the call. Were an
    // approval another call's charge, that charge's own webhook comes too
    // and is reversed as a charge too many (charge_accounting.h), whatever
    // state this attempt is left in.
    const bool succeeded = store::IsSettled(purchase->state);
    LogIfFailed(
        Record(context, attempt, succeeded ? AttemptState::kSucceeded : AttemptState::kDeclined,
               purchase->provider_reference, "settled_by_webhook"),
        attempt);
    return Verdict(Kind::kSettled, "the purchase " + std::string(store::Name(purchase->state)) +
                                       " at " + attempt.provider);
  }
  if (attempt.state == AttemptState::kRequiresAction && !IsOpen(purchase->state)) {
    // The action it waited for is over: the purchase was confirmed, settled
    // by a webhook, or abandoned and voided. Nothing is left to ask (Adyen
    // could not even be asked, and would be escalated a day later).
    const bool paid = store::IsSettled(purchase->state);
    LogIfFailed(Record(context, attempt, paid ? AttemptState::kSucceeded : AttemptState::kDeclined,
                       attempt.provider_reference, "action_over"),
                attempt);
    return Verdict(Kind::kSettled, "the shopper's action is over: the purchase " +
                                       std::string(store::Name(purchase->state)));
  }
  if (SameCallInFlight(context, attempt, options)) {
    return Verdict(Kind::kUnresolved, "a newer call with the same key may still be in flight");
  }
  switch (attempt.operation) {
    case AttemptOperation::kAuthorize:
    // Finishing a payment after the shopper's action is answered, like the
    // authorization it finishes, by what the provider says of the payment.
    case AttemptOperation::kCompleteAction:
      return ReconcileAuthorization(context, attempt, *purchase, options);
    case AttemptOperation::kRefund:
      return ReconcileRefund(context, attempt, *purchase);
    case AttemptOperation::kStatus:
      // A lookup moves no money; the attempt it was about is reconciled itself.
      LogIfFailed(Record(context, attempt, AttemptState::kRetryableError, "", "superseded"),
                  attempt);
      return Verdict(Kind::kSettled, "status lookup closed");
    case AttemptOperation::kCapture:
    case AttemptOperation::kVoid:
      break;
  }
  return Verdict(Kind::kUnresolved,
                 std::string(store::Name(attempt.operation)) + " is settled by a person");
}

}  // namespace mg::api
