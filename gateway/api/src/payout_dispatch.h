// What every payout does once it is created, a creator's or a seller's
// (docs/payouts.md): the provider call with a key derived from the payout
// id, its answer applied (payout_settlement.h) in one transaction with the
// response the Idempotency-Key replays and the event, and the payout as
// the API shows it.
#pragma once

#include <boost/json/object.hpp>

#include "api_errors.h"
#include "gateway/http/request.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/payouts.h"
#include "idempotency.h"
#include "route_context.h"

namespace mg::api {

// The payout's fields (payout_json.h), with the orders a seller payout paid.
Result<boost::json::object> PayoutBody(const RouteContext& context,
                                       const store::PayoutRecord& payout);

// The answer to a request whose key an earlier holder used to create the
// payout and then stalled: the payout as it is now; reconciliation ends it.
Result<FinalResponse> RecoveredPayoutResponse(const RouteContext& context,
                                              const http::Request& request,
                                              const IdempotentCall& call);

// Pays `created` (just written by the store, processing) through `provider`
// and answers: 201 paid or failed, 202 while processing or maybe paid.
// `description` is what the payee's statement shows ("Creator earnings").
Result<FinalResponse> SendCreatedPayout(const RouteContext& context, const http::Request& request,
                                        IdempotentCall& call, const store::PayoutRecord& created,
                                        const providers::PaymentProvider& provider,
                                        const std::string& description);

}  // namespace mg::api
