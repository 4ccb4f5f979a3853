#include "abandoned_action.h"

#include "base/log.h"
#include "payment_routing.h"
#include "purchase_settlement.h"

namespace mg::api {

bool ActionExpired(const RouteContext& context, const store::Purchase& purchase) {
  return purchase.state == store::PurchaseState::kRequiresAction &&
         context.NowMillis() - purchase.created_at_ms >= context.config().action_expiry.count();
}

bool AbandonAction(const RouteContext& context, const store::Purchase& purchase,
                   const providers::PaymentProvider& provider, const std::string& reference,
                   std::string& why) {
  providers::VoidRequest request;
  request.purchase_id = purchase.id;
  request.provider_reference = reference.empty() ? purchase.provider_reference : reference;
  request.idempotency_key =
      providers::DeriveIdempotencyKey(purchase.id, 1, providers::Operation::kVoid);
  AttemptRecorder recorder(context, purchase.market, purchase.id, purchase.total_minor);
  Result<providers::PaymentResult> voided = recorder.Call(
      DirectCall{std::string(provider.id()), providers::Operation::kVoid, request.idempotency_key,
                 1, purchase.total_minor, request.provider_reference},
      [&] { return provider.Void(request); });
  if (!voided.ok()) {
    why = "void of the abandoned payment refused: " + voided.status().ToString();
    return false;
  }
  if (voided->outcome != providers::Outcome::kApproved) {
    why = std::string("void of the abandoned payment not confirmed: ") +
          providers::OutcomeName(voided->outcome);
    return false;
  }
  Result<Settlement> failed =
      SettlePurchase(context, purchase, {store::PurchaseState::kRequiresAction},
                     store::PurchaseState::kFailed, request.provider_reference);
  if (!failed.ok()) {
    why = failed.status().ToString();
    return false;
  }
  if (!failed->moved) {
    why = "the purchase moved on before it was abandoned";
    return false;
  }
  Log(LogLevel::kInfo, "purchase=" + purchase.id +
                           " abandoned: the shopper's action expired; payment voided at " +
                           std::string(provider.id()));
  return true;
}

}  // namespace mg::api
