#include "payout_routes.h"

#include <boost/json/serialize.hpp>

#include "amount_json.h"
#include "api_errors.h"
#include "compliance/decide.h"
#include "fx_rates.h"
#include "gateway/store/ids.h"
#include "idempotency.h"
#include "payout_dispatch.h"
#include "pricing.h"
#include "regions/payouts.h"
#include "request_body.h"

namespace mg::api {
namespace {

constexpr const char* kInsufficientDiamonds = "insufficient_diamonds";
constexpr const char* kFxRateStale = "fx_rate_stale";

struct PayoutInput {
  std::string creator;
  std::optional<int64_t> diamonds;  // all the creator holds when absent
};

Result<PayoutInput> ReadInput(const http::Request& request) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(request.json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"creator", "diamonds"}));
  PayoutInput input;
  MG_ASSIGN_OR_RETURN(input.creator, RequiredString(*body, "creator", "creator"));
  MG_ASSIGN_OR_RETURN(input.diamonds, OptionalInt(*body, "diamonds", "diamonds"));
  if (input.diamonds && *input.diamonds < 1) {
    return InvalidArgument("diamonds must be positive", "diamonds");
  }
  return input;
}

bool TaxIdentityVerified(const store::Creator& creator) {
  boost::json::value identity = ParseStoredJson(creator.tax_identity_json);
  const boost::json::object* object = identity.if_object();
  if (object == nullptr) return false;
  const boost::json::value* status = object->if_contains("status");
  return status != nullptr && status->is_string() && status->as_string() == "verified";
}

// The payout method the creator registered, as the market offers it.
Result<const regions::PayoutMethod*> PayoutMethodOf(const regions::Payouts& payouts,
                                                    const store::Creator& creator,
                                                    const std::string& market) {
  if (creator.payout_method.empty()) {
    return Unprocessable(
        "creator " + creator.id + " has no payout method; register one with PUT /v1/creators/{id}",
        "payout.method");
  }
  std::string offered;
  for (const regions::PayoutMethod& method : payouts.methods) {
    if (method.method == creator.payout_method) return &method;
    offered += (offered.empty() ? "" : ", ") + method.method;
  }
  return Unprocessable("payout method '" + creator.payout_method + "' is not offered in " + market +
                           " (offered: " + offered + ")",
                       "payout.method");
}

// ComputePayout's refusals, as the API answers them: no rates table or a
// stale one 409 fx_rate_stale (HandleCreatePayout), a pair the table lacks
// 422. Returned as errors, not stored, so that a retry with the same key
// after the next table is loaded goes through.
Status AmountsRefusal(const Status& status) {
  if (status.code() == ErrorCode::kFailedPrecondition) {
    return Status(ErrorCode::kFailedPrecondition, status.message(), "fx_rate");
  }
  if (status.code() == ErrorCode::kNotFound) return Unprocessable(status.message(), "fx_rate");
  return status;
}

struct PreparedPayout {
  store::PayoutRecord record;
  const providers::PaymentProvider* provider = nullptr;
};

// Everything decided before any money moves: the creator, the market's
// rules and figures, the amounts; a refusal is returned as the response.
// A payout ready to create, or the final refusal to answer instead.
struct Prepared {
  std::optional<FinalResponse> refusal;
  PreparedPayout payout;
};

Prepared Refused(FinalResponse refusal) { return Prepared{std::move(refusal), {}}; }

