// The JSON form of a purchase (POST /v1/purchases, GET /v1/purchases/{id}):
//
//   {"id": "pur_...", "object": "purchase", "market": "DE", "customer": "c_1",
//    "state": "succeeded",
//    "amounts": {"subtotal": {amount, currency, formatted}, "tax": ...,
//                "total": ..., "captured": ..., "refunded": ...},
//    "coins_credited": 70,
//    "payment": {"method": "card", "provider": "sandbox", "provider_reference": "sbx_1",
//                "authentication": null | "authenticated" | "exempted" | "failed" | "none"},
//    "next_action": null | {"type": "redirect" | "challenge", "url": ..., "method": "GET",
//                           "data": {}, "return_url": ..., "expires": 1767226500},
//    "pending": null | {"pix_copy_paste": ..., "location": ..., "expires_at": ...},
//    "attempts": [{"id", "seq", "provider", "operation", "amount", "state",
//                  "provider_reference", "provider_code", "idempotency_key",
//                  "started", "finished"}],
//    "quote": {...the accepted quote...},
//    "created": 1767225600, "updated": 1767225600, "request_id": "..."}
//
// next_action is the stored one of a purchase in requires_action (GET shows
// it too); pending comes from the provider's answer to this request, and the
// store does not keep it, so GET shows null for it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amount_json.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"

namespace mg::api {

// What the shopper must do next, from the provider's answer.
struct PaymentNext {
  std::optional<providers::NextAction> action;
  std::optional<providers::PendingInstructions> pending;
};

boost::json::value NextActionJson(const std::optional<providers::NextAction>& action);
// With where the shopper comes back to, and when the action expires (unix
// seconds; the purchase is abandoned then): what a purchase stores.
boost::json::value NextActionJson(const std::optional<providers::NextAction>& action,
                                  const std::string& return_url, int64_t expires_unix);
boost::json::value PendingJson(const std::optional<providers::PendingInstructions>& pending);

// `quote` is the purchase's stored quote_json, parsed (ParseStoredJson).
// The object's nodes live in `storage`; `quote` moves in without a copy
// when it lives there too.
boost::json::object PurchaseToJson(const store::Purchase& purchase,
                                   const std::vector<store::ProviderAttempt>& attempts,
                                   const AmountRenderer& amounts, const PaymentNext& next,
                                   boost::json::value quote, std::string_view request_id,
                                   const boost::json::storage_ptr& storage = {});

// Coins the purchase credited: its coins once captured, else 0.
int64_t CoinsCredited(const store::Purchase& purchase);

// The payload of purchase.* outbox events.
std::string PurchaseEventPayload(const store::Purchase& purchase);

}  // namespace mg::api
