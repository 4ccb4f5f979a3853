#include "charge_accounting.h"

#include <boost/json/serialize.hpp>

#include "base/idempotency_key.h"
#include "base/log.h"
#include "payment_routing.h"
#include "purchase_settlement.h"

namespace mg::api {
namespace {

using providers::Outcome;
using store::PurchaseState;

bool IsOpen(PurchaseState state) {
  return state == PurchaseState::kCreated || state == PurchaseState::kPending ||
         state == PurchaseState::kRequiresAction;
}

// The purchase's own payment: the instance and the reference it settled with.
bool IsOwnPayment(const store::Purchase& purchase, const Charge& charge) {
  return purchase.provider == charge.provider && purchase.provider_reference == charge.reference;
}

std::string DuplicatePayload(const store::Purchase& purchase, const Charge& charge,
                             int64_t amount_minor, const char* reversal) {
  return boost::json::serialize(boost::json::object{{"purchase", purchase.id},
                                                    {"purchase_state", store::Name(purchase.state)},
                                                    {"provider", charge.provider},
                                                    {"provider_reference", charge.reference},
                                                    {"amount", amount_minor},
                                                    {"currency", purchase.currency},
                                                    {"reversal", reversal}});
}

// The reversal already started for this charge, if any: a webhook and
// reconciliation may both learn of one charge, and it is counted once.
std::optional<store::ProviderAttempt> EarlierReversal(const RouteContext& context,
                                                      const store::Purchase& purchase,
                                                      const std::string& key) {
  Result<std::vector<store::ProviderAttempt>> attempts = context.store().ListAttempts(purchase.id);
  if (!attempts.ok()) return std::nullopt;
  for (const store::ProviderAttempt& attempt : *attempts) {
    if (attempt.operation == store::AttemptOperation::kRefund && attempt.idempotency_key == key) {
      return attempt;
    }
  }
  return std::nullopt;
}

// Refunds a charge the purchase does not account for. Its key derives from
// the charge, so that every learner of the same charge sends one refund.
ChargeFate Reverse(const RouteContext& context, const store::Purchase& purchase,
                   const Charge& charge) {
  const int64_t amount_minor = charge.amount ? charge.amount->minor_units() : purchase.total_minor;
  const std::string key = DeriveIdempotencyKey("dup-" + charge.reference, 1, "refund");
  if (std::optional<store::ProviderAttempt> earlier = EarlierReversal(context, purchase, key)) {
    // Reconciliation finishes a reversal still in doubt (it is an open attempt).
    return earlier->state == store::AttemptState::kSucceeded ||
                   earlier->state == store::AttemptState::kPending
               ? ChargeFate::kReversed
               : ChargeFate::kReversalInDoubt;
  }
  ChargeFate fate = ChargeFate::kReversalInDoubt;
  const providers::PaymentProvider* provider = context.providers().Find(charge.provider);
  Result<CurrencyCode> currency = CurrencyCode::Parse(purchase.currency);
  if (provider != nullptr && currency.ok()) {
    providers::RefundRequest refund{.amount = Money(amount_minor, *currency)};
    refund.purchase_id = purchase.id;
    refund.provider_reference = charge.reference;
    refund.reason = "duplicate";
    refund.idempotency_key = key;
    AttemptRecorder recorder(context, purchase.market, purchase.id, amount_minor);
    Result<providers::PaymentResult> answer =
        recorder.Call(DirectCall{charge.provider, providers::Operation::kRefund,
                                 refund.idempotency_key, 1, amount_minor, charge.reference},
                      [&] { return provider->Refund(refund); });
    if (answer.ok() && !answer->ambiguous &&
        (answer->outcome == Outcome::kApproved || answer->outcome == Outcome::kPending)) {
      fate = ChargeFate::kReversed;
    }
  }
  const char* reversal = fate == ChargeFate::kReversed ? "refunded" : "in_doubt";
  context.duplicate_charges_total().WithLabels({charge.provider, reversal}).Increment();
  Log(LogLevel::kError, "purchase=" + purchase.id + " (" +
                            std::string(store::Name(purchase.state)) +
                            ") has a charge one too many: " + charge.provider + " " +
                            charge.reference + "; its refund is " + reversal);
  Result<std::string> event = context.store().EnqueueEvent(
      {"purchase.duplicate_charge", DuplicatePayload(purchase, charge, amount_minor, reversal)},
      context.NowMillis());
  if (!event.ok()) {
    Log(LogLevel::kError, "purchase=" + purchase.id +
                              " duplicate-charge event not stored: " + event.status().ToString());
  }
  return fate;
}

}  // namespace

const char* ChargeFateName(ChargeFate fate) {
  switch (fate) {
    case ChargeFate::kSettled:
      return "settled";
    case ChargeFate::kAlreadyCounted:
      return "already_counted";
    case ChargeFate::kReversed:
      return "reversed";
    case ChargeFate::kReversalInDoubt:
      return "reversal_in_doubt";
    case ChargeFate::kAmountMismatch:
      return "amount_mismatch";
  }
  return "settled";
}

Result<ChargeFate> AccountForCharge(const RouteContext& context, const store::Purchase& purchase,
                                    const Charge& charge, const store::IdempotencyLease* lease) {
  if (charge.amount && (charge.amount->minor_units() != purchase.total_minor ||
                        charge.amount->currency().str() != purchase.currency)) {
    // A partial Pix, a tampered event: never settles, never reversed blindly.
    Log(LogLevel::kError, "purchase=" + purchase.id + " " + charge.provider + " " +
                              charge.reference + " paid " + charge.amount->DebugString() +
                              ", not the purchase's total");
    return ChargeFate::kAmountMismatch;
  }
  store::Purchase current = purchase;
  if (IsOpen(current.state)) {
    MG_ASSIGN_OR_RETURN(Settlement settled,
                        SettlePurchase(context, current,
                                       {PurchaseState::kCreated, PurchaseState::kPending,
                                        PurchaseState::kRequiresAction},
                                       PurchaseState::kSucceeded, charge.reference, lease,
                                       charge.provider, charge.authentication));
    if (settled.moved) return ChargeFate::kSettled;
    current = settled.purchase;  // settled meanwhile: judge against what it settled with
  }
  if (current.state != PurchaseState::kFailed && IsOwnPayment(current, charge)) {
    return ChargeFate::kAlreadyCounted;
  }
  if (IsOpen(current.state)) return ChargeFate::kAlreadyCounted;  // lease lost: its owner settles
  return Reverse(context, current, charge);
}

}  // namespace mg::api
