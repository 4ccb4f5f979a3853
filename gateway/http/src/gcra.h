// The generic cell rate algorithm (GCRA), the arithmetic of a token bucket
// kept as one "theoretical arrival time": shared by the per-key and the
// per-address rate limiters, which differ only in where they keep that time.
#pragma once

#include <algorithm>
#include <cstdint>

namespace mg::http {

inline constexpr int64_t kNanosPerSecond = 1'000'000'000;

struct GcraStep {
  bool allowed = true;
  int64_t next_arrival_ns = 0;      // when allowed: the bucket's new arrival time
  int64_t retry_after_seconds = 0;  // when refused: whole seconds, rounded up, >= 1
};

// One request at `now_ns` against a bucket whose arrival time is `arrival_ns`.
// `interval_ns` is one token's worth of time (1 s / rate); `tolerance_ns`,
// burst * interval, is how far ahead of now the bucket may run.
inline GcraStep GcraTake(int64_t arrival_ns, int64_t now_ns, int64_t interval_ns,
                         int64_t tolerance_ns) {
  // An idle bucket refills to full: arrivals in the past count as now.
  const int64_t next = std::max(arrival_ns, now_ns) + interval_ns;
  if (next - now_ns > tolerance_ns) {
    const int64_t wait_ns = next - tolerance_ns - now_ns;
    return {false, arrival_ns,
            std::max<int64_t>(1, (wait_ns + kNanosPerSecond - 1) / kNanosPerSecond)};
  }
  return {true, next, 0};
}

// A rate of `rate_per_second` as a GCRA interval; rates above 1e9/s round to
// 1 ns, i.e. effectively unlimited.
inline int64_t GcraInterval(int64_t rate_per_second) {
  return std::max<int64_t>(1, kNanosPerSecond / rate_per_second);
}

}  // namespace mg::http
