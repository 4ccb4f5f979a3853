// POST /v1/purchases/{id}/confirm: finishes a purchase that waits for the
// shopper (state requires_action: a 3-D Secure challenge, a redirect) with
// what the shopper's return brought:
//
//   {"details": {"redirectResult": "..."}}       Adyen, the return_url's query
//   {"details": {"payment_intent": "pi_..."}}    Stripe, the same
//   {} or no body                                ask the provider as it is now
//
// The provider's answer moves the purchase as its first answer would have
// (purchase_charge.h): succeeded (200, spend authenticated on the provider's
// word), failed (402 with the decline reason, nothing captured), or still
// requires_action (202: the shopper has not finished). Idempotent by state:
// a purchase no longer in requires_action is answered as it is, without a
// provider call, so a retry never charges again. Each call that reaches the
// provider is a provider attempt (operation complete_action) with its own
// idempotency key, recorded before it is made.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandleConfirmPurchase(const RouteContext& context,
                                             const http::Request& request);

}  // namespace mg::api
