// CircuitBreaker: per-provider health gate for routing.
//   closed    -> calls pass; `failure_threshold` consecutive failures open it.
//   open      -> calls are refused until `cool_down` has passed, then
//   half-open -> exactly one probe passes; its success closes the breaker,
//                its failure opens it again for another cool-down.
// Time comes from the caller (an injected clock), so tests need no sleeps.
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>

namespace mg::providers {

struct BreakerOptions {
  int failure_threshold = 5;                   // Default: 5 consecutive failures
  std::chrono::milliseconds cool_down{30000};  // Default: 30 s
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit CircuitBreaker(BreakerOptions options = {}) : options_(options) {}

  // May a call go to the provider now? In half-open, true for one probe only.
  bool Allow(TimePoint now);
  void RecordSuccess();
  void RecordFailure(TimePoint now);
  State state(TimePoint now) const;

 private:
  BreakerOptions options_;
  mutable std::mutex mu_;
  State state_ = State::kClosed;
  int consecutive_failures_ = 0;
  TimePoint opened_at_;
  bool probe_in_flight_ = false;
};

const char* BreakerStateName(CircuitBreaker::State state);

}  // namespace mg::providers
