#include "seller_payout_routes.h"

#include "amount_json.h"
#include "currency/decimal.h"
#include "gateway/store/ids.h"
#include "payout_dispatch.h"
#include "payout_json.h"
#include "payout_token.h"
#include "pricing.h"
#include "request_body.h"

namespace mg::api {
namespace {

constexpr const char* kHoldingPeriod = "holding_period";
constexpr const char* kSellerDebt = "seller_debt";
constexpr const char* kNothingPayable = "nothing_payable";

struct SellerPayoutInput {
  std::string seller;
  std::string market;
  std::string method;
  std::string destination;
};

Result<SellerPayoutInput> ReadInput(const http::Request& request) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(request.json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"seller", "market", "method", "destination"}));
  SellerPayoutInput input;
  MG_ASSIGN_OR_RETURN(input.seller, RequiredString(*body, "seller", "seller"));
  MG_ASSIGN_OR_RETURN(input.market, RequiredString(*body, "market", "market"));
  MG_ASSIGN_OR_RETURN(input.method, RequiredString(*body, "method", "method"));
  MG_ASSIGN_OR_RETURN(input.destination, RequiredString(*body, "destination", "destination"));
  MG_RETURN_IF_ERROR(CheckPayoutToken(input.destination, "destination"));
  return input;
}

// A refusal as the API answers it, with its code and details. The work
// returns its status as an error, so that the key is released, not kept;
// the handler answers the refusal instead.
struct Refusal {
  Status status;
  http::Response response;
};

Refusal Refused(Status status, std::string_view code, boost::json::object details = {}) {
  http::Response response = CodedError(status, code, std::move(details));
  return Refusal{std::move(status), std::move(response)};
}

// Why nothing is payable to the seller now.
Refusal NothingPayable(const std::string& seller, const store::SellerPayable& payable,
                       const AmountRenderer& amounts) {
  const std::string currency(amounts.currency().str());
  boost::json::object details{
      {"owed", amounts(payable.owed_minor)},
      {"held", amounts(payable.held_minor)},
      {"payable_orders", SellerOrderParts(payable.payable_orders, amounts, true)},
      {"held_orders", SellerOrderParts(payable.held_orders, amounts, true)}};
  if (payable.payable_minor < 0) {
    return Refused(
        Status(ErrorCode::kUnprocessable,
               "seller " + seller + " owes " +
                   FormatPlain(Money(-payable.payable_minor, amounts.currency())) + " " + currency +
                   " from returns after an earlier payout, more than the orders "
                   "payable now (details)",
               "seller"),
        kSellerDebt, std::move(details));
  }
  if (!payable.held_orders.empty()) {
    return Refused(Status(ErrorCode::kFailedPrecondition,
                          "nothing is payable to seller " + seller +
                              " yet: " + std::to_string(payable.held_orders.size()) +
                              " order(s) not delivered or still in their holding period "
                              "(details.held_orders)",
                          "seller"),
                   kHoldingPeriod, std::move(details));
  }
  return Refused(Status(ErrorCode::kUnprocessable,
                        "seller " + seller + " has no unpaid orders in " + currency, "seller"),
                 kNothingPayable, std::move(details));
}

struct Prepared {
  store::PayoutRecord record;
  const providers::PaymentProvider* provider = nullptr;
};

Result<Prepared> Prepare(const RouteContext& context, const http::Request& request,
                         const SellerPayoutInput& input, std::optional<Refusal>& refusal) {
  MG_ASSIGN_OR_RETURN(MarketRef market_ref, FindMarket(context, input.market));
  const regions::Market& market = *market_ref.market;
  if (IsSuspended(market)) {
    refusal = Refusal{Status(ErrorCode::kUnavailableForLegal, "market is suspended", "market"),
                      MarketSuspendedError(market)};
    return Prepared{};
  }
  const regions::Payouts* payouts = market.payouts();
  if (payouts == nullptr) {
    return Unprocessable(
        "market " + market.code() + " pays nobody out yet (no payouts section; docs/payouts.md)",
        "market");
  }
  const regions::PayoutMethod* method = nullptr;
  std::string offered;
  for (const regions::PayoutMethod& candidate : payouts->methods) {
    if (candidate.method == input.method) method = &candidate;
    offered += (offered.empty() ? "" : ", ") + candidate.method;
  }
  if (method == nullptr) {
    return Unprocessable("payout method '" + input.method + "' is not offered in " + market.code() +
                             " (offered: " + offered + ")",
                         "method");
  }
  Prepared prepared;
  prepared.provider = context.providers().Find(method->provider);
  if (prepared.provider == nullptr) {
    return Status(ErrorCode::kUnavailable,
                  "payout provider '" + method->provider + "' is not configured on this gateway");
  }
  // Sellers are paid in the currency their orders were paid in.
  const std::string currency(market.currency().str());
  const store::UnixMillis now = context.NowMillis();
  MG_ASSIGN_OR_RETURN(
      store::SellerPayable payable,
      context.store().GetSellerPayable(OwnerOf(request), input.seller, currency, now));
  if (payable.payable_minor <= 0) {
    refusal = NothingPayable(input.seller, payable, AmountRenderer(market.currency(), nullptr));
    return Prepared{};
  }
  store::PayoutRecord& record = prepared.record;
  MG_ASSIGN_OR_RETURN(record.id, store::NewId(store::kPayoutIdPrefix));
  record.owner = OwnerOf(request);
  record.seller_id = input.seller;
  record.market = market.code();
  record.currency = currency;
  record.method = method->method;
  record.provider = method->provider;
  record.destination = input.destination;
  record.created_at_ms = now;
  record.next_check_at_ms = now;  // looked up at once if left processing
  return prepared;
}

Result<FinalResponse> CreateSellerPayout(const RouteContext& context, const http::Request& request,
                                         IdempotentCall& call, std::optional<Refusal>& refusal) {
  if (call.recovered() && !call.recovered_resource().empty()) {
    return RecoveredPayoutResponse(context, request, call);
  }
  MG_ASSIGN_OR_RETURN(SellerPayoutInput input, ReadInput(request));
  MG_ASSIGN_OR_RETURN(Prepared prepared, Prepare(context, request, input, refusal));
  if (refusal) return refusal->status;
  Result<store::PayoutRecord> created = context.store().CreateSellerPayout(
      prepared.record, prepared.record.created_at_ms, store::Effects::Holding(&call.lease()));
  if (!created.ok()) {
    if (created.status().code() == ErrorCode::kOutOfRange) {
      // Another payout paid the orders meanwhile.
      refusal = Refused(Status(ErrorCode::kUnprocessable, created.status().message(), "seller"),
                        kNothingPayable);
      return refusal->status;
    }
    return created.status();
  }
  call.MarkWritten();
  return SendCreatedPayout(context, request, call, *created, *prepared.provider, "Seller proceeds");
}

}  // namespace

Result<http::Response> HandleCreateSellerPayout(const RouteContext& context,
                                                const http::Request& request) {
  std::optional<Refusal> refusal;
  Result<http::Response> response = RunIdempotent(context, request, [&](IdempotentCall& call) {
    return CreateSellerPayout(context, request, call, refusal);
  });
  if (!response.ok() && refusal) return std::move(refusal->response);
  return response;
}

}  // namespace mg::api
