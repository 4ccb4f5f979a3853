// Stripe Connect payout wire mapping: pure request building and response
// mapping, no I/O (stripe_provider.cc does the HTTP).
//
// A payout to a creator is two calls (docs/providers.md, "Payouts"):
//  1. POST /v1/transfers moves the money from the platform's balance to the
//     creator's connected account ("acct_..."), grouped by our payout id;
//  2. POST /v1/payouts, made as that account (header Stripe-Account), sends
//     it from the account's balance to the creator's bank.
// The payout's idempotency key is suffixed per call ("-transfer",
// "-payout"), so that each call can be replayed on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::stripe {

std::string TransferIdempotencyKey(std::string_view payout_key);
std::string PayoutIdempotencyKey(std::string_view payout_key);

// POST /v1/transfers: amount (Stripe's unit), currency (lower case),
// destination, transfer_group = payout id, metadata[payout_id], description.
// Errors: ValidatePayoutRequest's, a destination that is not "acct_...".
Result<outbound::HttpRequest> BuildCreateTransfer(std::string_view base_url,
                                                  const PayoutRequest& request);
// POST /v1/payouts as the connected account: amount, currency,
// metadata[payout_id]. Only what a status lookup can rebuild (no
// description), so that re-sending it with the same key is the same request.
Result<outbound::HttpRequest> BuildCreatePayout(std::string_view base_url, std::string_view account,
                                                std::string_view payout_id, const Money& amount);
// GET /v1/payouts/{po} as the connected account.
Result<outbound::HttpRequest> BuildRetrievePayout(std::string_view base_url,
                                                  std::string_view account,
                                                  std::string_view payout_reference);
// GET /v1/transfers?transfer_group=<payout id>.
Result<outbound::HttpRequest> BuildListTransfers(std::string_view base_url,
                                                 std::string_view payout_id);
// GET /v1/payouts?limit=100[&starting_after=po_...] as the connected account.
Result<outbound::HttpRequest> BuildListPayouts(std::string_view base_url, std::string_view account,
                                               std::string_view starting_after);

// A transfer object: kApproved (the money is in the connected account)
// with the "tr_..." id; an error maps as every Stripe error does.
PaymentResult MapTransferResponse(std::string_view provider,
                                  const outbound::HttpResponse& response);
// A payout object: paid -> approved; pending, in_transit -> pending; failed,
// canceled -> declined (failure_code, failure_message); anything else ->
// pending. provider_reference is the "po_..." id.
PaymentResult MapPayoutResponse(std::string_view provider, const outbound::HttpResponse& response);

// A list of transfers or payouts, read for a lookup without a reference.
struct PayoutListPage {
  // Set when the list could not be read: the mapped error or non-list 2xx.
  std::optional<PaymentResult> failure;
  bool has_more = false;
  std::string last_id;  // for starting_after
  // The first transfer of the page (transfer lists) and its destination.
  std::string transfer_id;
  std::string transfer_destination;
  // The payout of the page whose metadata[payout_id] matches (payout lists),
  // mapped as MapPayoutResponse maps it.
  std::optional<PaymentResult> payout;
};
PayoutListPage MapTransferList(std::string_view provider, const outbound::HttpResponse& response);
PayoutListPage MapPayoutList(std::string_view provider, const outbound::HttpResponse& response,
                             std::string_view payout_id);

}  // namespace mg::providers::stripe
