// Settling a purchase on the provider's word that arrives outside the request
// that charged it: a webhook, or reconciliation asking the provider about an
// attempt in doubt. One compare-and-set moves the purchase, with its
// purchase.<state> outbox event in the same transaction:
//
//   approved -> succeeded (captured = total), with its spend (authenticated
//               only when `authentication` says the provider reported it)
//   declined -> failed
//   (reconciliation also moves a created purchase to pending or
//   requires_action when the provider says so)
//
// The spend is written in the transaction of the compare-and-set, so that a
// duplicate webhook or a concurrent reconciler never counts it twice and a
// crash never loses it. It is recorded without the market's limits: the
// money is already taken, and the ledger must say so.
#pragma once

#include <string>
#include <vector>

#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

struct Settlement {
  store::Purchase purchase;  // as stored after the call
  bool moved = false;        // false: its state was not in `from` (someone else settled it)
};

// `provider_reference` (may be empty) is stored with the move, and
// `provider` (may be empty: unchanged) as the instance that took the
// payment. `lease`, when set, must still own its key for the move to happen
// (store::Effects::idempotency).
Result<Settlement> SettlePurchase(
    const RouteContext& context, const store::Purchase& purchase,
    const std::vector<store::PurchaseState>& from, store::PurchaseState to,
    const std::string& provider_reference, const store::IdempotencyLease* lease = nullptr,
    const std::string& provider = "",
    providers::Authentication authentication = providers::Authentication::kNone);

}  // namespace mg::api
