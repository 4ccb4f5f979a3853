// Chargebacks: a cardholder's dispute that took a purchase's money back
// (Stripe charge.dispute.funds_withdrawn, Adyen CHARGEBACK and
// SECOND_CHARGEBACK), and the dispute won that gave it back (Stripe
// charge.dispute.funds_reinstated, Adyen CHARGEBACK_REVERSED).
//
// A chargeback is recorded as a refund of the purchase that has already
// succeeded (reason "chargeback", the dispute's reference as its provider
// reference), so that the ledger, the coin lots and the purchase's
// refundable amount follow it exactly as they follow a refund: unspent coins
// are taken back, and the coins already gifted are treated as the market's
// gifting.refund_after_gifts declares, except that unspent_only cannot
// refuse what the card network has already taken (the platform carries it,
// as under platform_absorbs). A dispute won fails that refund: its journal
// is reversed and the coins go back to the wallet.
#pragma once

#include <string>

#include "gateway/providers/webhook_event.h"
#include "route_context.h"

namespace mg::api {

// Applies a chargeback event of `provider` (ProviderKind::DecidesChargeback).
// Returns whether it changed anything: false for a dispute already applied,
// a reversal of no chargeback of ours, or a payment that is not ours.
Result<bool> ApplyChargeback(const RouteContext& context, const std::string& provider,
                             const providers::WebhookEvent& event);

}  // namespace mg::api
