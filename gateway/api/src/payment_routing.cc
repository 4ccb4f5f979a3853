#include "payment_routing.h"

#include "base/log.h"
#include "gateway/store/ids.h"

namespace mg::api {
namespace {

using providers::Outcome;

Status MethodUnavailable(std::string message) {
  return Unprocessable(std::move(message), "payment.method");
}

// A started attempt as the store keeps it (the store assigns the id unless
// it is set). A status query moves no money: its amount is 0.
store::ProviderAttempt StartedRecord(const std::string& purchase_id, const DirectCall& call,
                                     int64_t now_ms) {
  store::ProviderAttempt record;
  record.purchase_id = purchase_id;
  record.provider = call.provider;
  record.operation = AttemptOperationOf(call.operation);
  record.amount_minor = call.operation == providers::Operation::kStatus ? 0 : call.amount_minor;
  record.idempotency_key = call.idempotency_key;
  record.key_attempt = call.key_attempt;
  record.target_reference = call.target_reference;
  record.started_at_ms = now_ms;
  return record;
}

}  // namespace

Result<providers::RouteConfig> ResolveRoute(const RouteContext& context,
                                            const regions::Market& market,
                                            std::string_view method) {
  const regions::PaymentMethod* declared = market.FindPaymentMethod(method);
  if (declared == nullptr) {
    return MethodUnavailable("payment method '" + std::string(method) + "' is not offered in " +
                             market.code());
  }
  if (std::optional<std::string> reason =
          regions::MethodUnavailableReason(*declared, context.UsableProviders())) {
    return MethodUnavailable("payment method '" + std::string(method) + "' is not available in " +
                             market.code() + ": " + *reason);
  }
  providers::RouteConfig route;
  route.payment_method = std::string(method);
  for (const regions::ProviderRoute& entry : declared->providers) {
    if (context.providers().Find(entry.provider) == nullptr) continue;
    route.providers.push_back(providers::ProviderRoute{
        entry.provider, entry.weight, entry.currencies, std::nullopt, entry.max_amount});
  }
  return route;
}

Result<std::string> FirstProvider(const RouteContext& context, const providers::RouteConfig& route,
                                  const providers::AuthorizeRequest& request) {
  std::vector<std::string> candidates = context.router().Candidates(route, request);
  if (candidates.empty()) {
    return MethodUnavailable("no provider for '" + route.payment_method + "' takes " +
                             request.amount.DebugString());
  }
  return candidates.front();
}

store::AttemptState AttemptStateOf(const providers::PaymentResult& result) {
  if (result.ambiguous) return store::AttemptState::kAmbiguous;
  switch (result.outcome) {
    case Outcome::kApproved:
      return store::AttemptState::kSucceeded;
    case Outcome::kDeclined:
      return store::AttemptState::kDeclined;
    case Outcome::kRequiresAction:
      return store::AttemptState::kRequiresAction;
    case Outcome::kPending:
      return store::AttemptState::kPending;
    case Outcome::kRetryableError:
      return store::AttemptState::kRetryableError;
    case Outcome::kFatalError:
      return store::AttemptState::kFatalError;
    // A status call that proves no payment exists did answer.
    case Outcome::kNotFound:
      return store::AttemptState::kSucceeded;
  }
  return store::AttemptState::kPending;
}

store::AttemptOperation AttemptOperationOf(providers::Operation operation) {
  switch (operation) {
    case providers::Operation::kAuthorize:
      return store::AttemptOperation::kAuthorize;
    case providers::Operation::kCapture:
      return store::AttemptOperation::kCapture;
    case providers::Operation::kVoid:
      return store::AttemptOperation::kVoid;
    case providers::Operation::kRefund:
      return store::AttemptOperation::kRefund;
    case providers::Operation::kStatus:
      return store::AttemptOperation::kStatus;
    case providers::Operation::kCompleteAction:
      return store::AttemptOperation::kCompleteAction;
  }
  return store::AttemptOperation::kStatus;
}

const store::ProviderAttempt* LastAuthorization(
    const std::vector<store::ProviderAttempt>& attempts) {
  for (auto it = attempts.rbegin(); it != attempts.rend(); ++it) {
    if (it->operation == store::AttemptOperation::kAuthorize && it->key_attempt > 0) return &*it;
  }
  return nullptr;
}

Result<providers::RouteConfig> PinnedRoute(const RouteContext& context, std::string_view record_id,
                                           std::string_view payment_method,
                                           const store::ProviderAttempt& last) {
  if (context.providers().Find(last.provider) == nullptr) {
    return Status(ErrorCode::kUnavailable,
                  "the payment of " + std::string(record_id) + " is in doubt at " + last.provider +
                      ", which is not configured here; reconciliation settles it");
  }
  providers::RouteConfig route;
  route.payment_method = std::string(payment_method);
  route.providers.push_back(
      providers::ProviderRoute{last.provider, 100, {}, std::nullopt, std::nullopt});
  return route;
}

AttemptRecorder::AttemptRecorder(const RouteContext& context, std::string market,
                                 std::string purchase_id, int64_t amount_minor)
    : context_(context),
      market_(std::move(market)),
      purchase_id_(std::move(purchase_id)),
      amount_minor_(amount_minor) {}

AttemptRecorder::~AttemptRecorder() { Flush(); }

Result<store::ProviderAttempt> PlanAttempt(const RouteContext& context, const AttemptPlan& plan) {
  store::ProviderAttempt record = StartedRecord(
      plan.purchase_id,
      DirectCall{plan.provider, plan.operation,
                 providers::DeriveIdempotencyKey(plan.purchase_id, plan.attempt, plan.operation),
                 plan.attempt, plan.amount_minor, ""},
      context.NowMillis());
  MG_ASSIGN_OR_RETURN(record.id, store::NewId(store::kAttemptIdPrefix));
  return record;
}

void AttemptRecorder::Adopt(int attempt, providers::Operation operation,
                            const store::ProviderAttempt& recorded) {
  started_[{attempt, operation}] = Recorded{recorded.id, recorded.provider};
}

void AttemptRecorder::ObserveCallTime(const std::string& provider, providers::Operation operation,
                                      std::chrono::steady_clock::time_point started) const {
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  context_.provider_call_seconds()
      .WithLabels({market_, provider, providers::OperationName(operation)})
      .Observe(took.count());
}

providers::AttemptObserver AttemptRecorder::Observer() {
  return [this](const providers::ProviderAttempt& attempt) { Observe(attempt); };
}

void AttemptRecorder::Observe(const providers::ProviderAttempt& attempt) {
  const AttemptKey key{attempt.attempt, attempt.operation};
  if (attempt.phase == providers::ProviderAttempt::Phase::kStarting) {
    Flush();  // an answer before the next call: the order of the records holds
    auto adopted = started_.find(key);
    if (adopted != started_.end()) {
      if (adopted->second.provider == attempt.provider) {  // written with the purchase
        adopted->second.call_started = std::chrono::steady_clock::now();
        return;
      }
      // The router skipped the planned provider (circuit open): that one
      // was never called.
      store::AttemptOutcome unsent;
      unsent.state = store::AttemptState::kRetryableError;
      unsent.provider_code = "not_sent";
      unsent.finished_at_ms = context_.NowMillis();
      Write({adopted->second.id, unsent});
      started_.erase(adopted);
    }
    Result<std::string> id =
        Started(DirectCall{attempt.provider, attempt.operation, attempt.idempotency_key,
                           attempt.attempt, amount_minor_, ""});
    if (id.ok()) started_[key] = Recorded{*id, attempt.provider, std::chrono::steady_clock::now()};
    return;
  }
  auto it = started_.find(key);
  if (it == started_.end() || !attempt.result) return;
  ObserveCallTime(attempt.provider, attempt.operation, it->second.call_started);
  answer_ = store::FinishedAttempt{it->second.id, OutcomeOf(*attempt.result, context_.NowMillis())};
  started_.erase(it);
}

Result<std::string> AttemptRecorder::Started(const DirectCall& call) {
  Result<store::ProviderAttempt> stored = context_.store().RecordAttemptStarted(
      StartedRecord(purchase_id_, call, context_.NowMillis()));
  if (!stored.ok()) {
    if (error_.ok()) error_ = stored.status();
    Log(LogLevel::kError, "purchase=" + purchase_id_ + " attempt not recorded before the call: " +
                              stored.status().ToString());
    return stored.status();
  }
  return stored->id;
}

store::AttemptOutcome AttemptRecorder::OutcomeOf(const providers::PaymentResult& result,
                                                 int64_t at_ms) {
  store::AttemptOutcome outcome;
  outcome.state = AttemptStateOf(result);
  outcome.provider_reference = result.provider_reference;
  outcome.provider_code = result.provider_code;
  if (result.outcome == Outcome::kNotFound) outcome.provider_code = "not_found";
  outcome.finished_at_ms = at_ms;
  return outcome;
}

void AttemptRecorder::Write(const store::FinishedAttempt& answer) {
  Status recorded = context_.store().RecordAttemptFinished(answer.attempt_id, answer.outcome);
  if (!recorded.ok()) {
    if (error_.ok()) error_ = recorded;
    Log(LogLevel::kError, "purchase=" + purchase_id_ + " attempt " + answer.attempt_id +
                              " answer not recorded: " + recorded.ToString());
  }
}

std::optional<store::FinishedAttempt> AttemptRecorder::TakeAnswer() {
  std::optional<store::FinishedAttempt> answer = std::move(answer_);
  answer_.reset();
  return answer;
}

void AttemptRecorder::Restore(store::FinishedAttempt answer) { answer_ = std::move(answer); }

void AttemptRecorder::Flush() {
  if (std::optional<store::FinishedAttempt> answer = TakeAnswer()) Write(*answer);
}

std::vector<store::ProviderAttempt> AttemptRecorder::Project(
    std::vector<store::ProviderAttempt> attempts) const {
  if (!answer_) return attempts;
  for (store::ProviderAttempt& attempt : attempts) {
    if (attempt.id != answer_->attempt_id) continue;
    const store::AttemptOutcome& outcome = answer_->outcome;
    attempt.state = outcome.state;
    if (!outcome.provider_reference.empty())
      attempt.provider_reference = outcome.provider_reference;
    attempt.provider_code = outcome.provider_code;
    attempt.finished_at_ms = outcome.finished_at_ms;
  }
  return attempts;
}

Result<providers::PaymentResult> AttemptRecorder::Call(
    const DirectCall& direct, const std::function<Result<providers::PaymentResult>()>& call,
    bool defer_answer) {
  Flush();
  MG_ASSIGN_OR_RETURN(std::string attempt_id, Started(direct));
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  Result<providers::PaymentResult> result = call();
  ObserveCallTime(direct.provider, direct.operation, started);
  if (!result.ok()) {
    providers::PaymentResult refused;
    refused.outcome = Outcome::kFatalError;
    refused.provider_code = ErrorCodeName(result.status().code());
    Write({attempt_id, OutcomeOf(refused, context_.NowMillis())});
    return result.status();
  }
  store::FinishedAttempt answer{attempt_id, OutcomeOf(*result, context_.NowMillis())};
  if (defer_answer) {
    answer_ = std::move(answer);
  } else {
    Write(answer);
  }
  return result;
}

}  // namespace mg::api
