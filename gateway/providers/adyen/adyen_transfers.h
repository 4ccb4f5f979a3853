// Adyen Transfers API v4 (balance platform) wire mapping for payouts: pure
// request building and response mapping, no I/O (adyen_provider.cc does the
// HTTP). X-API-Key and Idempotency-Key are added by the provider.
//
// A payout is one POST {transfers_base_url}/transfers from the platform's
// balance account to the creator's transfer instrument (category "bank").
// Its answer is usually "received"; the transfer then goes authorised ->
// booked (taken from the balance account) -> credited (at the creator's
// bank), or refused / failed / returned.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::adyen {

// Where and from what payouts are sent (settings, docs/providers.md).
struct TransferAccount {
  std::string base_url;            // "https://balanceplatform-api-test.adyen.com/btl/v4"
  std::string balance_account_id;  // "BA..."
  std::string priority = "regular";
};

// True for the priorities Adyen's TransferInfo.priority enumerates.
bool IsTransferPriority(std::string_view priority);

// The adyen kind's payout settings: transfers_base_url and
// balance_account_id, both or neither (nullopt: no payouts), and
// transfer_priority (default "regular"). Errors (kInvalidArgument) name the
// setting: "settings.transfers_base_url" (missing, or not http(s)://),
// "settings.balance_account_id" (missing, or not letters and digits),
// "settings.transfer_priority" (not one of Adyen's priorities).
Result<std::optional<TransferAccount>> TransferAccountOf(
    const std::map<std::string, std::string>& settings);

// POST /transfers: amount {currency, value (Adyen's unit)},
// balanceAccountId, category "bank", counterparty.transferInstrumentId,
// priority, reference = payout id, referenceForBeneficiary (the payout id's
// letters and digits, at most 15: Adyen's limit for non-IBAN accounts),
// description (Adyen's character set, at most 140).
Result<outbound::HttpRequest> BuildTransfer(const TransferAccount& account,
                                            const PayoutRequest& request);
// GET /transfers/{id}.
Result<outbound::HttpRequest> BuildGetTransfer(const TransferAccount& account,
                                               std::string_view transfer_id);

// A Transfer object: credited -> approved; refused, rejected, error,
// failed, returned, cancelled, expired -> declined (provider_code = reason);
// anything else (received, authorised, booked, pending...) -> pending.
// provider_reference is the transfer's id. Non-2xx: Adyen's problem object
// {type, errorCode, title, detail, status}.
PaymentResult MapTransferResponse(std::string_view provider,
                                  const outbound::HttpResponse& response);

}  // namespace mg::providers::adyen
