#include "chargeback_settlement.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <optional>
#include <vector>

#include "base/log.h"
#include "refund_routes.h"

namespace mg::api {
namespace {

using providers::Outcome;
using store::RefundState;

constexpr const char* kChargebackReason = "chargeback";

std::string ChargebackPayload(const store::Refund& refund) {
  return boost::json::serialize(boost::json::object{{"id", refund.id},
                                                    {"object", "refund"},
                                                    {"purchase", refund.purchase_id},
                                                    {"reason", refund.reason},
                                                    {"dispute", refund.provider_reference},
                                                    {"amount", refund.amount_minor},
                                                    {"tax", refund.tax_minor},
                                                    {"currency", refund.currency},
                                                    {"state", store::Name(refund.state)}});
}

// The purchase's chargeback by this dispute that stands (succeeded), if any.
std::optional<store::Refund> StandingChargeback(const std::vector<store::Refund>& refunds,
                                                const std::string& dispute) {
  for (const store::Refund& refund : refunds) {
    if (refund.reason == kChargebackReason && refund.provider_reference == dispute &&
        refund.state == RefundState::kSucceeded) {
      return refund;
    }
  }
  return std::nullopt;
}

// The dispute took `event.amount` (all that is left when it names none) of
// the purchase: a succeeded refund, in one transaction with its journal and
// its purchase.charged_back event.
Result<bool> RecordChargeback(const RouteContext& context, const std::string& provider,
                              const providers::WebhookEvent& event, const store::Purchase& purchase,
                              const std::vector<store::Refund>& refunds) {
  if (StandingChargeback(refunds, event.provider_reference)) return false;  // applied already
  const int64_t remaining = purchase.captured_minor - purchase.refunded_minor;
  int64_t amount = remaining;
  if (event.amount) {
    if (event.amount->currency().view() != purchase.currency) {
      Log(LogLevel::kError,
          "purchase=" + purchase.id + " " + provider + " dispute " + event.provider_reference +
              " is in " + std::string(event.amount->currency().view()) + ", the purchase in " +
              purchase.currency + ": not applied; a person must book it");
      return false;
    }
    amount = std::min(event.amount->minor_units(), remaining);
  }
  if (amount <= 0) {
    // The money left twice (a refund, then the dispute): nothing is left to
    // take back here; contesting the dispute is a person's job.
    Log(LogLevel::kError, "purchase=" + purchase.id + " charged back by " + provider + " dispute " +
                              event.provider_reference +
                              " after it was refunded in full: contest the dispute");
    return false;
  }
  MG_ASSIGN_OR_RETURN(store::Refund refund, NewRefundOf(purchase, amount, refunds));
  refund.state = RefundState::kSucceeded;
  refund.reason = kChargebackReason;
  refund.provider_reference = event.provider_reference;
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  refund.after_gifts = AfterGiftsPolicy(*snapshot, purchase);
  // The network has taken the money already: nothing can be refused.
  if (refund.after_gifts == store::RefundAfterGifts::kUnspentOnly) {
    refund.after_gifts = store::RefundAfterGifts::kPlatformAbsorbs;
  }
  refund.created_at_ms = refund.updated_at_ms = context.NowMillis();
  store::Effects effects;
  effects.events.push_back({"purchase.charged_back", ChargebackPayload(refund)});
  Result<store::Refund> created = context.store().CreateRefund(refund, effects);
  if (!created.ok() && (created.status().code() == ErrorCode::kOutOfRange ||
                        created.status().code() == ErrorCode::kFailedPrecondition)) {
    // A refund made meanwhile took what was left; redelivery finds nothing.
    Log(LogLevel::kError, "purchase=" + purchase.id + " " + provider + " dispute " +
                              event.provider_reference +
                              " not applied: " + created.status().message());
    return false;
  }
  MG_RETURN_IF_ERROR(created.status());
  context.refunds_total().WithLabels({store::Name(RefundState::kSucceeded)}).Increment();
  Log(LogLevel::kWarning, "purchase=" + purchase.id + " charged back by " + provider + " dispute " +
                              event.provider_reference + ": refund " + created->id);
  return true;
}

// The dispute was won: its chargeback fails, which reverses its journal and
// gives the coins back to the wallet and the amount back to the purchase.
Result<bool> ReverseChargeback(const RouteContext& context, const store::Purchase& purchase,
                               const providers::WebhookEvent& event,
                               const std::vector<store::Refund>& refunds) {
  std::optional<store::Refund> standing = StandingChargeback(refunds, event.provider_reference);
  if (!standing) {
    Log(LogLevel::kInfo, "purchase=" + purchase.id + " dispute " + event.provider_reference +
                             " reversed, but no chargeback of it stands");
    return false;
  }
  store::PaymentChanges changes;
  changes.at_ms = context.NowMillis();
  store::Refund reversed = *standing;
  reversed.state = RefundState::kFailed;
  store::Effects effects;
  effects.events.push_back({"chargeback.reversed", ChargebackPayload(reversed)});
  Result<store::Refund> moved = context.store().TransitionRefund(
      standing->id, {RefundState::kSucceeded}, RefundState::kFailed, changes, effects);
  if (!moved.ok() && moved.status().code() == ErrorCode::kFailedPrecondition) return false;
  MG_RETURN_IF_ERROR(moved.status());
  context.refunds_total().WithLabels({store::Name(RefundState::kFailed)}).Increment();
  return true;
}

}  // namespace

Result<bool> ApplyChargeback(const RouteContext& context, const std::string& provider,
                             const providers::WebhookEvent& event) {
  Result<store::Purchase> purchase =
      context.store().FindPurchaseByProviderReference(provider, event.disputed_reference);
  if (!purchase.ok()) {
    if (purchase.status().code() != ErrorCode::kNotFound) return purchase.status();
    // An ad booking paid by card, or a payment of another system.
    Log(LogLevel::kWarning, provider + " dispute " + event.provider_reference + " of " +
                                event.disputed_reference +
                                ", which is no purchase of ours: left to a person");
    return false;
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::Refund> refunds,
                      context.store().ListRefunds(purchase->id));
  if (event.outcome == Outcome::kApproved) {
    return RecordChargeback(context, provider, event, *purchase, refunds);
  }
  return ReverseChargeback(context, *purchase, event, refunds);
}

}  // namespace mg::api
