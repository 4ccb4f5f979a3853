#include "gateway/api/reconciliation.h"

#include "base/log.h"
#include "payment_routing.h"
#include "purchase_settlement.h"
#include "route_context.h"

namespace mg::api {
namespace {

using providers::Outcome;
using providers::PaymentResult;
using store::PurchaseState;

// The purchase state a status answer decides; nullopt when it decides none.
std::optional<PurchaseState> StateFor(Outcome outcome) {
  switch (outcome) {
    case Outcome::kApproved:
      return PurchaseState::kSucceeded;
    case Outcome::kDeclined:
      return PurchaseState::kFailed;
    case Outcome::kPending:
      return PurchaseState::kPending;
    case Outcome::kRequiresAction:
      return PurchaseState::kRequiresAction;
    case Outcome::kRetryableError:
    case Outcome::kFatalError:
    case Outcome::kNotFound:
      return std::nullopt;
  }
  return std::nullopt;
}

// The provider's answer about the attempt's payment; nullopt when none came.
std::optional<PaymentResult> AskProvider(const RouteContext& context,
                                         const store::ProviderAttempt& attempt,
                                         const store::Purchase& purchase) {
  const providers::PaymentProvider* provider = context.providers().Find(attempt.provider);
  if (provider == nullptr) return std::nullopt;
  providers::StatusRequest request;
  request.purchase_id = purchase.id;
  request.provider_reference = attempt.provider_reference;
  request.idempotency_key = attempt.idempotency_key;
  Result<PaymentResult> answer = provider->GetStatus(request);
  if (!answer.ok() || answer->ambiguous || answer->outcome == Outcome::kRetryableError ||
      answer->outcome == Outcome::kFatalError) {
    return std::nullopt;
  }
  return *answer;
}

Status RecordAnswer(const RouteContext& context, const store::ProviderAttempt& attempt,
                    const PaymentResult& answer) {
  store::AttemptOutcome outcome;
  outcome.state = answer.outcome == Outcome::kNotFound ? store::AttemptState::kRetryableError
                                                       : AttemptStateOf(answer);
  outcome.provider_reference = answer.provider_reference;
  outcome.provider_code = answer.outcome == Outcome::kNotFound ? "not_found" : answer.provider_code;
  outcome.finished_at_ms = context.NowMillis();
  return context.store().RecordAttemptFinished(attempt.id, outcome);
}

void Reconcile(const RouteContext& context, const store::ProviderAttempt& attempt,
               ReconcileReport& report) {
  if (attempt.operation != store::AttemptOperation::kAuthorize) {
    ++report.unresolved;
    return;
  }
  Result<store::Purchase> purchase = context.store().GetPurchase(attempt.purchase_id);
  std::optional<PaymentResult> answer;
  if (purchase.ok()) answer = AskProvider(context, attempt, *purchase);
  if (!answer) {
    ++report.unresolved;
    return;
  }
  Status recorded = RecordAnswer(context, attempt, *answer);
  if (!recorded.ok()) {
    Log(LogLevel::kWarning,
        "attempt " + attempt.id + " answer not recorded: " + recorded.ToString());
  }
  std::optional<PurchaseState> to = StateFor(answer->outcome);
  if (!to) {
    ++report.not_charged;  // stays created: the client's retry resumes it
    return;
  }
  const std::vector<PurchaseState> from =
      *to == PurchaseState::kSucceeded || *to == PurchaseState::kFailed
          ? std::vector<PurchaseState>{PurchaseState::kCreated, PurchaseState::kPending,
                                       PurchaseState::kRequiresAction}
          : std::vector<PurchaseState>{PurchaseState::kCreated};
  Result<Settlement> settled =
      SettlePurchase(context, *purchase, from, *to, answer->provider_reference);
  if (!settled.ok()) {
    Log(LogLevel::kWarning,
        "purchase=" + purchase->id + " not reconciled: " + settled.status().ToString());
    ++report.unresolved;
    return;
  }
  if (!settled->moved) return;
  if (*to == PurchaseState::kSucceeded) {
    ++report.succeeded;
  } else if (*to == PurchaseState::kFailed) {
    ++report.failed;
  } else {
    ++report.waiting;
  }
}

}  // namespace

Result<ReconcileReport> ReconcileInDoubtAttempts(const ApiDeps& deps,
                                                 const ReconcileOptions& options) {
  RouteContext context(deps, nullptr);
  const store::UnixMillis started_before = context.NowMillis() - options.min_age.count();
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListInDoubtAttempts(started_before, options.batch_size));
  ReconcileReport report;
  for (const store::ProviderAttempt& attempt : attempts) {
    ++report.examined;
    Reconcile(context, attempt, report);
  }
  return report;
}

}  // namespace mg::api
