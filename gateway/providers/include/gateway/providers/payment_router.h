// PaymentRouter: sends an Authorize through a market's provider route.
//
//  * RouteConfig is filled by the purchase code from the market's payment
//    method routing (regions::PaymentMethod::providers): ordered providers,
//    optional weights, per-provider currency and amount limits.
//  * The first provider is picked by weight among the eligible ones
//    (deterministically per purchase id, so a retried purchase starts at the
//    same provider); the others follow in list order for failover.
//  * Failover to the next provider happens ONLY after a retryable error
//    (not sent, 429, 5xx). After an ambiguous outcome (sent, no answer) the
//    router asks the same provider's GetStatus: a found payment is the
//    answer; a proven kNotFound allows failover; anything else stops with
//    the ambiguous result (the purchase stays pending for reconciliation).
//  * A per-provider CircuitBreaker skips providers that keep failing; the
//    retry budget bounds Authorize calls per routing.
//  * Every call (Authorize and the Status probe) is reported to the
//    AttemptObserver before and after it is made, so the purchase code can
//    persist the attempt and its idempotency key first, and counted in
//    RouterMetrics.
//
// Thread-safe: one router serves all requests; breakers and metrics are its
// only mutable state.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "currency/money.h"
#include "gateway/providers/circuit_breaker.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/provider_registry.h"

namespace mg::providers {

struct ProviderRoute {
  std::string provider{};                  // ProviderSet id
  int64_t weight = 100;                    // share of first choices; 0: failover only
  std::vector<CurrencyCode> currencies{};  // empty: any currency
  std::optional<Money> min_amount{};       // none: no minimum
  std::optional<Money> max_amount{};       // none: no maximum
};

struct RouteConfig {
  std::string payment_method{};
  std::vector<ProviderRoute> providers{};  // failover order
};

struct RouterOptions {
  BreakerOptions breaker{};
  int max_attempts = 3;  // Authorize calls per routing. Default: 3
  // Steady clock for the breakers. Default: std::chrono::steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

struct ProviderAttempt {
  enum class Phase { kStarting, kFinished };
  Phase phase = Phase::kStarting;
  int attempt = 0;  // attempt number used in the idempotency key
  std::string provider{};
  Operation operation = Operation::kAuthorize;
  std::string idempotency_key{};
  std::optional<PaymentResult> result{};  // kFinished only
};
using AttemptObserver = std::function<void(const ProviderAttempt&)>;

struct RoutedResult {
  PaymentResult result{};
  int attempts = 0;      // Authorize calls made
  int next_attempt = 0;  // first attempt number a later routing must use
};

// Counters "<provider>.<outcome>", "<provider>.ambiguous",
// "<provider>.skipped_open", "<provider>.status_probe".
class RouterMetrics {
 public:
  void Increment(const std::string& name);
  std::map<std::string, int64_t> Snapshot() const;
  int64_t Get(const std::string& name) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, int64_t> counters_;
};

class PaymentRouter {
 public:
  PaymentRouter(std::shared_ptr<const ProviderSet> providers, RouterOptions options);

  // Routes `request` (its idempotency_key is ignored: the router derives one
  // per attempt from (purchase id, attempt, authorize), starting at
  // `first_attempt`). kFailedPrecondition when no provider of the route can
  // take the amount and currency; a provider's own Status error otherwise.
  Result<RoutedResult> Authorize(const RouteConfig& route, AuthorizeRequest request,
                                 int first_attempt, const AttemptObserver& observer) const;

  // Providers of `route` that accept the request's currency and amount, in
  // the order they would be tried (weighted first pick, then list order).
  std::vector<std::string> Candidates(const RouteConfig& route,
                                      const AuthorizeRequest& request) const;

  CircuitBreaker::State BreakerState(const std::string& provider) const;
  const RouterMetrics& metrics() const { return metrics_; }

 private:
  CircuitBreaker& Breaker(const std::string& provider) const;
  PaymentResult Probe(const PaymentProvider& provider, const AuthorizeRequest& request, int attempt,
                      const AttemptObserver& observer) const;
  // The same call again with the same idempotency key: a provider that got
  // the first answers with what it did, never a second charge.
  PaymentResult Repeat(const PaymentProvider& provider, const AuthorizeRequest& request,
                       int attempt, const AttemptObserver& observer) const;

  std::shared_ptr<const ProviderSet> providers_;
  RouterOptions options_;
  mutable std::mutex breakers_mu_;
  mutable std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
  mutable RouterMetrics metrics_;
};

}  // namespace mg::providers
