// Per-API-key rate limits: one token bucket per key, configured under
// `rate_limits:` (docs/config.md) and enforced by the RequestPipeline right
// after authentication and the scope check. A request over the limit gets
// 429 rate_limited with Retry-After: the whole seconds (rounded up) until the
// bucket holds a token again.
//
// Limits are per instance: each gateway process keeps its own buckets in
// memory, so N instances behind a load balancer admit up to N times the
// configured rate. Sharing them (e.g. through PostgreSQL) would add a database
// round trip to every request, including reads that never touch the store;
// configure `rate_per_second / instances` where a global bound matters.
//
// The bucket is the GCRA form of a token bucket: one atomic "theoretical
// arrival time" per key, updated with compare-and-swap. No mutex is taken on
// the request path, and keys never contend with one another.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http/auth.h"

namespace mg::http {

struct RateLimit {
  int64_t rate_per_second = 0;  // sustained requests per second; >= 1
  int64_t burst = 0;            // requests admitted at once from a full bucket; >= 1
};

struct RateLimitConfig {
  // Applies to every key without an override. nullopt: such keys are not limited.
  std::optional<RateLimit> default_limit;
  // Overrides by API key name (ApiKey::name).
  std::map<std::string, RateLimit> per_key;
  // Requests without a valid key, per client address (address_rate_limiter.h):
  // enough for health probes and a provider's webhook bursts, not for a
  // key-guessing or flooding client.
  RateLimit per_address{100, 200};

  // The limit of the key named `key_name`; nullopt: unlimited.
  std::optional<RateLimit> For(std::string_view key_name) const;
};

// Where the limiter reads the time; tests inject a fake.
using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

// Built once from the config and the configured keys; thread-safe.
class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    // When !allowed: seconds until a token is available, rounded up; >= 1.
    int64_t retry_after_seconds = 0;
  };

  RateLimiter(const RateLimitConfig& config, const std::vector<ApiKey>& keys,
              SteadyClock clock = std::chrono::steady_clock::now);

  // Takes one token from the bucket of `key_name`. Keys that are unlimited or
  // unknown to the limiter are always allowed.
  Decision Admit(std::string_view key_name) const;

 private:
  struct Bucket {
    Bucket(int64_t interval, int64_t tolerance) : interval_ns(interval), tolerance_ns(tolerance) {}
    const int64_t interval_ns;   // one token's worth of time: 1 s / rate
    const int64_t tolerance_ns;  // burst * interval: how far ahead the bucket may run
    mutable std::atomic<int64_t> theoretical_arrival_ns{INT64_MIN};
  };

  SteadyClock clock_;
  // Built in the constructor and never modified: lookups need no lock.
  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace mg::http
