#include "refund_routes.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "amount_json.h"
#include "api_errors.h"
#include "base/log.h"
#include "currency/decimal.h"
#include "currency/rounding.h"
#include "gateway/store/ids.h"
#include "idempotency.h"
#include "order_fulfillment.h"
#include "payment_routing.h"
#include "refund_settlement.h"
#include "request_body.h"

namespace mg::api {
namespace {

constexpr const char* kReturnWindowClosed = "return_window_closed";

using providers::Outcome;
using store::RefundState;

struct RefundInput {
  std::string purchase;
  std::optional<std::string> amount;
  std::string reason;
};

Result<RefundInput> ReadInput(const boost::json::value& json) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"purchase", "amount", "reason"}));
  RefundInput input;
  MG_ASSIGN_OR_RETURN(input.purchase, RequiredString(*body, "purchase", "purchase"));
  MG_ASSIGN_OR_RETURN(input.amount, OptionalString(*body, "amount", "amount"));
  MG_ASSIGN_OR_RETURN(std::optional<std::string> reason, OptionalString(*body, "reason", "reason"));
  input.reason = reason.value_or("");
  return input;
}

Status Exceeds(const std::string& message) {
  return Status(ErrorCode::kOutOfRange, message, "amount");
}

boost::json::object RefundToJson(const store::Refund& refund, const AmountRenderer& amounts,
                                 std::string_view request_id) {
  boost::json::object out;
  out["id"] = refund.id;
  out["object"] = "refund";
  out["purchase"] = refund.purchase_id;
  out["amount"] = amounts(refund.amount_minor);
  out["tax_refunded"] = amounts(refund.tax_minor);
  out["state"] = store::Name(refund.state);
  out["reason"] = refund.reason;
  if (refund.provider_reference.empty()) {
    out["provider_reference"] = nullptr;
  } else {
    out["provider_reference"] = refund.provider_reference;
  }
  out["created"] = UnixSeconds(refund.created_at_ms);
  out["request_id"] = request_id;
  return out;
}

Result<std::string> RenderRefund(const RouteContext& context, const store::Purchase& purchase,
                                 const store::Refund& refund, std::string_view request_id) {
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  MG_ASSIGN_OR_RETURN(AmountRenderer amounts,
                      RendererForRecord(*snapshot, purchase.market, purchase.currency,
                                        ParseStoredJson(purchase.quote_json)));
  return boost::json::serialize(RefundToJson(refund, amounts, request_id));
}

// Under kUnspentOnly, what is left to refund of the money the purchase's
// coins not gifted paid; nullopt when the policy or the purchase (no coins)
// sets no such limit. The store checks it again, under the lot's lock.
Result<std::optional<int64_t>> UnspentRefundable(const RouteContext& context,
                                                 const store::Purchase& purchase,
                                                 store::RefundAfterGifts policy) {
  if (policy != store::RefundAfterGifts::kUnspentOnly) return std::optional<int64_t>();
  MG_ASSIGN_OR_RETURN(std::optional<store::CoinLot> lot, context.store().GetCoinLot(purchase.id));
  if (!lot) return std::optional<int64_t>();
  return std::optional<int64_t>(std::max<int64_t>(
      0,
      store::RefundableWithUnspentCoins(*lot, purchase.captured_minor) - purchase.refunded_minor));
}

// The refund as the client asked for it, checked against the purchase.
Result<store::Refund> PlanRefund(const RouteContext& context, const store::Purchase& purchase,
                                 const RefundInput& input) {
  // A refunded purchase has nothing left: that is refund_exceeds_captured below.
  if (purchase.state != store::PurchaseState::kSucceeded &&
      purchase.state != store::PurchaseState::kPartiallyRefunded &&
      purchase.state != store::PurchaseState::kRefunded) {
    return Status(ErrorCode::kFailedPrecondition,
                  "purchase " + purchase.id + " is " + std::string(store::Name(purchase.state)) +
                      "; only a captured purchase can be refunded",
                  "purchase");
  }
  MG_RETURN_IF_ERROR(CheckReturnWindow(context, purchase, input.reason));
  MG_ASSIGN_OR_RETURN(CurrencyCode currency, CurrencyCode::Parse(purchase.currency));
  const int64_t remaining = purchase.captured_minor - purchase.refunded_minor;
  int64_t amount = remaining;
  if (input.amount) {
    Result<Money> parsed = ParseMoney(*input.amount, currency);
    if (!parsed.ok()) return InvalidArgument(parsed.status().message(), "amount");
    amount = parsed->minor_units();
    if (amount <= 0) return Unprocessable("a refund amount must be positive", "amount");
  }
  if (remaining <= 0) return Exceeds("purchase " + purchase.id + " is refunded in full");
  if (amount > remaining) {
    return Exceeds("a refund of " + FormatPlain(Money(amount, currency)) + " exceeds the " +
                   FormatPlain(Money(remaining, currency)) + " left to refund");
  }
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  const store::RefundAfterGifts policy = AfterGiftsPolicy(*snapshot, purchase);
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> unspent, UnspentRefundable(context, purchase, policy));
  if (unspent) {
    // Without an amount, everything the policy still allows.
    if (!input.amount) amount = std::min(amount, *unspent);
    if (amount > *unspent || amount <= 0) {
      return Status(
          ErrorCode::kComplianceDenied,
          "purchase " + purchase.id + "'s market (" + purchase.market +
              ") refunds only coins not gifted yet: " + FormatPlain(Money(*unspent, currency)) +
              " is left to refund of what they paid, and " +
              (input.amount ? "the refund asks for " + FormatPlain(Money(amount, currency))
                            : std::string("all of its coins were gifted")),
          "amount");
    }
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::Refund> earlier, context.store().ListRefunds(purchase.id));
  MG_ASSIGN_OR_RETURN(store::Refund refund, NewRefundOf(purchase, amount, earlier));
  refund.state = RefundState::kPending;
  refund.reason = input.reason;
  refund.after_gifts = policy;
  refund.created_at_ms = refund.updated_at_ms = context.NowMillis();
  return refund;
}

