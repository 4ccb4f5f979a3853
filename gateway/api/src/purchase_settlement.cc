#include "purchase_settlement.h"

#include "amount_json.h"
#include "purchase_charge.h"
#include "purchase_json.h"

namespace mg::api {

using store::PurchaseState;

Result<Settlement> SettlePurchase(const RouteContext& context, const store::Purchase& purchase,
                                  const std::vector<PurchaseState>& from, PurchaseState to,
                                  const std::string& provider_reference,
                                  const store::IdempotencyLease* lease, const std::string& provider,
                                  providers::Authentication authentication) {
  const store::UnixMillis now = context.NowMillis();
  const int64_t captured = to == PurchaseState::kSucceeded ? purchase.total_minor : 0;
  store::PaymentChanges changes = store::PaymentChanges::At(now).set_captured_minor(captured);
  store::Purchase projected = purchase;
  if (!provider.empty() && provider != purchase.provider) {
    changes.set_provider(provider);
    projected.provider = provider;
  }
  projected.state = to;
  projected.captured_minor = captured;
  projected.updated_at_ms = now;
  if (!provider_reference.empty()) {
    changes.set_provider_reference(provider_reference);
    projected.provider_reference = provider_reference;
  }
  store::Effects effects = store::Effects::Holding(lease);
  effects.events.push_back(
      {"purchase." + std::string(store::Name(to)), PurchaseEventPayload(projected)});
  if (to == PurchaseState::kSucceeded) {
    // Written with the move, so the limits see every settled purchase.
    effects.spend =
        SpendOf(purchase, now, authentication == providers::Authentication::kAuthenticated);
  }
  if (authentication != providers::Authentication::kNone) {
    changes.set_authentication(providers::AuthenticationName(authentication));
    projected.authentication = providers::AuthenticationName(authentication);
  }
  Result<store::Purchase> moved =
      context.store().TransitionPurchase(purchase.id, from, to, changes, effects);
  if (!moved.ok()) {
    if (moved.status().code() != ErrorCode::kFailedPrecondition) return moved.status();
    MG_ASSIGN_OR_RETURN(store::Purchase current, context.store().GetPurchase(purchase.id));
    return Settlement{std::move(current), false};
  }
  context.CountPurchase(*moved, nullptr);
  return Settlement{*std::move(moved), true};
}

}  // namespace mg::api
