#include "purchase_routes.h"

#include <boost/json/serialize.hpp>

#include "compliance/quote_json.h"
#include "gateway/store/ids.h"
#include "idempotency.h"
#include "json_arena.h"
#include "order_attribution.h"
#include "order_fulfillment.h"
#include "payment_routing.h"
#include "purchase_charge.h"
#include "sca_input.h"

namespace mg::api {
namespace {

constexpr std::string_view kDefaultMethod = "card";

std::string ItemsJson(const compliance::QuoteRequest& request) {
  boost::json::array items;
  for (const compliance::LineItem& item : request.items) {
    items.push_back(boost::json::object{{"sku", item.sku}, {"quantity", item.quantity}});
  }
  if (request.order) {
    for (const compliance::OrderLineItem& item : request.order->items) {
      items.push_back(boost::json::object{{"listing", item.listing},
                                          {"title", item.title},
                                          {"unit_price", item.unit_price},
                                          {"tax_class", item.tax_class},
                                          {"category", item.category},
                                          {"quantity", item.quantity}});
    }
  }
  return boost::json::serialize(items);
}

// An order's split as the accepted quote priced it (docs/ledger.md, "Orders").
std::optional<store::OrderSplit> SplitOf(const compliance::Quote& quote, std::string owner) {
  if (!quote.order) return std::nullopt;
  const compliance::OrderTerms& order = *quote.order;
  store::OrderSplit split;
  split.owner = std::move(owner);
  split.seller_id = order.seller_id;
  split.creator_id = order.affiliate_creator;
  split.platform_tax_minor = order.platform_tax.minor_units;
  split.seller_payable_minor = order.seller_payable.minor_units;
  split.creator_payable_minor = order.creator_payable.minor_units;
  split.platform_revenue_minor = order.platform_revenue.minor_units;
  split.attribution_type = order.attribution_type;
  split.attribution_id = order.attribution_id;
  split.holding_days = order.holding_period_days;
  return split;
}

store::Purchase NewPurchase(const RouteContext& context, const compliance::QuoteRequest& request,
                            const compliance::Quote& quote, const PaymentInput& payment) {
  store::Purchase purchase;
  purchase.market = quote.market;
  purchase.customer_id = request.customer.id;
  purchase.items_json = ItemsJson(request);
  purchase.currency = quote.currency.str();
  purchase.subtotal_minor = quote.subtotal.minor_units;
  purchase.tax_minor = quote.tax.minor_units;
  purchase.total_minor = quote.total.minor_units;
  purchase.coins = quote.coins_credit;
  purchase.payment_method = payment.method;
  if (request.customer.age) purchase.customer_age = *request.customer.age;
  purchase.state = store::PurchaseState::kCreated;
  purchase.created_at_ms = purchase.updated_at_ms = context.NowMillis();
  return purchase;
}

// The request's body, read and checked before anything is priced.
struct PurchaseInput {
  compliance::QuoteRequest request;
  PaymentInput payment;
};

// `kind`: kPurchase (POST /v1/purchases) or kOrder (POST /v1/orders).
Result<PurchaseInput> ReadInput(const http::Request& http_request, compliance::RequestKind kind) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(http_request.json));
  PurchaseInput input;
  MG_ASSIGN_OR_RETURN(input.payment, ParsePayment(*body));
  MG_ASSIGN_OR_RETURN(input.request,
                      ParseQuotePart(http_request.json, {"payment"}, kind, /*exact=*/true));
  if (input.request.customer.id.empty()) {
    return InvalidArgument(
        std::string(kind == compliance::RequestKind::kOrder ? "an order" : "a purchase") +
            " needs customer.id",
        "customer.id");
  }
  MG_RETURN_IF_ERROR(AgreePaymentMethod(input.request, input.payment, kDefaultMethod));
  return input;
}

// An earlier request with this key created the purchase and stalled: finish
// that purchase instead of creating a second one.
Result<FinalResponse> Resume(const RouteContext& context, IdempotentCall& call,
                             const MarketRef& market, PurchaseInput input,
                             std::string_view request_id) {
  MG_ASSIGN_OR_RETURN(store::Purchase purchase,
                      context.store().GetPurchase(call.recovered_resource()));
  call.MarkWritten();
  if (purchase.state != store::PurchaseState::kCreated) {
    return RespondWithPurchase(context, market, purchase, {}, request_id);
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListAttempts(purchase.id));
  ChargePlan plan{.purchase = purchase,
                  .market = market,
                  .request = std::move(input.request),
                  .payment = std::move(input.payment)};
  const store::ProviderAttempt* last = LastAuthorization(attempts);
  if (last != nullptr) {
    MG_ASSIGN_OR_RETURN(plan.route,
                        PinnedRoute(context, purchase.id, purchase.payment_method, *last));
    // Repeating the last attempt reuses its idempotency key: the provider
    // answers with the charge it may already have made.
    plan.first_attempt = static_cast<int>(last->key_attempt);
  } else {
    MG_ASSIGN_OR_RETURN(plan.route, ResolveRoute(context, *market.market, purchase.payment_method));
  }
  plan.quote = ParseStoredJson(purchase.quote_json);
  plan.lease = &call.lease();
  return ChargePurchase(context, plan, request_id);
}

