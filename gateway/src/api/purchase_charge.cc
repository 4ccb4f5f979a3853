#include "purchase_charge.h"

#include <boost/json/serialize.hpp>

#include "gateway/log.h"
#include "payment_routing.h"
#include "spend_limits.h"

namespace mg::api {
namespace {

using providers::Outcome;
using providers::PaymentResult;
using store::PurchaseState;

providers::AuthorizeRequest BuildAuthorize(const PaymentContext& context, const ChargePlan& plan) {
  const store::Purchase& purchase = plan.purchase;
  providers::AuthorizeRequest request{
      .amount = Money(purchase.total_minor, plan.market.market->currency())};
  request.purchase_id = purchase.id;
  request.payment_method = purchase.payment_method;
  request.payment_token = plan.payment.token;
  // No ids in free text: a run of hex digits could pass for a card number.
  request.description = "marketgate purchase in " + purchase.market;
  request.metadata["market"] = purchase.market;
  if (!plan.sca_regime.empty()) request.metadata["sca_required"] = plan.sca_regime;
  request.return_url = plan.payment.return_url.empty() ? context.config().default_return_url
                                                       : plan.payment.return_url;
  request.capture = true;
  request.payer.reference = purchase.customer_id;
  request.payer.country = purchase.market;
  return request;
}

// Moves the purchase out of created with its event. When something else
// (a webhook) moved it first, the purchase as it is now.
Result<store::Purchase> Move(const PaymentContext& context, const store::Purchase& purchase,
                             PurchaseState to, const PaymentResult& result, int64_t captured) {
  store::PaymentChanges changes;
  changes.at_ms = context.NowMillis();
  changes.captured_minor = captured;
  store::Purchase projected = purchase;
  projected.state = to;
  projected.captured_minor = captured;
  if (!result.provider.empty()) changes.provider = projected.provider = result.provider;
  if (!result.provider_reference.empty()) {
    changes.provider_reference = projected.provider_reference = result.provider_reference;
  }
  store::Effects effects;
  effects.events.push_back(
      {"purchase." + std::string(store::Name(to)), PurchaseEventPayload(projected)});
  Result<store::Purchase> moved = context.store().TransitionPurchase(
      purchase.id, {PurchaseState::kCreated}, to, changes, effects);
  if (!moved.ok() && moved.status().code() == ErrorCode::kFailedPrecondition) {
    return context.store().GetPurchase(purchase.id);
  }
  if (moved.ok()) {
    context.purchases_total().WithLabels({moved->market, store::Name(moved->state)}).Increment();
  }
  return moved;
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

// The spend limits were used up by a concurrent payment after the quote was
// decided: give the money back at once. Returns true when the provider
// refunded it or accepted the refund.
bool RefundOverLimit(const PaymentContext& context, const ChargePlan& plan,
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
  AttemptRecorder recorder(context, purchase.id, purchase.total_minor);
  Result<PaymentResult> refunded =
      recorder.Call(charged.provider, providers::Operation::kRefund, refund.idempotency_key,
                    purchase.total_minor, [&] { return provider->Refund(refund); });
  // Adyen and other asynchronous providers accept a refund (pending) and
  // confirm it later: accepted is given back as far as this purchase goes.
  return refunded.ok() &&
         (refunded->outcome == Outcome::kApproved || refunded->outcome == Outcome::kPending);
}

Result<FinalResponse> Succeed(const PaymentContext& context, const ChargePlan& plan,
                              const PaymentResult& result, std::string_view request_id) {
  const store::Purchase& purchase = plan.purchase;
  const store::UnixMillis now = context.NowMillis();
  store::Spend spend{
      purchase.customer_id,     purchase.market, purchase.currency, purchase.total_minor, now,
      !plan.sca_regime.empty(), purchase.id};
  Status recorded =
      context.store().RecordSpend(spend, SpendLimitsFor(*plan.market.market, plan.request, now));
  if (recorded.code() == ErrorCode::kComplianceDenied) {
    if (RefundOverLimit(context, plan, result)) {
      MG_ASSIGN_OR_RETURN(store::Purchase failed,
                          Move(context, purchase, PurchaseState::kFailed, result, 0));
      return PaymentError(recorded, kComplianceDenied, failed, result, request_id);
    }
    // The money is taken and cannot be given back now: the ledger must say so.
    gateway::Log(gateway::LogLevel::kError,
                 "purchase=" + purchase.id +
                     " over the spending limit and not refunded: " + recorded.ToString());
    recorded = context.store().RecordSpend(spend, {});
  }
  MG_RETURN_IF_ERROR(recorded);  // store down: the key stays held; a retry resumes
  MG_ASSIGN_OR_RETURN(store::Purchase succeeded, Move(context, purchase, PurchaseState::kSucceeded,
                                                      result, purchase.total_minor));
  return RespondWithPurchase(context, plan.market, succeeded, {}, request_id);
}

}  // namespace

Result<FinalResponse> ChargePurchase(const PaymentContext& context, const ChargePlan& plan,
                                     std::string_view request_id) {
  const store::Purchase& purchase = plan.purchase;
  AttemptRecorder recorder(context, purchase.id, purchase.total_minor);
  Result<providers::RoutedResult> routed = context.router().Authorize(
      plan.route, BuildAuthorize(context, plan), plan.first_attempt, recorder.Observer());
  if (!routed.ok()) {
    // An adapter refused our request before sending it: nothing was charged.
    PaymentResult refused;
    refused.provider_code = ErrorCodeName(routed.status().code());
    MG_ASSIGN_OR_RETURN(store::Purchase failed,
                        Move(context, purchase, PurchaseState::kFailed, refused, 0));
    return PaymentError(routed.status(), "", failed, refused, request_id);
  }
  const PaymentResult& result = routed->result;
  switch (result.outcome) {
    case Outcome::kApproved:
      return Succeed(context, plan, result, request_id);
    case Outcome::kRequiresAction: {
      MG_ASSIGN_OR_RETURN(store::Purchase moved,
                          Move(context, purchase, PurchaseState::kRequiresAction, result, 0));
      return RespondWithPurchase(context, plan.market, moved, {result.action, std::nullopt},
                                 request_id);
    }
    case Outcome::kPending:
    case Outcome::kNotFound: {  // unknown: only an explicit answer decides
      MG_ASSIGN_OR_RETURN(store::Purchase moved,
                          Move(context, purchase, PurchaseState::kPending, result, 0));
      return RespondWithPurchase(context, plan.market, moved, {std::nullopt, result.pending},
                                 request_id);
    }
    case Outcome::kDeclined: {
      MG_ASSIGN_OR_RETURN(store::Purchase failed,
                          Move(context, purchase, PurchaseState::kFailed, result, 0));
      std::string reason = providers::DeclineReasonName(result.decline_reason);
      return PaymentError(
          Status(ErrorCode::kPaymentDeclined, "the payment was declined (" + reason + ")"),
          kPaymentDeclined, failed, result, request_id);
    }
    case Outcome::kRetryableError: {
      MG_ASSIGN_OR_RETURN(store::Purchase failed,
                          Move(context, purchase, PurchaseState::kFailed, result, 0));
      return PaymentError(
          Status(ErrorCode::kUnavailable,
                 "no payment provider could take the payment now; nothing was charged. Retry "
                 "with a new Idempotency-Key"),
          kProviderUnavailable, failed, result, request_id);
    }
    case Outcome::kFatalError: {
      MG_ASSIGN_OR_RETURN(store::Purchase failed,
                          Move(context, purchase, PurchaseState::kFailed, result, 0));
      return PaymentError(
          Status(ErrorCode::kPaymentDeclined,
                 "the payment provider refused the payment (" + result.provider_code + ")"),
          kPaymentFailed, failed, result, request_id);
    }
  }
  return Status(ErrorCode::kInternal, "unknown payment outcome");
}

Result<FinalResponse> RespondWithPurchase(const PaymentContext& context, const MarketRef& market,
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
  boost::json::value quote = ParseStoredJson(purchase.quote_json);
  MG_ASSIGN_OR_RETURN(AmountRenderer amounts, RendererForRecord(*market.snapshot, purchase.market,
                                                                purchase.currency, quote));
  return FinalResponse{
      201, boost::json::serialize(PurchaseToJson(purchase, attempts, amounts, next, request_id))};
}

std::string ScaRegimeOfStoredQuote(const boost::json::value& quote) {
  const boost::json::value* requirements = nullptr;
  if (const auto* object = quote.if_object()) {
    if (const auto* decision = object->if_contains("decision"); decision && decision->is_object()) {
      requirements = decision->get_object().if_contains("requirements");
    }
  }
  if (requirements == nullptr || !requirements->is_array()) return "";
  for (const boost::json::value& item : requirements->get_array()) {
    const auto* requirement = item.if_object();
    if (requirement == nullptr) continue;
    const auto* type = requirement->if_contains("type");
    if (type == nullptr || !type->is_string() || type->get_string() != "sca") continue;
    const auto* regime = requirement->if_contains("regime");
    return regime != nullptr && regime->is_string() ? std::string(regime->get_string()) : "sca";
  }
  return "";
}

}  // namespace mg::api
