#include "purchase_charge.h"

#include <boost/json/serialize.hpp>
#include <functional>
#include <optional>
#include <vector>

#include "base/log.h"
#include "json_arena.h"
#include "payment_routing.h"
#include "regions/market_code.h"
#include "sca_input.h"
#include "spend_limits.h"

namespace mg::api {
namespace {

using providers::Outcome;
using providers::PaymentResult;
using store::PurchaseState;

std::string ReturnUrlOf(const RouteContext& context, const ChargePlan& plan) {
  return plan.payment.return_url.empty() ? context.config().default_return_url
                                         : plan.payment.return_url;
}

providers::AuthorizeRequest BuildAuthorize(const RouteContext& context, const ChargePlan& plan) {
  const store::Purchase& purchase = plan.purchase;
  providers::AuthorizeRequest request{
      .amount = Money(purchase.total_minor, plan.market.market->currency())};
  request.purchase_id = purchase.id;
  request.payment_method = purchase.payment_method;
  request.payment_token = plan.payment.token;
  // No ids in free text: a run of hex digits could pass for a card number.
  request.description = "marketgate purchase in " + purchase.market;
  request.metadata["market"] = purchase.market;
  request.return_url = ReturnUrlOf(context, plan);
  request.capture = true;
  request.sca = plan.payment.shopper;
  request.sca.ask = ScaAskOf(purchase, plan.quote);
  request.sca.regime = purchase.sca_regime;
  request.payer.reference = purchase.customer_id;
  request.payer.country = std::string(regions::MarketCountry(purchase.market));
  return request;
}

// How the purchase leaves created.
struct PurchaseMove {
  PurchaseState to = PurchaseState::kFailed;
  const PaymentResult* result = nullptr;  // the provider's answer
  int64_t captured = 0;
  std::optional<store::Spend> spend{};  // approved charges only
  std::vector<store::SpendLimit> limits{};
  std::string next_action_json{};  // requires_action: NextActionOf
};

// The response for the purchase as moved, with its attempts as they will be.
using Responder = std::function<Result<FinalResponse>(
    const store::Purchase& moved, const std::vector<store::ProviderAttempt>& attempts)>;

// What the provider said of authentication, once it said something final.
std::optional<std::string> AuthenticationOf(const PurchaseMove& move) {
  if (move.result->authentication == providers::Authentication::kNone &&
      (move.to == PurchaseState::kRequiresAction || move.to == PurchaseState::kPending)) {
    return std::nullopt;
  }
  return providers::AuthenticationName(move.result->authentication);
}

// The next action a purchase in requires_action stores: the provider's, with
// where the shopper comes back to and when the purchase is abandoned.
std::string NextActionOf(const RouteContext& context, const ChargePlan& plan,
                         const PurchaseMove& move) {
  if (move.to != PurchaseState::kRequiresAction) return "";
  // Asked again before the shopper finished, a provider may not repeat the
  // action: the stored one still stands.
  if (!move.result->action) return plan.purchase.next_action_json;
  const store::UnixMillis expires =
      plan.purchase.created_at_ms + context.config().action_expiry.count();
  return boost::json::serialize(
      NextActionJson(move.result->action, ReturnUrlOf(context, plan), expires / 1000));
}

store::Purchase Project(const store::Purchase& purchase, const PurchaseMove& move,
                        store::UnixMillis now) {
  store::Purchase projected = purchase;
  projected.state = move.to;
  projected.captured_minor = move.captured;
  projected.updated_at_ms = now;
  if (std::optional<std::string> authentication = AuthenticationOf(move)) {
    projected.authentication = *authentication;
  }
  projected.next_action_json = move.next_action_json;
  if (!move.result->provider.empty()) projected.provider = move.result->provider;
  if (!move.result->provider_reference.empty()) {
    projected.provider_reference = move.result->provider_reference;
  }
  return projected;
}

// One transaction: the move with its event, the attempt's answer, the spend
// and, while `lease` holds the key, the response. The response is rendered
// before the write from the purchase and attempts as the write leaves them.
Result<FinalResponse> Commit(const RouteContext& context, const ChargePlan& plan,
                             AttemptRecorder& recorder, const PurchaseMove& move,
                             const store::IdempotencyLease* lease, const Responder& respond) {
  const store::Purchase& purchase = plan.purchase;
  const store::UnixMillis now = context.NowMillis();
  const store::Purchase projected = Project(purchase, move, now);
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListAttempts(purchase.id));
  MG_ASSIGN_OR_RETURN(FinalResponse response, respond(projected, recorder.Project(attempts)));

