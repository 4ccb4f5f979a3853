#include "gateway/http/rate_limiter.h"

#include "gcra.h"

namespace mg::http {

std::optional<RateLimit> RateLimitConfig::For(std::string_view key_name) const {
  auto it = per_key.find(std::string(key_name));
  if (it != per_key.end()) return it->second;
  return default_limit;
}

RateLimiter::RateLimiter(const RateLimitConfig& config, const std::vector<ApiKey>& keys,
                         SteadyClock clock)
    : clock_(std::move(clock)) {
  for (const ApiKey& key : keys) {
    std::optional<RateLimit> limit = config.For(key.name);
    if (!limit || limit->rate_per_second <= 0 || limit->burst <= 0) continue;
    const int64_t interval = GcraInterval(limit->rate_per_second);
    buckets_.try_emplace(key.name, interval, interval * limit->burst);
  }
}

RateLimiter::Decision RateLimiter::Admit(std::string_view key_name) const {
  auto it = buckets_.find(key_name);
  if (it == buckets_.end()) return {};
  const Bucket& bucket = it->second;
  const int64_t now =
      std::chrono::duration_cast<std::chrono::nanoseconds>(clock_().time_since_epoch()).count();
  int64_t arrival = bucket.theoretical_arrival_ns.load(std::memory_order_relaxed);
  for (;;) {
    GcraStep step = GcraTake(arrival, now, bucket.interval_ns, bucket.tolerance_ns);
    if (!step.allowed) return {false, step.retry_after_seconds};
    // Relaxed suffices: the bucket guards no other memory.
    if (bucket.theoretical_arrival_ns.compare_exchange_weak(arrival, step.next_arrival_ns,
                                                            std::memory_order_relaxed)) {
      return {};
    }
  }
}

}  // namespace mg::http