Result<FinalResponse> CreatePurchase(const RouteContext& context, const http::Request& http_request,
                                     IdempotentCall& call, compliance::RequestKind kind) {
  MG_ASSIGN_OR_RETURN(PurchaseInput input, ReadInput(http_request, kind));
  MG_ASSIGN_OR_RETURN(MarketRef market, FindMarket(context, input.request.market));
  if (!call.recovered_resource().empty()) {
    return Resume(context, call, market, std::move(input), http_request.request_id);
  }
  if (IsSuspended(*market.market)) {
    return RenderedError(MarketSuspendedError(*market.market), http_request.request_id);
  }
  MG_RETURN_IF_ERROR(CheckAttribution(context, input.request));
  Result<compliance::Quote> quote = PriceQuote(context, market, http_request, input.request);
  if (!quote.ok()) return RenameMethodParam(quote.status());
  if (std::optional<http::Response> refusal = DecisionRefusal(quote->decision)) {
    return RenderedError(*refusal, http_request.request_id);
  }
  if (quote->total.minor_units <= 0) return Unprocessable("there is nothing to pay", "items");

  JsonArena quote_arena;  // the plan's quote: dropped with the plan, before the arena
  ChargePlan plan{.purchase = NewPurchase(context, input.request, *quote, input.payment),
                  .market = market,
                  .request = std::move(input.request),
                  .payment = std::move(input.payment),
                  .quote = boost::json::value(quote_arena.storage())};
  plan.purchase.sca_regime = compliance::ScaRegimeOf(quote->decision);
  plan.purchase.owner = OwnerOf(http_request);
  plan.quote = compliance::QuoteToJson(*quote, quote_arena.storage());
  plan.purchase.quote_json = boost::json::serialize(plan.quote);
  // 3-D Secure sends the shopper away and back: without somewhere to come
  // back to, refuse now, before anything is written.
  if (plan.payment.method == kDefaultMethod && plan.payment.return_url.empty() &&
      context.config().default_return_url.empty() &&
      ScaAskOf(plan.purchase, plan.quote) != providers::ScaAsk::kNone) {
    return InvalidArgument(
        "this card payment may need strong customer authentication (3-D Secure), which "
        "returns the shopper to payment.return_url: it is required",
        "payment.return_url");
  }
  plan.lease = &call.lease();
  MG_ASSIGN_OR_RETURN(plan.route, ResolveRoute(context, *market.market, plan.payment.method));
  MG_ASSIGN_OR_RETURN(plan.purchase.id, store::NewId(store::kPurchaseIdPrefix));
  providers::AuthorizeRequest probe{.amount = Money(plan.purchase.total_minor, quote->currency)};
  probe.purchase_id = plan.purchase.id;
  MG_ASSIGN_OR_RETURN(plan.purchase.provider, FirstProvider(context, plan.route, probe));

  // The purchase, its key and its first attempt in one durable write, before
  // the provider is called.
  store::Effects effects = call.KeyEffects();
  effects.order_split = SplitOf(*quote, plan.purchase.owner);
  MG_ASSIGN_OR_RETURN(effects.attempt_started,
                      PlanAttempt(context, {.purchase_id = plan.purchase.id,
                                            .amount_minor = plan.purchase.total_minor,
                                            .provider = plan.purchase.provider,
                                            .operation = providers::Operation::kAuthorize,
                                            .attempt = plan.first_attempt}));
  MG_ASSIGN_OR_RETURN(plan.purchase, context.store().CreatePurchase(plan.purchase, effects));
  call.MarkWritten();
  plan.recorded_first = std::move(effects.attempt_started);
  return ChargePurchase(context, plan, http_request.request_id);
}

}  // namespace

Result<http::Response> HandleCreatePurchase(const RouteContext& context,
                                            const http::Request& request) {
  return RunClaimingIdempotent(context, request, [&](IdempotentCall& call) {
    return CreatePurchase(context, request, call, compliance::RequestKind::kPurchase);
  });
}

Result<http::Response> HandleCreateOrder(const RouteContext& context,
                                         const http::Request& request) {
  return RunClaimingIdempotent(context, request, [&](IdempotentCall& call) {
    return CreatePurchase(context, request, call, compliance::RequestKind::kOrder);
  });
}

namespace {

Result<http::Response> GetPurchaseOrOrder(const RouteContext& context, const http::Request& request,
                                          bool orders_only) {
  std::string id(request.PathParam("id"));
  const char* what = orders_only ? "order" : "purchase";
  MG_ASSIGN_OR_RETURN(store::Purchase purchase,
                      OwnedRecord(context.store().GetPurchase(id), request, what, id, "id"));
  std::optional<store::OrderSplit> split;
  if (orders_only) {
    MG_ASSIGN_OR_RETURN(split, context.store().GetOrderSplit(id));
    if (!split) return Status(ErrorCode::kNotFound, "no order '" + id + "'", "id");
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListAttempts(id));
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  JsonArena arena;
  boost::json::value quote = ParseStoredJson(purchase.quote_json, arena.storage());
  MG_ASSIGN_OR_RETURN(AmountRenderer amounts,
                      RendererForRecord(*snapshot, purchase.market, purchase.currency, quote));
  boost::json::object fulfillment;
  if (split) fulfillment = FulfillmentJson(*split, quote);
  boost::json::object body = PurchaseToJson(purchase, attempts, amounts, {}, std::move(quote),
                                            request.request_id, arena.storage());
  if (split) body["fulfillment"] = std::move(fulfillment);
  return http::JsonResponse(body);
}

}  // namespace

Result<http::Response> HandleGetPurchase(const RouteContext& context,
                                         const http::Request& request) {
  return GetPurchaseOrOrder(context, request, /*orders_only=*/false);
}

Result<http::Response> HandleGetOrder(const RouteContext& context, const http::Request& request) {
  return GetPurchaseOrOrder(context, request, /*orders_only=*/true);
}

}  // namespace mg::api
