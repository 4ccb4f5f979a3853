// What every route shares: the dependencies, the spend history over the
// store and the money routes' metric families, built once by RegisterRoutes.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "compliance/spend_history.h"
#include "gateway/api/routes.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/spend_history.h"
#include "rendered_bodies.h"

namespace mg::api {

class RouteContext {
 public:
  // `owner` (may be null) is kept alive as long as the context: what the
  // pointers in `deps` point into.
  RouteContext(const ApiDeps& deps, std::shared_ptr<const void> owner);

  const ApiDeps& deps() const { return deps_; }
  store::Store& store() const { return *deps_.store; }
  const providers::ProviderSet& providers() const { return *deps_.providers; }
  const providers::PaymentRouter& router() const { return *deps_.router; }
  // The providers payments can go to here: the configured instances.
  regions::ProviderFilter UsableProviders() const;
  const RoutesConfig& config() const { return deps_.config; }
  const compliance::SpendHistory& spend_history() const {
    return deps_.spend_history != nullptr ? *deps_.spend_history : store_spend_history_;
  }

  // Null: quotes check VAT IDs offline.
  const regions::VatIdChecker* vat_id_checker() const { return deps_.vat_id_checker.get(); }

  // The snapshot serving now; kUnavailable before the first load.
  Result<std::shared_ptr<const regions::MarketSnapshot>> Snapshot() const;

  std::chrono::system_clock::time_point Now() const { return deps_.clock->Now(); }
  store::UnixMillis NowMillis() const;
  compliance::Timestamp NowSeconds() const;

  // Catalog and gift bodies of the current snapshot.
  RenderedBodies& rendered_bodies() const { return rendered_bodies_; }

  // Counts a purchase that reached `moved.state` in purchases_total and, by
  // market: once succeeded, its amount in purchase_volume_minor_total
  // {currency}; once failed, why in purchase_declines_total{reason} (the
  // decline reason of `answer`, its outcome when it was not a decline, or
  // "declined_later" when the answer came by webhook or reconciliation).
  void CountPurchase(const store::Purchase& moved, const providers::PaymentResult* answer) const;
  // provider_call_seconds{market,provider,operation}: every provider call
  // of a purchase or ad booking (AttemptRecorder).
  http::HistogramFamily& provider_call_seconds() const { return provider_call_seconds_; }
  http::CounterFamily& ad_bookings_total() const { return ad_bookings_total_; }
  http::CounterFamily& refunds_total() const { return refunds_total_; }
  http::CounterFamily& gifts_total() const { return gifts_total_; }
  // payouts_total{market,state}: payouts by the state their creation (or a
  // later lookup) reached; payout_provider_seconds{provider}: payout calls.
  http::CounterFamily& payouts_total() const { return payouts_total_; }
  http::HistogramFamily& payout_provider_seconds() const { return payout_provider_seconds_; }
  // mg_duplicate_charges_total{provider,reversal}: charges one too many.
  http::CounterFamily& duplicate_charges_total() const { return duplicate_charges_total_; }

 private:
  std::shared_ptr<const void> owner_;
  ApiDeps deps_;
  store::StoreSpendHistory store_spend_history_;
  mutable RenderedBodies rendered_bodies_;
  http::CounterFamily& purchases_total_;
  http::CounterFamily& purchase_volume_minor_total_;
  http::CounterFamily& purchase_declines_total_;
  http::HistogramFamily& provider_call_seconds_;
  http::CounterFamily& ad_bookings_total_;
  http::CounterFamily& refunds_total_;
  http::CounterFamily& gifts_total_;
  http::CounterFamily& payouts_total_;
  http::HistogramFamily& payout_provider_seconds_;
  http::CounterFamily& duplicate_charges_total_;
};

store::UnixMillis ToMillis(std::chrono::system_clock::time_point at);

}  // namespace mg::api
