#include "refund_settlement.h"

#include <boost/json/serialize.hpp>

#include "gateway/providers/payment_provider.h"

namespace mg::api {
namespace {

using store::RefundState;

std::string RefundEventPayload(const store::Refund& refund) {
  return boost::json::serialize(boost::json::object{{"id", refund.id},
                                                    {"object", "refund"},
                                                    {"purchase", refund.purchase_id},
                                                    {"amount", refund.amount_minor},
                                                    {"tax", refund.tax_minor},
                                                    {"currency", refund.currency},
                                                    {"state", store::Name(refund.state)}});
}

}  // namespace

Result<store::Refund> SettleRefund(const RouteContext& context, const store::Refund& refund,
                                   RefundState to, const std::string& provider_reference,
                                   std::optional<store::FinishedAttempt> answer) {
  store::PaymentChanges changes;
  changes.at_ms = context.NowMillis();
  if (!provider_reference.empty()) changes.provider_reference = provider_reference;
  store::Refund projected = refund;
  projected.state = to;
  store::Effects effects;
  effects.events.push_back({to == RefundState::kSucceeded ? "purchase.refunded" : "refund.failed",
                            RefundEventPayload(projected)});
  effects.attempt_finished = std::move(answer);
  // A refund may fail after it succeeded (Adyen REFUND_FAILED after REFUND,
  // Stripe refund.failed after succeeded: the card network returned it);
  // it never succeeds after it failed.
  const std::vector<RefundState> from =
      to == RefundState::kFailed
          ? std::vector<RefundState>{RefundState::kPending, RefundState::kSucceeded}
          : std::vector<RefundState>{RefundState::kPending};
  MG_ASSIGN_OR_RETURN(store::Refund settled,
                      context.store().TransitionRefund(refund.id, from, to, changes, effects));
  context.refunds_total().WithLabels({store::Name(settled.state)}).Increment();
  return settled;
}

Status RecordRefundReference(const RouteContext& context, const store::Refund& refund,
                             const std::string& provider_reference,
                             std::optional<store::FinishedAttempt> answer) {
  if (provider_reference.empty() || provider_reference == refund.provider_reference) {
    if (!answer) return Status::Ok();
    return context.store().RecordAttemptFinished(answer->attempt_id, answer->outcome);
  }
  store::PaymentChanges changes;
  changes.at_ms = context.NowMillis();
  changes.provider_reference = provider_reference;
  store::Effects effects;
  effects.attempt_finished = std::move(answer);
  return context.store()
      .TransitionRefund(refund.id, {RefundState::kPending}, RefundState::kPending, changes, effects)
      .status();
}

Result<std::optional<store::Refund>> RefundOfCall(const RouteContext& context,
                                                  const std::string& purchase_id,
                                                  const std::string& idempotency_key) {
  MG_ASSIGN_OR_RETURN(std::vector<store::Refund> refunds, context.store().ListRefunds(purchase_id));
  for (store::Refund& refund : refunds) {
    if (providers::DeriveIdempotencyKey(refund.id, 1, providers::Operation::kRefund) ==
        idempotency_key) {
      return std::optional<store::Refund>(std::move(refund));
    }
  }
  return std::optional<store::Refund>();
}

}  // namespace mg::api
