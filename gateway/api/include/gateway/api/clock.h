// Clock: where the money routes read the time. Production injects
// SystemClock; tests inject a fake so that spend windows, flight dates and
// invoice due dates are deterministic. No route handler reads
// std::chrono::system_clock directly.
#pragma once

#include <chrono>

namespace mg::api {

// Implementations must be thread-safe: one clock serves every request thread.
class Clock {
 public:
  virtual ~Clock() = default;

  // The current wall-clock time (UTC).
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
};

}  // namespace mg::api