  store::PaymentChanges changes = store::PaymentChanges::At(now).set_captured_minor(move.captured);
  if (std::optional<std::string> authentication = AuthenticationOf(move)) {
    changes.set_authentication(*authentication);
  }
  changes.set_next_action_json(move.next_action_json);
  if (!move.result->provider.empty()) changes.set_provider(move.result->provider);
  if (!move.result->provider_reference.empty()) {
    changes.set_provider_reference(move.result->provider_reference);
  }
  store::Effects effects = store::Effects::Holding(lease);
  effects.events.push_back(
      {"purchase." + std::string(store::Name(move.to)), PurchaseEventPayload(projected)});
  effects.spend = move.spend;
  effects.spend_limits = move.limits;
  effects.attempt_finished = recorder.TakeAnswer();
  if (lease != nullptr)
    effects.response = store::StoredResponse{response.status_code, response.body};
  Result<store::Purchase> moved =
      context.store().TransitionPurchase(purchase.id, {plan.from}, move.to, changes, effects);
  if (!moved.ok()) {
    if (effects.attempt_finished) recorder.Restore(*std::move(effects.attempt_finished));
    return moved.status();
  }
  context.CountPurchase(*moved, move.result);
  response.stored = lease != nullptr;
  return response;
}

// Commit, and when something else changed first: a webhook or
// reconciliation moved the purchase, answered the attempt, or a retry took
// the key over after the lease. Then the answer is written on its own, the
// move is tried again without the key, and failing that the purchase is
// answered as it is now.
Result<FinalResponse> Finish(const RouteContext& context, const ChargePlan& plan,
                             AttemptRecorder& recorder, const PurchaseMove& move,
                             const Responder& respond, std::string_view request_id) {
  Result<FinalResponse> done = Commit(context, plan, recorder, move, plan.lease, respond);
  if (done.ok() || done.status().code() != ErrorCode::kFailedPrecondition) return done;
  recorder.Flush();
  done = Commit(context, plan, recorder, move, nullptr, respond);
  if (done.ok() || done.status().code() != ErrorCode::kFailedPrecondition) return done;
  MG_ASSIGN_OR_RETURN(store::Purchase current, context.store().GetPurchase(plan.purchase.id));
  if (move.result->authentication != providers::Authentication::kNone &&
      (current.authentication.empty() || current.authentication == "none")) {
    // Settled by a webhook that said nothing of authentication; this answer did.
    MG_ASSIGN_OR_RETURN(
        current, context.store().RecordAuthentication(
                     current.id, providers::AuthenticationName(move.result->authentication)));
  }
  return RespondWithPurchase(context, plan.market, current, {}, request_id);
}

// The 201 body of a purchase that has not failed, amounts in its quote's
// locale; `quote` lives in `arena`, where the body is built.
Result<FinalResponse> RenderPurchase(const MarketRef& market, const store::Purchase& purchase,
                                     const std::vector<store::ProviderAttempt>& attempts,
                                     boost::json::value quote, JsonArena& arena,
                                     const PaymentNext& next, std::string_view request_id) {
  MG_ASSIGN_OR_RETURN(AmountRenderer amounts, RendererForRecord(*market.snapshot, purchase.market,
                                                                purchase.currency, quote));
  // 202: accepted, and waiting for the shopper (next_action).
  const int status = purchase.state == PurchaseState::kRequiresAction ? 202 : 201;
  return FinalResponse{status, boost::json::serialize(PurchaseToJson(purchase, attempts, amounts,
                                                                     next, std::move(quote),
                                                                     request_id, arena.storage()))};
}

FinalResponse PaymentError(const Status& status, const char* code, const store::Purchase& purchase,
                           const PaymentResult& result, std::string_view request_id) {
  boost::json::object details;
  details["purchase"] = purchase.id;
  details["state"] = store::Name(purchase.state);
  details["provider"] = result.provider;
  details["decline_reason"] = providers::DeclineReasonName(result.decline_reason);
  details["provider_code"] = result.provider_code;
  return RenderedError(CodedError(status, code, std::move(details)), request_id);
}

// The purchase moved to failed with this error.
Result<FinalResponse> Fail(const RouteContext& context, const ChargePlan& plan,
                           AttemptRecorder& recorder, const PaymentResult& result,
                           const Status& status, const char* code, std::string_view request_id) {
  return Finish(
      context, plan, recorder, {PurchaseState::kFailed, &result},
      [&](const store::Purchase& failed,
          const std::vector<store::ProviderAttempt>&) -> Result<FinalResponse> {
        return PaymentError(status, code, failed, result, request_id);
      },
      request_id);
}

// The purchase moved to `to` (not failed), answered 201 with `next`.
Result<FinalResponse> Advance(const RouteContext& context, const ChargePlan& plan,
                              AttemptRecorder& recorder, PurchaseMove move, const PaymentNext& next,
                              std::string_view request_id) {
  return Finish(
      context, plan, recorder, move,
      [&](const store::Purchase& moved, const std::vector<store::ProviderAttempt>& attempts) {
        JsonArena arena;
        return RenderPurchase(plan.market, moved, attempts,
                              boost::json::value(plan.quote, arena.storage()), arena, next,
                              request_id);
      },
      request_id);
}

// The spend limits were used up by a concurrent payment after the quote was
// decided: give the money back at once. Returns true when the provider
// refunded it or accepted the refund.
bool RefundOverLimit(const RouteContext& context, const ChargePlan& plan, AttemptRecorder& recorder,
                     const PaymentResult& charged) {
  const store::Purchase& purchase = plan.purchase;
  const providers::PaymentProvider* provider = context.providers().Find(charged.provider);
  if (provider == nullptr) return false;
  providers::RefundRequest refund{.amount =
                                      Money(purchase.total_minor, plan.market.market->currency())};
  refund.purchase_id = purchase.id;
  refund.provider_reference = charged.provider_reference;
  refund.reason = "spending limit reached";
  refund.idempotency_key =
      providers::DeriveIdempotencyKey(purchase.id, 1, providers::Operation::kRefund);
  Result<PaymentResult> refunded = recorder.Call(
      DirectCall{charged.provider, providers::Operation::kRefund, refund.idempotency_key, 1,
                 purchase.total_minor, charged.provider_reference},
      [&] { return provider->Refund(refund); });
  // Adyen and other asynchronous providers accept a refund (pending) and
  // confirm it later: accepted is given back as far as this purchase goes.
  return refunded.ok() &&
         (refunded->outcome == Outcome::kApproved || refunded->outcome == Outcome::kPending);
}

Result<FinalResponse> Succeed(const RouteContext& context, const ChargePlan& plan,
                              AttemptRecorder& recorder, const PaymentResult& result,
                              std::string_view request_id) {
  const store::Purchase& purchase = plan.purchase;
  const store::UnixMillis now = context.NowMillis();
  PurchaseMove move{PurchaseState::kSucceeded, &result, purchase.total_minor};
  // Authenticated only on the provider's word: an exemption the issuer
  // accepted is not an authentication, and counts towards the next one.
  move.spend =
      SpendOf(purchase, now, result.authentication == providers::Authentication::kAuthenticated);
  move.limits = SpendLimitsFor(*plan.market.market, plan.request, now);
  Result<FinalResponse> done = Advance(context, plan, recorder, move, {}, request_id);
  if (done.status().code() != ErrorCode::kComplianceDenied) return done;
  const Status denied = done.status();
  if (RefundOverLimit(context, plan, recorder, result)) {
    return Fail(context, plan, recorder, result, denied, kComplianceDenied, request_id);
  }
  // The money is taken and cannot be given back now: the ledger must say so.
  Log(LogLevel::kError, "purchase=" + purchase.id +
                            " over the spending limit and not refunded: " + denied.ToString());
  move.limits.clear();
  return Advance(context, plan, recorder, move, {}, request_id);
}

}  // namespace

