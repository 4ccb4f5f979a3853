// A creator payout's outcome told by its provider's webhook (Stripe's
// payout.paid, payout.failed and payout.canceled, sent from the creator's
// connected account): found by our payout id and settled by the same
// mapping as the payout call and reconciliation (payout_settlement.h), so
// the payout need not wait for its next lookup. A payout already final, of
// another provider instance, or not ours is left as it is.
#pragma once

#include <string>

#include "gateway/providers/webhook_event.h"
#include "route_context.h"

namespace mg::api {

// Applies a payout event of `provider` (ProviderKind::DecidesPayout).
// Returns whether it changed anything.
Result<bool> ApplyPayoutEvent(const RouteContext& context, const std::string& provider,
                              const providers::WebhookEvent& event);

}  // namespace mg::api
