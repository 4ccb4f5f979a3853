#include "route_context.h"

namespace mg::api {

RouteContext::RouteContext(const ApiDeps& deps, std::shared_ptr<const void> owner)
    : owner_(std::move(owner)),
      deps_(deps),
      store_spend_history_(deps.store),
      purchases_total_(deps.metrics->AddCounter(
          "purchases_total", "Purchases created, by market and the state they reached.",
          {"market", "state"})),
      purchase_volume_minor_total_(deps.metrics->AddCounter(
          "purchase_volume_minor_total",
          "Amounts of purchases that succeeded, in minor units of their currency, by market.",
          {"market", "currency"})),
      purchase_declines_total_(deps.metrics->AddCounter(
          "purchase_declines_total",
          "Purchases that failed, by market and why: the provider's decline reason, "
          "retryable_error (no provider could take it), fatal_error, or declined_later "
          "(a webhook or reconciliation brought the refusal).",
          {"market", "reason"})),
      provider_call_seconds_(deps.metrics->AddHistogram(
          "provider_call_seconds",
          "Time of the payment provider calls of purchases and ad bookings, by market, "
          "provider and operation (authorize, capture, status, refund, ...).",
          {"market", "provider", "operation"})),
      ad_bookings_total_(deps.metrics->AddCounter(
          "ad_bookings_total", "Ad bookings created, by market and the state they reached.",
          {"market", "state"})),
      refunds_total_(deps.metrics->AddCounter(
          "refunds_total", "Refunds created, by the state they reached.", {"state"})),
      gifts_total_(deps.metrics->AddCounter(
          "gifts_total",
          "Gifts the store was asked to send, by the sender's market and result: sent, or why "
          "the store refused (out_of_range: too few coins; failed_precondition: the creator "
          "was restricted meanwhile).",
          {"market", "result"})),
      payouts_total_(deps.metrics->AddCounter(
          "payouts_total",
          "Creator payouts, by the creator's market and the state they reached: paid, failed, "
          "processing (maybe paid, looked up again) or needs_attention.",
          {"market", "state"})),
      payout_provider_seconds_(deps.metrics->AddHistogram(
          "payout_provider_seconds", "Time of payout calls to the provider, by provider.",
          {"provider"})),
      duplicate_charges_total_(deps.metrics->AddCounter(
          "mg_duplicate_charges_total",
          "Charges found beyond one per purchase (a second provider took the payment, or the "
          "purchase had failed), by provider and whether their reversal was accepted "
          "(refunded) or awaits an answer (in_doubt). A healthy system keeps it at 0.",
          {"provider", "reversal"})) {}

void RouteContext::CountPurchase(const store::Purchase& moved,
                                 const providers::PaymentResult* answer) const {
  purchases_total_.WithLabels({moved.market, store::Name(moved.state)}).Increment();
  if (moved.state == store::PurchaseState::kSucceeded && moved.total_minor > 0) {
    purchase_volume_minor_total_.WithLabels({moved.market, moved.currency})
        .Increment(static_cast<uint64_t>(moved.total_minor));
  }
  if (moved.state != store::PurchaseState::kFailed) return;
  std::string_view reason = "declined_later";
  if (answer != nullptr) {
    reason = answer->outcome == providers::Outcome::kDeclined
                 ? providers::DeclineReasonName(answer->decline_reason)
                 : providers::OutcomeName(answer->outcome);
  }
  purchase_declines_total_.WithLabels({moved.market, reason}).Increment();
}

Result<std::shared_ptr<const regions::MarketSnapshot>> RouteContext::Snapshot() const {
  std::shared_ptr<const regions::MarketSnapshot> snapshot = deps_.snapshots();
  if (!snapshot) return Status(ErrorCode::kUnavailable, "the market files are not loaded yet");
  return snapshot;
}

regions::ProviderFilter RouteContext::UsableProviders() const {
  return
      [providers = deps_.providers](std::string_view id) { return providers->Find(id) != nullptr; };
}

store::UnixMillis ToMillis(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

store::UnixMillis RouteContext::NowMillis() const { return ToMillis(Now()); }

compliance::Timestamp RouteContext::NowSeconds() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(Now());
}

}  // namespace mg::api
