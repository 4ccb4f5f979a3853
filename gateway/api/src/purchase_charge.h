// Charging a created purchase: authorize and capture through the market's
// provider route (every call recorded as a provider attempt before it is
// made), then move the purchase to the state the provider's answer decides,
// in ONE transaction with the attempt's answer, the spend, the outbox event
// and the response replayed for the Idempotency-Key:
//
//   approved         -> succeeded (spend recorded with the market's limits,
//                       authenticated only when the provider says so)
//   requires_action  -> requires_action, 202 (next_action: redirect / 3DS
//                       challenge, stored with the purchase; finished by
//                       POST /v1/purchases/{id}/confirm, a webhook, or
//                       abandoned after RoutesConfig::action_expiry)
//   pending          -> pending (asynchronous methods; ambiguous answers too,
//                       for reconciliation)
//   declined         -> failed, 402 payment_declined
//   retryable error  -> failed, 503 provider_unavailable (nothing charged)
//   fatal error      -> failed, 402 payment_failed
//
// The store enforces the spending limits atomically when the spend is
// recorded; a payment that loses that race (a concurrent purchase used the
// room) is refunded at once and answered 422 compliance_denied.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api_errors.h"
#include "compliance/request.h"
#include "gateway/providers/payment_router.h"
#include "gateway/store/records.h"
#include "payment_routing.h"
#include "pricing.h"
#include "purchase_json.h"
#include "request_body.h"
#include "route_context.h"

namespace mg::api {

struct ChargePlan {
  store::Purchase purchase{};  // as stored, state created
  MarketRef market{};          // the request's snapshot
  compliance::QuoteRequest request{};
  PaymentInput payment{};
  providers::RouteConfig route{};
  // The first attempt number; a resumed purchase repeats its last attempt,
  // so that the provider answers with the original charge.
  int first_attempt = 1;
  // The first attempt as written with the purchase's creation (unset when
  // resuming: the resumed attempt is recorded anew).
  std::optional<store::ProviderAttempt> recorded_first{};
  // The Idempotency-Key this request holds: the purchase's move out of
  // created stores the response with it (FinalResponse::stored). May be null.
  const store::IdempotencyLease* lease = nullptr;
  // purchase.quote_json, parsed; may live in an arena of the caller's
  // (json_arena.h): a plan is not copied, and does not outlive its caller.
  boost::json::value quote{};
  // The state the purchase leaves: created, or requires_action when the
  // shopper's action is being finished (purchase_confirm.h).
  store::PurchaseState from = store::PurchaseState::kCreated;
};

Result<FinalResponse> ChargePurchase(const RouteContext& context, const ChargePlan& plan,
                                     std::string_view request_id);

// Moves the purchase (from plan.from) as the provider's answer `result`
// decides, with the answer `recorder` holds, as the table above says.
Result<FinalResponse> SettleAnswer(const RouteContext& context, const ChargePlan& plan,
                                   AttemptRecorder& recorder,
                                   const providers::PaymentResult& result,
                                   std::string_view request_id);

// The response for a purchase as it is stored now: 201 with the purchase
// for created, succeeded, requires_action and pending; the error of a
// failed purchase otherwise.
Result<FinalResponse> RespondWithPurchase(const RouteContext& context, const MarketRef& market,
                                          const store::Purchase& purchase, const PaymentNext& next,
                                          std::string_view request_id);

// The ledger entry of a purchase that took its whole total at `at`.
store::Spend SpendOf(const store::Purchase& purchase, store::UnixMillis at, bool sca_performed);

}  // namespace mg::api
