// Settling a refund on the provider's word, from the request that made it, a
// webhook or reconciliation: one compare-and-set from pending, with its
// outbox event (purchase.refunded or refund.failed) in the same transaction.
// A failed refund gives its amount back to the purchase; a refund in doubt
// stays pending and keeps its amount until the provider says it failed.
#pragma once

#include <optional>
#include <string>

#include "gateway/store/records.h"
#include "gateway/store/store.h"
#include "route_context.h"

namespace mg::api {

// Moves a pending `refund` to `to` (succeeded or failed), storing
// `provider_reference` when not empty. kFailedPrecondition when it is no
// longer pending (someone else settled it).
// `answer`, when set, is the refund call's answer, recorded in the same
// transaction.
Result<store::Refund> SettleRefund(const RouteContext& context, const store::Refund& refund,
                                   store::RefundState to, const std::string& provider_reference,
                                   std::optional<store::FinishedAttempt> answer = std::nullopt);

// Keeps a pending refund pending and stores the reference the provider gave
// it, so that its webhook and its lookup find it.
Status RecordRefundReference(const RouteContext& context, const store::Refund& refund,
                             const std::string& provider_reference,
                             std::optional<store::FinishedAttempt> answer = std::nullopt);

// The refund a provider call with `idempotency_key` was made for, among the
// purchase's refunds; nullopt when the call was no refund of ours (the
// reversal of a charge too many).
Result<std::optional<store::Refund>> RefundOfCall(const RouteContext& context,
                                                  const std::string& purchase_id,
                                                  const std::string& idempotency_key);

}  // namespace mg::api
