#include "payout_dispatch.h"

#include <boost/json/serialize.hpp>
#include <chrono>

#include "amount_json.h"
#include "payout_json.h"
#include "payout_settlement.h"
#include "pricing.h"

namespace mg::api {
namespace {

// When a payout the provider is still processing is first looked up
// again: at once, as far as the payout goes; reconciliation leaves it alone
// for its min_age after its last change, so no lookup races the call.
constexpr int64_t kFirstCheckDelayMs = 0;

int PayoutStatusCode(store::PayoutState state) {
  return state == store::PayoutState::kProcessing || state == store::PayoutState::kNeedsAttention
             ? 202
             : 201;
}

providers::PaymentResult CallProvider(const RouteContext& context,
                                      const providers::PaymentProvider& provider,
                                      const store::PayoutRecord& payout,
                                      const std::string& description) {
  providers::PayoutRequest call{
      payout.id, Money(payout.net_minor, *CurrencyCode::Parse(payout.currency)), payout.destination,
      description, providers::DerivePayoutIdempotencyKey(payout.id, 0)};
  const auto started = std::chrono::steady_clock::now();
  Result<providers::PaymentResult> answer = provider.Payout(call);
  context.payout_provider_seconds()
      .WithLabels({payout.provider})
      .Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (answer.ok()) return *answer;
  // Our request was refused before anything was sent.
  providers::PaymentResult refused;
  refused.outcome = providers::Outcome::kFatalError;
  refused.message = answer.status().message();
  return refused;
}

}  // namespace

Result<boost::json::object> PayoutBody(const RouteContext& context,
                                       const store::PayoutRecord& payout) {
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  MG_ASSIGN_OR_RETURN(
      AmountRenderer amounts,
      RendererForRecord(*snapshot, payout.market, payout.currency, boost::json::value()));
  boost::json::object body = PayoutFields(payout, amounts);
  if (!payout.seller_id.empty()) {
    // A payout that failed paid none of its orders: they are payable again.
    std::vector<store::SellerOrderPart> parts;
    if (payout.state != store::PayoutState::kFailed) {
      MG_ASSIGN_OR_RETURN(parts, context.store().ListPayoutOrders(payout.id));
    }
    body["orders"] = SellerOrderParts(parts, amounts);
  }
  return body;
}

Result<FinalResponse> RecoveredPayoutResponse(const RouteContext& context,
                                              const http::Request& request,
                                              const IdempotentCall& call) {
  MG_ASSIGN_OR_RETURN(store::PayoutRecord payout,
                      context.store().GetPayout(call.recovered_resource()));
  MG_ASSIGN_OR_RETURN(boost::json::object body, PayoutBody(context, payout));
  body["request_id"] = request.request_id;
  return FinalResponse{PayoutStatusCode(payout.state), boost::json::serialize(body), false};
}

Result<FinalResponse> SendCreatedPayout(const RouteContext& context, const http::Request& request,
                                        IdempotentCall& call, const store::PayoutRecord& created,
                                        const providers::PaymentProvider& provider,
                                        const std::string& description) {
  // No id in the free text: a run of its hex digits can pass for a card
  // number (Luhn), which the adapters refuse to send; the id goes apart.
  const providers::PaymentResult answer = CallProvider(context, provider, created, description);
  const store::UnixMillis now = context.NowMillis();
  const PayoutVerdict verdict = JudgePayoutAnswer(created, answer, PayoutAnswerSource::kPayoutCall,
                                                  now, now + kFirstCheckDelayMs);
  const store::PayoutRecord after = Applied(created, verdict);
  MG_ASSIGN_OR_RETURN(boost::json::object fields, PayoutBody(context, after));
  boost::json::object body = fields;
  body["request_id"] = request.request_id;
  FinalResponse response{PayoutStatusCode(after.state), boost::json::serialize(body), true};

  store::Effects effects = store::Effects::Holding(&call.lease());
  if (verdict.event_type) {
    effects.events.push_back({*verdict.event_type, boost::json::serialize(fields)});
  }
  effects.response = store::StoredResponse{response.status_code, response.body};
  MG_RETURN_IF_ERROR(context.store()
                         .TransitionPayout(created.id, {store::PayoutState::kProcessing},
                                           verdict.to, verdict.changes, effects)
                         .status());
  context.payouts_total()
      .WithLabels({after.market, std::string(store::Name(after.state))})
      .Increment();
  return response;
}

}  // namespace mg::api
