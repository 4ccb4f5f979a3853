#include "purchase_confirm.h"

#include <algorithm>
#include <map>
#include <string>

#include "amount_json.h"
#include "api_errors.h"
#include "idempotency.h"
#include "payment_routing.h"
#include "purchase_charge.h"
#include "request_body.h"

namespace mg::api {
namespace {

using store::PurchaseState;

// The basket and the customer's age as the purchase stored them: what the
// market's spending limits read when the payment succeeds.
compliance::QuoteRequest RequestOf(const store::Purchase& purchase) {
  compliance::QuoteRequest request;
  request.market = purchase.market;
  request.customer.id = purchase.customer_id;
  if (purchase.customer_age) request.customer.age = static_cast<int>(*purchase.customer_age);
  boost::json::value items = ParseStoredJson(purchase.items_json);
  if (!items.is_array()) return request;
  for (const boost::json::value& line : items.get_array()) {
    const boost::json::object* item = line.if_object();
    if (item == nullptr) continue;
    const boost::json::value* sku = item->if_contains("sku");
    const boost::json::value* quantity = item->if_contains("quantity");
    if (sku == nullptr || !sku->is_string() || quantity == nullptr || !quantity->is_int64()) {
      continue;
    }
    compliance::LineItem parsed;
    parsed.sku = std::string(sku->get_string());
    parsed.quantity = quantity->get_int64();
    request.items.push_back(std::move(parsed));
  }
  return request;
}

// Where the shopper comes back to, as the stored next action says.
std::string StoredReturnUrl(const store::Purchase& purchase) {
  boost::json::value action = ParseStoredJson(purchase.next_action_json);
  const boost::json::object* object = action.if_object();
  const boost::json::value* url = object == nullptr ? nullptr : object->if_contains("return_url");
  return url != nullptr && url->is_string() ? std::string(url->get_string()) : "";
}

// Each confirmation that reaches the provider gets its own key: a second
// one after the shopper came back must not be answered with the first's
// "still waiting".
int NextCompletion(const std::vector<store::ProviderAttempt>& attempts) {
  int64_t last = 0;
  for (const store::ProviderAttempt& attempt : attempts) {
    if (attempt.operation == store::AttemptOperation::kCompleteAction) {
      last = std::max(last, attempt.key_attempt);
    }
  }
  return static_cast<int>(last) + 1;
}

Result<FinalResponse> Confirm(const RouteContext& context, const http::Request& request) {
  const std::string id(request.PathParam("id"));
  MG_ASSIGN_OR_RETURN(auto details, ParseReturnDetails(request.json));
  MG_ASSIGN_OR_RETURN(store::Purchase purchase,
                      OwnedRecord(context.store().GetPurchase(id), request, "purchase", id, "id"));
  MG_ASSIGN_OR_RETURN(MarketRef market, FindMarket(context, purchase.market));
  if (purchase.state != PurchaseState::kRequiresAction) {
    return RespondWithPurchase(context, market, purchase, {}, request.request_id);
  }
  const providers::PaymentProvider* provider = context.providers().Find(purchase.provider);
  if (provider == nullptr) {
    return Status(ErrorCode::kUnavailable,
                  "the purchase's provider " + purchase.provider + " is not configured");
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListAttempts(purchase.id));
  const int attempt = NextCompletion(attempts);
  providers::CompleteActionRequest call{.amount =
                                            Money(purchase.total_minor, market.market->currency())};
  call.purchase_id = purchase.id;
  call.provider_reference = purchase.provider_reference;
  call.details = std::move(details);
  call.capture = true;
  call.idempotency_key =
      providers::DeriveIdempotencyKey(purchase.id, attempt, providers::Operation::kCompleteAction);

  AttemptRecorder recorder(context, purchase.market, purchase.id, purchase.total_minor);
  MG_ASSIGN_OR_RETURN(
      providers::PaymentResult answer,
      recorder.Call(
          DirectCall{purchase.provider, providers::Operation::kCompleteAction, call.idempotency_key,
                     attempt, purchase.total_minor, purchase.provider_reference},
          [&] { return provider->CompleteAction(call); },
          /*defer_answer=*/true));
  ChargePlan plan{.purchase = purchase, .market = market, .request = RequestOf(purchase)};
  plan.payment.method = purchase.payment_method;
  plan.payment.return_url = StoredReturnUrl(purchase);
  plan.quote = ParseStoredJson(purchase.quote_json);
  plan.from = PurchaseState::kRequiresAction;
  return SettleAnswer(context, plan, recorder, answer, request.request_id);
}

}  // namespace

Result<http::Response> HandleConfirmPurchase(const RouteContext& context,
                                             const http::Request& request) {
  MG_ASSIGN_OR_RETURN(FinalResponse done, Confirm(context, request));
  // Nothing is created here: a finished purchase is 200, one still waiting 202.
  if (done.status_code == 201) done.status_code = 200;
  return ToResponse(done);
}

}  // namespace mg::api
