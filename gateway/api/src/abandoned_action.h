// A purchase whose shopper never finished the action its provider asked for
// (a 3-D Secure challenge, a redirect) within RoutesConfig::action_expiry of
// its creation is abandoned: the payment is voided at the provider first
// (Stripe cancels the PaymentIntent, Adyen cancels the payment), and only
// once the provider confirms the void does the purchase fail, so that a
// shopper finishing in between can never leave money taken on a failed
// purchase. Reconciliation calls this when the provider still says
// requires_action.
#pragma once

#include <string>

#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

bool ActionExpired(const RouteContext& context, const store::Purchase& purchase);

// Voids the payment (`reference` at `provider`, the void recorded as a
// provider attempt before it is made) and fails the purchase. Returns true
// when the purchase failed here; false, with the reason in `why`, when the
// void was not confirmed (looked at again later) or someone else moved the
// purchase first.
bool AbandonAction(const RouteContext& context, const store::Purchase& purchase,
                   const providers::PaymentProvider& provider, const std::string& reference,
                   std::string& why);

}  // namespace mg::api
