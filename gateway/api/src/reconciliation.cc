#include "gateway/api/reconciliation.h"

#include <algorithm>

#include "base/log.h"
#include "reconcile_attempt.h"
#include "reconcile_payout.h"
#include "route_context.h"

namespace mg::api {
namespace {

using Kind = AttemptVerdict::Kind;

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kSettled:
      return "settled";
    case Kind::kWaiting:
      return "waiting";
    case Kind::kUnresolved:
      return "unresolved";
    case Kind::kNotCharged:
      return "not_charged";
  }
  return "unresolved";
}

const char* PayoutKindName(PayoutCheckResult::Kind kind) {
  switch (kind) {
    case PayoutCheckResult::Kind::kSettled:
      return "settled";
    case PayoutCheckResult::Kind::kWaiting:
      return "waiting";
    case PayoutCheckResult::Kind::kUnresolved:
      return "unresolved";
  }
  return "unresolved";
}

// initial * 2^checks, at most `max`.
int64_t BackoffMs(const ReconcileOptions& options, int64_t checks) {
  int64_t wait = options.initial_backoff.count();
  for (int64_t i = 0; i < checks && wait < options.max_backoff.count(); ++i) wait *= 2;
  return std::min<int64_t>(wait, options.max_backoff.count());
}

std::string Describe(const store::ProviderAttempt& attempt) {
  return "attempt " + attempt.id + " (" + std::string(store::Name(attempt.operation)) + " at " +
         attempt.provider + ", purchase " + attempt.purchase_id + ", key " +
         attempt.idempotency_key + ")";
}

}  // namespace

Reconciler::Reconciler(const ApiDeps& deps, ReconcileOptions options)
    : deps_(deps),
      options_(options),
      checks_(deps.metrics->AddCounter(
          "mg_reconciliation_checks_total",
          "Looks at open provider calls, by operation and what they found (settled, waiting, "
          "unresolved, not_charged).",
          {"operation", "result"})),
      escalations_(deps.metrics->AddCounter(
          "mg_reconciliation_escalations_total",
          "Provider calls still open escalate_after after they started: a person must look.", {})),
      needing_attention_(deps.metrics
                             ->AddGauge("mg_operations_needing_attention",
                                        "Open provider calls and payouts escalated for a "
                                        "person (GET /admin/needs_attention lists them).")
                             .WithLabels({})) {}

Result<ReconcileReport> Reconciler::RunOnce() {
  RouteContext context(deps_, nullptr);
  const store::UnixMillis now = context.NowMillis();
  MG_ASSIGN_OR_RETURN(
      std::vector<store::ProviderAttempt> attempts,
      context.store().ListOpenAttempts(now - options_.min_age.count(), now, options_.batch_size));
  ReconcileReport report;
  for (const store::ProviderAttempt& attempt : attempts) {
    ++report.examined;
    AttemptVerdict verdict = ReconcileAttempt(context, attempt, options_);
    checks_.WithLabels({std::string(store::Name(attempt.operation)), KindName(verdict.kind)})
        .Increment();
    if (verdict.duplicate) ++report.duplicates;
    switch (verdict.kind) {
      case Kind::kSettled:
        ++report.settled;
        continue;
      case Kind::kNotCharged:
        ++report.not_charged;
        continue;
      case Kind::kWaiting:
        ++report.waiting;
        break;
      case Kind::kUnresolved:
        ++report.unresolved;
        break;
    }
    store::AttemptCheck check;
    check.next_check_at_ms = now + BackoffMs(options_, attempt.checks);
    check.last_check = verdict.note;
    const bool overdue = now - attempt.started_at_ms >= options_.escalate_after.count();
    if (overdue && !attempt.needs_attention_since_ms) {
      check.needs_attention_since_ms = now;
      ++report.escalated;
      escalations_.WithLabels({}).Increment();
      Log(LogLevel::kError, Describe(attempt) + " is still open after " +
                                std::to_string((now - attempt.started_at_ms) / 1000) +
                                " s and needs a person: " + verdict.note);
    }
    Status scheduled = context.store().ScheduleAttemptCheck(attempt.id, check);
    if (!scheduled.ok() && scheduled.code() != ErrorCode::kFailedPrecondition) {
      Log(LogLevel::kWarning, Describe(attempt) + " not rescheduled: " + scheduled.ToString());
    }
  }
  MG_ASSIGN_OR_RETURN(
      std::vector<store::PayoutRecord> payouts,
      context.store().ListPayoutsDue(now, now - options_.min_age.count(), options_.batch_size));
  for (const store::PayoutRecord& payout : payouts) {
    ++report.examined;
    const PayoutCheckResult checked =
        ReconcilePayout(context, payout, options_, BackoffMs(options_, payout.checks));
    checks_.WithLabels({"payout", PayoutKindName(checked.kind)}).Increment();
    if (checked.escalated) {
      ++report.escalated;
      escalations_.WithLabels({}).Increment();
    }
    switch (checked.kind) {
      case PayoutCheckResult::Kind::kSettled:
        ++report.settled;
        break;
      case PayoutCheckResult::Kind::kWaiting:
        ++report.waiting;
        break;
      case PayoutCheckResult::Kind::kUnresolved:
        ++report.unresolved;
        break;
    }
  }
  Result<std::vector<store::ProviderAttempt>> escalated =
      context.store().ListAttemptsNeedingAttention(10'000);
  Result<std::vector<store::PayoutRecord>> escalated_payouts =
      context.store().ListPayoutsNeedingAttention(10'000);
  if (escalated.ok() && escalated_payouts.ok()) {
    needing_attention_.Set(static_cast<double>(escalated->size() + escalated_payouts->size()));
  }
  return report;
}

}  // namespace mg::api
