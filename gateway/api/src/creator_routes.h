// Creators who receive LIVE gifts (docs/ledger.md, "Gifts"), `payouts` scope:
//
//   PUT /v1/creators/{id}            register (201) or update (200) a creator:
//     {"market": "BR", "age": 25, "standing": "good",
//      "payout": {"method": "pix", "token": "pixkey_tok_..."},
//      "tax_identity": {"status": "verified", "country": "BR", "reference": "tok_..."}}
//   GET /v1/creators/{id}            the creator as stored
//   GET /v1/creators/{id}/earnings   diamonds earned and not paid out, and
//                                    their value in the creator's currency
//
// The market decides the currency and rules: it must be live (451 when
// suspended) and declare gifting.diamond_value (422 otherwise); a creator
// the market's receive_gift age gate refuses (a minor) is 422
// compliance_denied and nothing is stored. Payout and tax references are
// provider tokens: a card, IBAN or bare account number is refused (400)
// and never echoed. A creator holding diamonds cannot move to another
// market (409). Records belong to the key's API account.
#pragma once

#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "route_context.h"

namespace mg::api {

Result<http::Response> HandlePutCreator(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetCreator(const RouteContext& context, const http::Request& request);
Result<http::Response> HandleGetEarnings(const RouteContext& context, const http::Request& request);

}  // namespace mg::api