// Calls the purchase's provider and settles the refund by its answer.
Result<FinalResponse> Execute(const RouteContext& context, const store::Purchase& purchase,
                              const store::Refund& refund, std::string_view request_id) {
  MG_ASSIGN_OR_RETURN(CurrencyCode currency, CurrencyCode::Parse(refund.currency));
  const providers::PaymentProvider* provider = context.providers().Find(purchase.provider);
  providers::PaymentResult result;
  Status refused;
  // The call's answer, written with the refund's move below in one
  // transaction (a crash between them would leave the refund pending with
  // its call answered, which reconciliation never looks at again).
  std::optional<store::FinishedAttempt> answer_record;
  if (provider == nullptr) {
    result.outcome = Outcome::kRetryableError;
    result.provider_code = "provider_not_configured";
  } else {
    providers::RefundRequest call{.amount = Money(refund.amount_minor, currency)};
    call.purchase_id = purchase.id;
    call.refund_id = refund.id;
    call.provider_reference = purchase.provider_reference;
    call.reason = refund.reason;
    call.idempotency_key =
        providers::DeriveIdempotencyKey(refund.id, 1, providers::Operation::kRefund);
    AttemptRecorder recorder(context, purchase.market, purchase.id, refund.amount_minor);
    Result<providers::PaymentResult> answer = recorder.Call(
        DirectCall{purchase.provider, providers::Operation::kRefund, call.idempotency_key, 1,
                   refund.amount_minor, purchase.provider_reference},
        [&] { return provider->Refund(call); }, /*defer_answer=*/true);
    answer_record = recorder.TakeAnswer();
    if (answer.ok()) {
      result = *answer;
    } else {
      refused = answer.status();
      result.outcome = Outcome::kFatalError;
    }
  }
  store::Refund settled = refund;
  if (result.outcome == Outcome::kApproved) {
    MG_ASSIGN_OR_RETURN(settled, SettleRefund(context, refund, RefundState::kSucceeded,
                                              result.provider_reference, answer_record));
  } else if (result.outcome == Outcome::kPending || result.outcome == Outcome::kRequiresAction ||
             result.outcome == Outcome::kNotFound) {
    // Accepted for later (Adyen's "received", a pending Stripe or Pix
    // refund) or in doubt (no answer, a 5xx): the refund stays pending with
    // its amount, and a webhook or reconciliation finishes it.
    Status kept = RecordRefundReference(context, refund, result.provider_reference, answer_record);
    if (!kept.ok()) {
      Log(LogLevel::kWarning, "refund=" + refund.id + " reference not stored: " + kept.ToString());
    }
    settled.provider_reference = result.provider_reference;
    context.refunds_total().WithLabels({store::Name(settled.state)}).Increment();
  } else {
    MG_ASSIGN_OR_RETURN(settled,
                        SettleRefund(context, refund, RefundState::kFailed, "", answer_record));
    boost::json::object details{
        {"refund", settled.id}, {"purchase", purchase.id}, {"provider_code", result.provider_code}};
    Status status = result.outcome == Outcome::kRetryableError
                        ? Status(ErrorCode::kUnavailable,
                                 "the payment provider is unavailable; nothing was refunded")
                        : Status(ErrorCode::kPaymentDeclined,
                                 "the payment provider refused the refund" +
                                     (refused.ok() ? "" : ": " + refused.message()));
    return RenderedError(
        CodedError(
            status,
            result.outcome == Outcome::kRetryableError ? kProviderUnavailable : "refund_failed",
            std::move(details)),
        request_id);
  }
  MG_ASSIGN_OR_RETURN(std::string body, RenderRefund(context, purchase, settled, request_id));
  return FinalResponse{201, std::move(body)};
}

