#include "read_clock.h"

#include <algorithm>

namespace mg::http {

ReadClock::ReadClock(const boost::asio::any_io_executor& executor, const HttpLimits& limits)
    : limits_(limits), deadline_(executor) {}

void ReadClock::Enter(Phase phase) {
  if (phase != Phase::kBody) start_ = std::chrono::steady_clock::now();
  phase_ = phase;
}

void ReadClock::Arm() {
  const std::chrono::milliseconds allowed =
      phase_ == Phase::kIdle     ? limits_.idle_timeout
      : phase_ == Phase::kHeader ? std::min(limits_.header_timeout, limits_.request_timeout)
                                 : limits_.request_timeout;
  deadline_.Set(start_ + allowed);
}

void ReadClock::Restart() {
  start_ = std::chrono::steady_clock::now();
  Arm();
}

}  // namespace mg::http
