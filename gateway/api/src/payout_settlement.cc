#include "payout_settlement.h"

namespace mg::api {
namespace {

using providers::Outcome;

PayoutVerdict Failed(std::string code, std::string message, store::UnixMillis now_ms) {
  PayoutVerdict verdict;
  verdict.to = store::PayoutState::kFailed;
  verdict.changes.at_ms = now_ms;
  verdict.changes.failure_code = std::move(code);
  verdict.changes.failure_message = std::move(message);
  verdict.event_type = "payout.failed";
  return verdict;
}

}  // namespace

PayoutVerdict JudgePayoutAnswer(const store::PayoutRecord& payout,
                                const providers::PaymentResult& answer, PayoutAnswerSource source,
                                store::UnixMillis now_ms, store::UnixMillis next_check_ms) {
  const bool lookup = source == PayoutAnswerSource::kStatusLookup;
  switch (answer.outcome) {
    case Outcome::kApproved: {
      PayoutVerdict verdict;
      verdict.to = store::PayoutState::kPaid;
      verdict.changes.at_ms = now_ms;
      if (!answer.provider_reference.empty()) {
        verdict.changes.provider_reference = answer.provider_reference;
      }
      verdict.event_type = "payout.paid";
      return verdict;
    }
    case Outcome::kDeclined: {
      PayoutVerdict verdict = Failed(
          answer.provider_code.empty()
              ? std::string(providers::DeclineReasonName(answer.decline_reason))
              : answer.provider_code,
          answer.message.empty() ? "the provider refused the payout" : answer.message, now_ms);
      if (!answer.provider_reference.empty()) {
        verdict.changes.provider_reference = answer.provider_reference;
      }
      return verdict;
    }
    case Outcome::kNotFound:
      if (lookup) {
        return Failed("not_found_at_provider",
                      "the provider has no record of the payout: nothing was paid", now_ms);
      }
      break;  // not an answer a payout call gives: treat as unknown
    case Outcome::kRetryableError:
      if (!lookup) {
        return Failed("provider_unavailable",
                      "the provider could not be reached; nothing was sent: " + answer.message,
                      now_ms);
      }
      break;
    case Outcome::kFatalError:
      if (!lookup) {
        return Failed("provider_error", "the provider refused the request: " + answer.message,
                      now_ms);
      }
      break;
    case Outcome::kPending:
    case Outcome::kRequiresAction:
      break;
  }
  // Not final: maybe paid. Kept processing (its diamonds held) and looked
  // up again; escalation is reconciliation's call.
  PayoutVerdict verdict;
  verdict.to = payout.state == store::PayoutState::kNeedsAttention
                   ? store::PayoutState::kNeedsAttention
                   : store::PayoutState::kProcessing;
  verdict.changes.at_ms = now_ms;
  verdict.changes.next_check_at_ms = next_check_ms;
  if (!answer.provider_reference.empty() && payout.provider_reference.empty()) {
    verdict.changes.provider_reference = answer.provider_reference;
  }
  return verdict;
}

store::PayoutRecord Applied(store::PayoutRecord payout, const PayoutVerdict& verdict) {
  const store::PayoutChanges& changes = verdict.changes;
  if (changes.provider_reference) payout.provider_reference = *changes.provider_reference;
  if (changes.failure_code) payout.failure_code = *changes.failure_code;
  if (changes.failure_message) payout.failure_message = *changes.failure_message;
  if (changes.next_check_at_ms) payout.next_check_at_ms = *changes.next_check_at_ms;
  if (changes.count_check) ++payout.checks;
  payout.state = verdict.to;
  payout.updated_at_ms = changes.at_ms;
  return payout;
}

}  // namespace mg::api
