// A steady clock the test moves by hand, for the rate limiters.
#pragma once

#include <chrono>

#include "gateway/http/rate_limiter.h"

namespace mg::http::testing {

class FakeSteadyClock {
 public:
  SteadyClock AsClock() {
    return [this] { return now_; };
  }
  void Advance(std::chrono::nanoseconds by) { now_ += by; }

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::seconds(1000)};
};

}  // namespace mg::http::testing