Result<FinalResponse> CreateRefund(const RouteContext& context, const http::Request& request,
                                   IdempotentCall& call) {
  MG_ASSIGN_OR_RETURN(RefundInput input, ReadInput(request.json));
  MG_ASSIGN_OR_RETURN(store::Purchase purchase,
                      OwnedRecord(context.store().GetPurchase(input.purchase), request, "purchase",
                                  input.purchase, "purchase"));
  if (!call.recovered_resource().empty()) {
    call.MarkWritten();
    MG_ASSIGN_OR_RETURN(store::Refund earlier,
                        context.store().GetRefund(call.recovered_resource()));
    if (earlier.state == RefundState::kPending)
      return Execute(context, purchase, earlier, request.request_id);
    MG_ASSIGN_OR_RETURN(std::string body,
                        RenderRefund(context, purchase, earlier, request.request_id));
    return FinalResponse{201, std::move(body)};
  }
  MG_ASSIGN_OR_RETURN(store::Refund refund, PlanRefund(context, purchase, input));
  store::Effects effects;
  effects.idempotency = &call.lease();
  Result<store::Refund> created = context.store().CreateRefund(refund, effects);
  if (!created.ok()) {
    // Another refund of the purchase got there first.
    if (created.status().code() == ErrorCode::kOutOfRange)
      return Exceeds(created.status().message());
    return created.status();
  }
  call.MarkWritten();
  return Execute(context, purchase, *created, request.request_id);
}

}  // namespace

store::RefundAfterGifts AfterGiftsPolicy(const regions::MarketSnapshot& snapshot,
                                         const store::Purchase& purchase) {
  const regions::Market* market = snapshot.Find(purchase.market);
  if (market == nullptr || !market->gifting().refund_after_gifts) {
    return store::RefundAfterGifts::kPlatformAbsorbs;
  }
  switch (market->gifting().refund_after_gifts->policy) {
    case regions::RefundAfterGifts::kPlatformAbsorbs:
      return store::RefundAfterGifts::kPlatformAbsorbs;
    case regions::RefundAfterGifts::kUnspentOnly:
      return store::RefundAfterGifts::kUnspentOnly;
    case regions::RefundAfterGifts::kClawBackDiamonds:
      return store::RefundAfterGifts::kClawBackDiamonds;
  }
  return store::RefundAfterGifts::kPlatformAbsorbs;
}

Result<store::Refund> NewRefundOf(const store::Purchase& purchase, int64_t amount,
                                  const std::vector<store::Refund>& earlier) {
  int64_t tax_refunded = 0;
  for (const store::Refund& refund : earlier) {
    if (refund.state != RefundState::kFailed) tax_refunded += refund.tax_minor;
  }
  store::Refund refund;
  MG_ASSIGN_OR_RETURN(refund.id, store::NewId(store::kRefundIdPrefix));
  refund.purchase_id = purchase.id;
  refund.currency = purchase.currency;
  refund.amount_minor = amount;
  MG_ASSIGN_OR_RETURN(refund.tax_minor, RefundTax(purchase, amount, tax_refunded));
  return refund;
}

Result<int64_t> RefundTax(const store::Purchase& purchase, int64_t amount, int64_t tax_refunded) {
  const int64_t remaining_tax = std::max<int64_t>(0, purchase.tax_minor - tax_refunded);
  if (amount >= purchase.captured_minor - purchase.refunded_minor) return remaining_tax;
  if (purchase.total_minor <= 0) return int64_t{0};
  MG_ASSIGN_OR_RETURN(int64_t share,
                      DivideRounded(static_cast<__int128>(purchase.tax_minor) * amount,
                                    purchase.total_minor, RoundingMode::kHalfUp));
  return std::min(share, remaining_tax);
}

Result<http::Response> HandleCreateRefund(const RouteContext& context,
                                          const http::Request& request) {
  Result<http::Response> response = RunIdempotent(
      context, request, [&](IdempotentCall& call) { return CreateRefund(context, request, call); });
  if (!response.ok() && response.status().code() == ErrorCode::kOutOfRange) {
    return CodedError(response.status(), kRefundExceedsCaptured);
  }
  if (!response.ok() && response.status().code() == ErrorCode::kFailedPrecondition &&
      response.status().param() == "reason") {
    return CodedError(response.status(), kReturnWindowClosed);
  }
  // The one market rule a refund meets: gifting.refund_after_gifts.
  if (!response.ok() && response.status().code() == ErrorCode::kComplianceDenied) {
    return CodedError(response.status(), kRefundExceedsUnspentCoins);
  }
  return response;
}

Result<http::Response> HandleGetRefund(const RouteContext& context, const http::Request& request) {
  std::string id(request.PathParam("id"));
  MG_ASSIGN_OR_RETURN(store::Refund refund,
                      NamedRecord(context.store().GetRefund(id), "refund", id, "id"));
  // A refund belongs to whoever owns its purchase.
  MG_ASSIGN_OR_RETURN(
      store::Purchase purchase,
      OwnedRecord(context.store().GetPurchase(refund.purchase_id), request, "refund", id, "id"));
  MG_ASSIGN_OR_RETURN(std::string body,
                      RenderRefund(context, purchase, refund, request.request_id));
  return http::TextResponse(std::move(body), http::kJsonContentType);
}

}  // namespace mg::api
