#include "route_context.h"

namespace mg::api {

RouteContext::RouteContext(const ApiDeps& deps, std::shared_ptr<const void> owner)
    : owner_(std::move(owner)),
      deps_(deps),
      store_spend_history_(deps.store),
      purchases_total_(deps.metrics->AddCounter(
          "purchases_total", "Purchases created, by market and the state they reached.",
          {"market", "state"})),
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
