#include "payout_webhook.h"

#include "base/log.h"
#include "payout_settlement.h"
#include "reconcile_payout.h"

namespace mg::api {

Result<bool> ApplyPayoutEvent(const RouteContext& context, const std::string& provider,
                              const providers::WebhookEvent& event) {
  Result<store::PayoutRecord> payout = context.store().GetPayout(event.merchant_reference);
  if (!payout.ok()) {
    if (payout.status().code() != ErrorCode::kNotFound) return payout.status();
    Log(LogLevel::kInfo, provider + " payout event " + event.event_id + " names '" +
                             event.merchant_reference + "', no payout of ours");
    return false;
  }
  if (payout->provider != provider) {
    Log(LogLevel::kWarning, "payout " + payout->id + " is paid through " + payout->provider +
                                ", but " + provider + " sent event " + event.event_id +
                                " about it: ignored");
    return false;
  }
  if (payout->state != store::PayoutState::kProcessing &&
      payout->state != store::PayoutState::kNeedsAttention) {
    return false;  // final already: a redelivery, or the lookup got there first
  }
  providers::PaymentResult answer;
  answer.outcome = event.outcome;
  answer.decline_reason = event.decline_reason;
  answer.provider_reference = event.provider_reference;
  if (event.outcome == providers::Outcome::kDeclined) {
    answer.message = provider + " reports the payout " +
                     (event.event_type.ends_with("canceled") ? "canceled" : "failed") + " (" +
                     event.event_type + ")";
  }
  const store::UnixMillis now = context.NowMillis();
  const PayoutVerdict verdict =
      JudgePayoutAnswer(*payout, answer, PayoutAnswerSource::kStatusLookup, now, now);
  return WritePayoutVerdict(context, *payout, verdict);
}

}  // namespace mg::api
