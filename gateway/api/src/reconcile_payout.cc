#include "reconcile_payout.h"

#include <boost/json/serialize.hpp>

#include "amount_json.h"
#include "base/log.h"
#include "payout_json.h"
#include "payout_settlement.h"

namespace mg::api {
namespace {

providers::PaymentResult LookUp(const RouteContext& context, const store::PayoutRecord& payout) {
  providers::PaymentResult unknown;
  unknown.outcome = providers::Outcome::kPending;
  unknown.ambiguous = true;
  const providers::PaymentProvider* provider = context.providers().Find(payout.provider);
  if (provider == nullptr) {
    unknown.message = "provider '" + payout.provider + "' is not configured on this gateway";
    return unknown;
  }
  Result<CurrencyCode> currency = CurrencyCode::Parse(payout.currency);
  if (!currency.ok()) {
    unknown.message = "stored currency '" + payout.currency + "' is unknown";
    return unknown;
  }
  Result<providers::PaymentResult> answer = provider->GetPayoutStatus(
      {payout.id, payout.provider_reference, payout.destination,
       providers::DerivePayoutIdempotencyKey(payout.id, 0), Money(payout.net_minor, *currency)});
  if (!answer.ok()) {
    unknown.message = answer.status().message();
    return unknown;
  }
  return *answer;
}

}  // namespace

bool WritePayoutVerdict(const RouteContext& context, const store::PayoutRecord& payout,
                        const PayoutVerdict& verdict) {
  const store::PayoutRecord after = Applied(payout, verdict);
  store::Effects effects;
  if (verdict.event_type) {
    Result<std::shared_ptr<const regions::MarketSnapshot>> snapshot = context.Snapshot();
    Result<AmountRenderer> amounts =
        snapshot.ok()
            ? RendererForRecord(**snapshot, after.market, after.currency, boost::json::value())
            : Result<AmountRenderer>(snapshot.status());
    if (amounts.ok()) {
      effects.events.push_back(
          {*verdict.event_type, boost::json::serialize(PayoutFields(after, *amounts))});
    }
  }
  Result<store::PayoutRecord> moved = context.store().TransitionPayout(
      payout.id, {store::PayoutState::kProcessing, store::PayoutState::kNeedsAttention}, verdict.to,
      verdict.changes, effects);
  if (!moved.ok()) {
    // Settled meanwhile by the request, another instance or a webhook.
    if (moved.status().code() != ErrorCode::kFailedPrecondition) {
      Log(LogLevel::kWarning, "payout " + payout.id + " not updated: " + moved.status().ToString());
    }
    return false;
  }
  if (after.state != payout.state || verdict.event_type) {
    context.payouts_total()
        .WithLabels({after.market, std::string(store::Name(after.state))})
        .Increment();
  }
  return true;
}

PayoutCheckResult ReconcilePayout(const RouteContext& context, const store::PayoutRecord& payout,
                                  const ReconcileOptions& options, int64_t backoff_ms) {
  const store::UnixMillis now = context.NowMillis();
  const providers::PaymentResult answer = LookUp(context, payout);
  PayoutVerdict verdict =
      JudgePayoutAnswer(payout, answer, PayoutAnswerSource::kStatusLookup, now, now + backoff_ms);
  verdict.changes.count_check = true;
  PayoutCheckResult result;
  const bool final_state =
      verdict.to == store::PayoutState::kPaid || verdict.to == store::PayoutState::kFailed;
  if (final_state) {
    result.kind = PayoutCheckResult::Kind::kSettled;
  } else {
    result.kind =
        answer.ambiguous ? PayoutCheckResult::Kind::kUnresolved : PayoutCheckResult::Kind::kWaiting;
    if (payout.state == store::PayoutState::kProcessing &&
        now - payout.created_at_ms >= options.escalate_after.count()) {
      verdict.to = store::PayoutState::kNeedsAttention;
      verdict.changes.failure_message = "not settled " +
                                        std::to_string((now - payout.created_at_ms) / 1000) +
                                        " s after it was created: " + answer.message;
      result.escalated = true;
      Log(LogLevel::kError, "payout " + payout.id + " at " + payout.provider +
                                " is still not settled and needs a person: " + answer.message);
    }
  }
  if (!WritePayoutVerdict(context, payout, verdict)) {
    result.kind = PayoutCheckResult::Kind::kUnresolved;
    result.escalated = false;
  }
  return result;
}

}  // namespace mg::api