Result<Prepared> Prepare(const RouteContext& context, const http::Request& request,
                         const PayoutInput& input) {
  MG_ASSIGN_OR_RETURN(store::Creator creator,
                      NamedRecord(context.store().GetCreator(OwnerOf(request), input.creator),
                                  "creator", input.creator, "creator"));
  MG_ASSIGN_OR_RETURN(MarketRef market_ref, FindMarket(context, creator.market));
  const regions::Market& market = *market_ref.market;
  if (IsSuspended(market))
    return Refused(RenderedError(MarketSuspendedError(market), request.request_id));
  MG_ASSIGN_OR_RETURN(store::CreatorEarnings earnings,
                      context.store().GetCreatorEarnings(creator.owner, creator.id));
  const int64_t diamonds = input.diamonds.value_or(earnings.balance);
  if (diamonds < 1 || diamonds > earnings.balance) {
    return Status(ErrorCode::kOutOfRange,
                  "creator " + creator.id + " holds " + std::to_string(earnings.balance) +
                      " diamonds; cannot pay out " + std::to_string(diamonds),
                  "diamonds");
  }
  const compliance::PayoutRecipient recipient{
      creator.age, creator.standing == store::CreatorStanding::kGood, TaxIdentityVerified(creator)};
  const regions::Payouts* payouts = market.payouts();
  if (payouts == nullptr) {
    // Decided all the same, so the refusal names its check like any other.
    compliance::Decision decision =
        compliance::DecidePayout(market, recipient, Money(0, market.currency()));
    return Refused(RenderedError(ComplianceDeniedError(decision), request.request_id));
  }
  std::optional<RatesTable> rates;
  if (payouts->currency != market.currency()) {
    MG_ASSIGN_OR_RETURN(rates, CurrentRatesTable(context));
  }
  Result<regions::PayoutAmounts> amounts =
      regions::ComputePayout(market, diamonds, rates ? &*rates : nullptr, context.Now());
  if (!amounts.ok()) return AmountsRefusal(amounts.status());
  const compliance::Decision decision = compliance::DecidePayout(market, recipient, amounts->gross);
  if (std::optional<http::Response> refusal = DecisionRefusal(decision, "creator")) {
    return Refused(RenderedError(*refusal, request.request_id));
  }
  MG_ASSIGN_OR_RETURN(const regions::PayoutMethod* method,
                      PayoutMethodOf(*payouts, creator, market.code()));
  const providers::PaymentProvider* provider = context.providers().Find(method->provider);
  if (provider == nullptr) {
    return Status(ErrorCode::kUnavailable,
                  "payout provider '" + method->provider + "' is not configured on this gateway");
  }
  store::PayoutRecord record;
  MG_ASSIGN_OR_RETURN(record.id, store::NewId(store::kPayoutIdPrefix));
  record.owner = creator.owner;
  record.creator_id = creator.id;
  record.market = market.code();
  record.diamonds = diamonds;
  record.currency = amounts->gross.currency().str();
  record.gross_minor = amounts->gross.minor_units();
  record.withheld_minor = amounts->withheld.minor_units();
  record.net_minor = amounts->net.minor_units();
  if (amounts->fx_rate) {
    record.fx_rate = amounts->fx_rate->ToString();
    record.fx_as_of_ms = ToMillis(*amounts->fx_as_of);
  }
  record.method = method->method;
  record.provider = method->provider;
  record.destination = creator.payout_token;
  record.created_at_ms = context.NowMillis();
  record.next_check_at_ms = record.created_at_ms;  // looked up at once if left processing
  return Prepared{std::nullopt, PreparedPayout{std::move(record), provider}};
}

Result<FinalResponse> CreatePayout(const RouteContext& context, const http::Request& request,
                                   IdempotentCall& call) {
  if (call.recovered() && !call.recovered_resource().empty()) {
    return RecoveredPayoutResponse(context, request, call);
  }
  MG_ASSIGN_OR_RETURN(PayoutInput input, ReadInput(request));
  MG_ASSIGN_OR_RETURN(Prepared prepared, Prepare(context, request, input));
  if (prepared.refusal) return *prepared.refusal;
  PreparedPayout& payout = prepared.payout;

  Result<store::PayoutRecord> created =
      context.store().CreatePayout(payout.record, store::Effects::Holding(&call.lease()));
  if (!created.ok()) {
    if (created.status().code() == ErrorCode::kOutOfRange) {
      // Another payout took the diamonds meanwhile.
      return Status(ErrorCode::kOutOfRange, created.status().message(), "diamonds");
    }
    return created.status();
  }
  call.MarkWritten();
  return SendCreatedPayout(context, request, call, *created, *payout.provider, "Creator earnings");
}

}  // namespace

Result<http::Response> HandleCreatePayout(const RouteContext& context,
                                          const http::Request& request) {
  Result<http::Response> response = RunIdempotent(
      context, request, [&](IdempotentCall& call) { return CreatePayout(context, request, call); });
  if (!response.ok() && response.status().code() == ErrorCode::kOutOfRange) {
    return CodedError(response.status(), kInsufficientDiamonds);
  }
  if (!response.ok() && response.status().code() == ErrorCode::kFailedPrecondition &&
      response.status().param() == "fx_rate") {
    return CodedError(response.status(), kFxRateStale);
  }
  return response;
}

Result<http::Response> HandleGetPayout(const RouteContext& context, const http::Request& request) {
  const std::string id(request.PathParam("id"));
  MG_ASSIGN_OR_RETURN(store::PayoutRecord payout,
                      OwnedRecord(context.store().GetPayout(id), request, "payout", id, "id"));
  MG_ASSIGN_OR_RETURN(boost::json::object body, PayoutBody(context, payout));
  body["request_id"] = request.request_id;
  return http::JsonResponse(body);
}

}  // namespace mg::api
