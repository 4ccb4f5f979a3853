// Which providers take a payment, and the durable record of every call made
// to them (the store's provider attempts: written before the call and
// completed after it, so that a crash leaves an attempt "started" for
// reconciliation, with the idempotency key to ask about).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/providers/payment_router.h"
#include "gateway/store/store.h"
#include "route_context.h"

namespace mg::api {

// The route of `method` in `market`: the market's providers for the method
// that are configured, in the market's order and weights. kUnprocessable
// [payment.method] when the market does not offer the method, declares it
// unavailable, or no configured provider takes it (no other provider is ever
// put in their place).
Result<providers::RouteConfig> ResolveRoute(const RouteContext& context,
                                            const regions::Market& market, std::string_view method);

// The first provider the router would try; kUnprocessable [payment.method]
// when none accepts the amount and currency.
Result<std::string> FirstProvider(const RouteContext& context, const providers::RouteConfig& route,
                                  const providers::AuthorizeRequest& request);

// The last authorization of a purchase's or ad booking's `attempts`, with
// the attempt number of its key (a resumed attempt is recorded again under
// the same number, so counting rows would move on to a new key and a second
// charge); nullptr when none.
const store::ProviderAttempt* LastAuthorization(
    const std::vector<store::ProviderAttempt>& attempts);

// The route a resumed payment takes: its last authorization's provider
// alone. Routing again (another config, an open circuit breaker) could send
// the payment to a second provider while the first may have charged it.
// kUnavailable when that provider is no longer configured (reconciliation
// settles the payment then).
Result<providers::RouteConfig> PinnedRoute(const RouteContext& context, std::string_view record_id,
                                           std::string_view payment_method,
                                           const store::ProviderAttempt& last);

store::AttemptState AttemptStateOf(const providers::PaymentResult& result);
store::AttemptOperation AttemptOperationOf(providers::Operation operation);

// The record of a purchase's attempt number `attempt` of `operation` on
// `provider`, with its id and the idempotency key the router sends, not yet
// written: for Effects::attempt_started.
struct AttemptPlan {
  std::string purchase_id;
  int64_t amount_minor = 0;
  std::string provider;
  providers::Operation operation = providers::Operation::kAuthorize;
  int attempt = 1;
};
Result<store::ProviderAttempt> PlanAttempt(const RouteContext& context, const AttemptPlan& plan);

// A call made directly, outside the router (refunds, voids, repeats), as the
// recorder writes it down before making it.
struct DirectCall {
  std::string provider;
  providers::Operation operation = providers::Operation::kRefund;
  std::string idempotency_key;
  int key_attempt = 1;  // the attempt number the key derives from
  int64_t amount_minor = 0;
  std::string target_reference;  // the payment it acts on
};

// Records the provider calls of one purchase. Not thread-safe: one per
// request. Store errors are kept in error() (the router cannot be stopped
// once it runs; the attempt's idempotency key still lets reconciliation ask
// the provider).
//
// To spare durable commits, a call's start may be written with the change
// before it (PlanAttempt and Adopt: the first attempt rides on the purchase's creation) and
// its answer with the change after it (TakeAnswer: the answer rides on the
// purchase's move out of created). A start always reaches the store before
// its call is made; an answer not taken is written on its own by Flush, at
// the next start, or when the recorder goes away.
//
// Each call's time, from after its start is written to its answer, is
// observed in provider_call_seconds{market,provider,operation}.
class AttemptRecorder {
 public:
  AttemptRecorder(const RouteContext& context, std::string market, std::string purchase_id,
                  int64_t amount_minor);
  ~AttemptRecorder();
  AttemptRecorder(const AttemptRecorder&) = delete;
  AttemptRecorder& operator=(const AttemptRecorder&) = delete;

  // `recorded` (a PlanAttempt) is durably written: the router's start of
  // the same attempt on the same provider writes nothing more.
  void Adopt(int attempt, providers::Operation operation, const store::ProviderAttempt& recorded);

  // For PaymentRouter::Authorize; valid while the recorder lives.
  providers::AttemptObserver Observer();

  // A call made directly: recorded before `call` runs, which is not made
  // when the record cannot be written. Its answer is written at once, or,
  // with `defer_answer`, kept for TakeAnswer so that it is written in the
  // same transaction as the change it decides (a crash between the two
  // would leave the call answered and the change never made).
  Result<providers::PaymentResult> Call(
      const DirectCall& direct, const std::function<Result<providers::PaymentResult>()>& call,
      bool defer_answer = false);

  // The last answer not yet written, for Effects::attempt_finished; the
  // recorder forgets it. When the write that carries it fails, Restore it,
  // so that Flush (or the destructor) writes it on its own.
  std::optional<store::FinishedAttempt> TakeAnswer();
  void Restore(store::FinishedAttempt answer);
  // Writes the answer not yet written, if any.
  void Flush();

  // `attempts` as read from the store, with the answer not yet written
  // applied as the store will apply it.
  std::vector<store::ProviderAttempt> Project(std::vector<store::ProviderAttempt> attempts) const;

  const Status& error() const { return error_; }

 private:
  using AttemptKey = std::pair<int, providers::Operation>;
  struct Recorded {
    std::string id;
    std::string provider;
    std::chrono::steady_clock::time_point call_started{};
  };

  void Observe(const providers::ProviderAttempt& attempt);
  Result<std::string> Started(const DirectCall& call);
  void Write(const store::FinishedAttempt& answer);
  static store::AttemptOutcome OutcomeOf(const providers::PaymentResult& result, int64_t at_ms);
  void ObserveCallTime(const std::string& provider, providers::Operation operation,
                       std::chrono::steady_clock::time_point started) const;

  const RouteContext& context_;
  std::string market_;
  std::string purchase_id_;
  int64_t amount_minor_;
  std::map<AttemptKey, Recorded> started_;  // started, not yet answered
  std::optional<store::FinishedAttempt> answer_;
  Status error_;
};

}  // namespace mg::api
