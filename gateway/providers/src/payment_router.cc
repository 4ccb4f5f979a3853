#include "gateway/providers/payment_router.h"

#include <algorithm>
#include <utility>

#include "base/crypto.h"

namespace mg::providers {
namespace {

bool Accepts(const ProviderRoute& route, const Money& amount) {
  if (!route.currencies.empty() && std::find(route.currencies.begin(), route.currencies.end(),
                                             amount.currency()) == route.currencies.end()) {
    return false;
  }
  // Limits in another currency than the payment's cannot be compared: skip.
  if (route.min_amount) {
    Result<int> c = Compare(amount, *route.min_amount);
    if (!c.ok() || *c < 0) return false;
  }
  if (route.max_amount) {
    Result<int> c = Compare(amount, *route.max_amount);
    if (!c.ok() || *c > 0) return false;
  }
  return true;
}

// A stable number in [0, total) for a purchase, so that its first pick does
// not change between retries.
int64_t StablePick(const std::string& purchase_id, int64_t total) {
  const Sha256Digest digest = Sha256(purchase_id);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | digest[i];
  return static_cast<int64_t>(v % static_cast<uint64_t>(total));
}

bool IsFinalAnswer(const PaymentResult& r) {
  return !r.ambiguous && r.outcome != Outcome::kRetryableError && r.outcome != Outcome::kNotFound;
}

}  // namespace

void RouterMetrics::Increment(const std::string& name) {
  std::lock_guard lock(mu_);
  ++counters_[name];
}

std::map<std::string, int64_t> RouterMetrics::Snapshot() const {
  std::lock_guard lock(mu_);
  return counters_;
}

int64_t RouterMetrics::Get(const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}

PaymentRouter::PaymentRouter(std::shared_ptr<const ProviderSet> providers, RouterOptions options)
    : providers_(std::move(providers)), options_(std::move(options)) {
  if (!options_.clock) options_.clock = [] { return std::chrono::steady_clock::now(); };
}

CircuitBreaker& PaymentRouter::Breaker(const std::string& provider) const {
  std::lock_guard lock(breakers_mu_);
  std::unique_ptr<CircuitBreaker>& b = breakers_[provider];
  if (!b) b = std::make_unique<CircuitBreaker>(options_.breaker);
  return *b;
}

CircuitBreaker::State PaymentRouter::BreakerState(const std::string& provider) const {
  return Breaker(provider).state(options_.clock());
}

std::vector<std::string> PaymentRouter::Candidates(const RouteConfig& route,
                                                   const AuthorizeRequest& request) const {
  std::vector<const ProviderRoute*> eligible;
  for (const ProviderRoute& r : route.providers) {
    if (providers_->Find(r.provider) != nullptr && Accepts(r, request.amount)) {
      eligible.push_back(&r);
    }
  }
  int64_t total = 0;
  for (const ProviderRoute* r : eligible) total += std::max<int64_t>(r->weight, 0);
  if (total > 0) {
    int64_t pick = StablePick(request.purchase_id, total);
    for (std::size_t i = 0; i < eligible.size(); ++i) {
      pick -= std::max<int64_t>(eligible[i]->weight, 0);
      if (pick < 0) {
        std::rotate(eligible.begin(), eligible.begin() + static_cast<std::ptrdiff_t>(i),
                    eligible.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        break;
      }
    }
  }
  std::vector<std::string> out;
  for (const ProviderRoute* r : eligible) out.push_back(r->provider);
  return out;
}

PaymentResult PaymentRouter::Probe(const PaymentProvider& provider, const AuthorizeRequest& request,
                                   int attempt, const AttemptObserver& observer) const {
  ProviderAttempt a;
  a.attempt = attempt;
  a.provider = std::string(provider.id());
  a.operation = Operation::kStatus;
  a.idempotency_key = request.idempotency_key;
  if (observer) observer(a);
  StatusRequest status;
  status.purchase_id = request.purchase_id;
  status.idempotency_key = request.idempotency_key;
  status.amount = request.amount;
  Result<PaymentResult> r = provider.GetStatus(status);
  PaymentResult result;
  if (r.ok()) {
    result = *r;
  } else {
    result.provider = a.provider;
    result.outcome = Outcome::kPending;
    result.ambiguous = true;
    result.message = r.status().message();
  }
  metrics_.Increment(a.provider + ".status_probe");
  a.phase = ProviderAttempt::Phase::kFinished;
  a.result = result;
  if (observer) observer(a);
  return result;
}

PaymentResult PaymentRouter::Repeat(const PaymentProvider& provider,
                                    const AuthorizeRequest& request, int attempt,
                                    const AttemptObserver& observer) const {
  ProviderAttempt a;
  a.attempt = attempt;
  a.provider = std::string(provider.id());
  a.idempotency_key = request.idempotency_key;
  if (observer) observer(a);
  Result<PaymentResult> r = provider.Authorize(request);
  PaymentResult result;
  if (r.ok()) {
    result = *r;
  } else {  // refused now, though sent before: still in doubt
    result.provider = a.provider;
    result.outcome = Outcome::kPending;
    result.ambiguous = true;
    result.message = r.status().message();
  }
  metrics_.Increment(a.provider + ".repeat");
  a.phase = ProviderAttempt::Phase::kFinished;
  a.result = result;
  if (observer) observer(a);
  return result;
}

Result<RoutedResult> PaymentRouter::Authorize(const RouteConfig& route, AuthorizeRequest request,
                                              int first_attempt,
                                              const AttemptObserver& observer) const {
  std::vector<std::string> candidates = Candidates(route, request);
  if (candidates.empty()) {
    return mg::Status(ErrorCode::kFailedPrecondition,
                      "no provider of the route accepts " + request.amount.DebugString() + " for " +
                          route.payment_method,
                      "payment_method");
  }
  RoutedResult routed;
  routed.next_attempt = first_attempt;
  std::optional<PaymentResult> last;
  for (const std::string& id : candidates) {
    if (routed.attempts >= options_.max_attempts) break;
    const PaymentProvider* provider = providers_->Find(id);
    CircuitBreaker& breaker = Breaker(id);
    if (!breaker.Allow(options_.clock())) {
      metrics_.Increment(id + ".skipped_open");
      continue;
    }
    int attempt = routed.next_attempt++;
    ++routed.attempts;
    request.idempotency_key =
        DeriveIdempotencyKey(request.purchase_id, attempt, Operation::kAuthorize);
    ProviderAttempt a;
    a.attempt = attempt;
    a.provider = id;
    a.idempotency_key = request.idempotency_key;
    if (observer) observer(a);
    Result<PaymentResult> called = provider->Authorize(request);
    if (!called.ok()) {
      breaker.RecordSuccess();  // our request was wrong, not the provider
      return called.status();
    }
    PaymentResult result = *called;
    metrics_.Increment(id + "." + OutcomeName(result.outcome));
    a.phase = ProviderAttempt::Phase::kFinished;
    a.result = result;
    if (observer) observer(a);

    if (result.ambiguous) {
      metrics_.Increment(id + ".ambiguous");
      breaker.RecordFailure(options_.clock());
      // Maybe charged. The provider's answer to the same key decides first;
      // then a status lookup; failing over needs proof that nothing was
      // charged.
      PaymentResult repeated = Repeat(*provider, request, attempt, observer);
      if (IsFinalAnswer(repeated)) {
        routed.result = repeated;
        return routed;
      }
      PaymentResult status = Probe(*provider, request, attempt, observer);
      if (IsFinalAnswer(status)) {
        routed.result = status;  // the provider did get it: that is the answer
        return routed;
      }
      if (status.outcome != Outcome::kNotFound) {
        routed.result = result;  // unresolved: never fail over
        return routed;
      }
      last = result;
      continue;  // proven absent: safe to try the next provider
    }
    if (result.outcome == Outcome::kRetryableError) {
      breaker.RecordFailure(options_.clock());
      last = result;
      continue;
    }
    breaker.RecordSuccess();
    routed.result = result;
    return routed;
  }
  if (!last) {
    PaymentResult none;
    none.outcome = Outcome::kRetryableError;
    none.message = "every provider of the route is unavailable (circuit open)";
    last = none;
  }
  routed.result = *last;
  // A proven-absent ambiguous result that ran out of candidates is retryable.
  if (routed.result.ambiguous) {
    routed.result.ambiguous = false;
    routed.result.outcome = Outcome::kRetryableError;
  }
  return routed;
}

}  // namespace mg::providers