Result<FinalResponse> ChargePurchase(const RouteContext& context, const ChargePlan& plan,
                                     std::string_view request_id) {
  const store::Purchase& purchase = plan.purchase;
  AttemptRecorder recorder(context, purchase.market, purchase.id, purchase.total_minor);
  if (plan.recorded_first) {
    recorder.Adopt(plan.first_attempt, providers::Operation::kAuthorize, *plan.recorded_first);
  }
  Result<providers::RoutedResult> routed = context.router().Authorize(
      plan.route, BuildAuthorize(context, plan), plan.first_attempt, recorder.Observer());
  if (!routed.ok()) {
    // An adapter refused our request before sending it: nothing was charged.
    PaymentResult refused;
    refused.provider_code = ErrorCodeName(routed.status().code());
    return Fail(context, plan, recorder, refused, routed.status(), "", request_id);
  }
  return SettleAnswer(context, plan, recorder, routed->result, request_id);
}

Result<FinalResponse> SettleAnswer(const RouteContext& context, const ChargePlan& plan,
                                   AttemptRecorder& recorder, const PaymentResult& result,
                                   std::string_view request_id) {
  switch (result.outcome) {
    case Outcome::kApproved:
      return Succeed(context, plan, recorder, result, request_id);
    case Outcome::kRequiresAction: {
      PurchaseMove move{PurchaseState::kRequiresAction, &result};
      move.next_action_json = NextActionOf(context, plan, move);
      return Advance(context, plan, recorder, move, {result.action, std::nullopt}, request_id);
    }
    case Outcome::kPending:
    case Outcome::kNotFound:  // unknown: only an explicit answer decides
      return Advance(context, plan, recorder, {PurchaseState::kPending, &result},
                     {std::nullopt, result.pending}, request_id);
    case Outcome::kDeclined:
    case Outcome::kRetryableError:
    case Outcome::kFatalError: {
      PaymentFailure failure = PaymentFailureOf(result);
      return Fail(context, plan, recorder, result, failure.status, failure.code, request_id);
    }
  }
  return Status(ErrorCode::kInternal, "unknown payment outcome");
}

Result<FinalResponse> RespondWithPurchase(const RouteContext& context, const MarketRef& market,
                                          const store::Purchase& purchase, const PaymentNext& next,
                                          std::string_view request_id) {
  if (purchase.state == PurchaseState::kFailed) {
    PaymentResult unknown;
    unknown.provider = purchase.provider;
    return PaymentError(Status(ErrorCode::kPaymentDeclined, "the payment failed"), kPaymentFailed,
                        purchase, unknown, request_id);
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListAttempts(purchase.id));
  JsonArena arena;
  return RenderPurchase(market, purchase, attempts,
                        ParseStoredJson(purchase.quote_json, arena.storage()), arena, next,
                        request_id);
}

store::Spend SpendOf(const store::Purchase& purchase, store::UnixMillis at, bool sca_performed) {
  return store::Spend{
      purchase.customer_id, purchase.market, purchase.currency, purchase.total_minor, at,
      sca_performed,        purchase.id};
}

}  // namespace mg::api
