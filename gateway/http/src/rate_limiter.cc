#include "gateway/http/rate_limiter.h"

#include <algorithm>

namespace mg::http {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

}  // namespace

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
    // Rates above 1e9/s round to a 1 ns interval, i.e. effectively unlimited.
    const int64_t interval = std::max<int64_t>(1, kNanosPerSecond / limit->rate_per_second);
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
    // An idle bucket refills to full: arrivals in the past count as now.
    const int64_t next = std::max(arrival, now) + bucket.interval_ns;
    if (next - now > bucket.tolerance_ns) {
      const int64_t wait_ns = next - bucket.tolerance_ns - now;
      return {false, std::max<int64_t>(1, (wait_ns + kNanosPerSecond - 1) / kNanosPerSecond)};
    }
    // Relaxed suffices: the bucket guards no other memory.
    if (bucket.theoretical_arrival_ns.compare_exchange_weak(arrival, next,
                                                            std::memory_order_relaxed)) {
      return {};
    }
  }
}

}  // namespace mg::http
